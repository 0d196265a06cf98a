// strace's short options that take a string may carry it in the same word:
// `-etrace=openat`, `-esignal=none`, `-otrace.txt`. yargs would read the
// letters after the dash as a cluster of flags (`-e -s -i -g ...`), so such
// words are split in two before parsing, up to `--` (the command's own
// arguments are never touched). Numeric values (`-s64`, `-a21`, `-p123`)
// yargs already reads.

/** The short options whose value may be attached. */
const ATTACHABLE = new Set(['e', 'o']);

export function splitAttachedValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  let ended = false;
  for (const arg of argv) {
    if (!ended && arg === '--') ended = true;
    if (!ended && arg.length > 2 && arg[0] === '-' && arg[1] !== '-' && ATTACHABLE.has(arg[1])) out.push(arg.slice(0, 2), arg.slice(2));
    else out.push(arg);
  }
  return out;
}
