// strace's ways of writing an option that ktrace's parser (yargs) would
// misread, rewritten before parsing, up to `--` (the command's own
// arguments are never touched):
// - a short option's value in the same word: `-etrace=openat`,
//   `-esignal=none`, `-otrace.txt` (yargs would read `-e -s -i -g ...`);
//   numeric values (`-s64`, `-a21`, `-p123`) yargs already reads;
// - the long forms of -e qualifiers: `--trace=SET`, `--signal=SET` (and
//   `--signals`), `--status=SET`, `--read=SET`, `--write=SET`, with the
//   value after `=` or in the next word;
// - `-PPATH`, the path of -P in the same word.

/** The short options whose value may be attached. */
const ATTACHABLE = new Set(['e', 'o', 'P']);

/** strace's long options that are `-e QUALIFIER=...`. */
const QUALIFIERS: Record<string, string> = { trace: 'trace', signal: 'signal', signals: 'signal', status: 'status', read: 'read', write: 'write' };

export function splitAttachedValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const long = /^--([a-z]+)(?:=(.*))?$/s.exec(arg);
    const qualifier = long ? QUALIFIERS[long[1]] : undefined;
    if (long && qualifier !== undefined) {
      const value = long[2] ?? argv[++i];
      out.push('-e', value === undefined ? `${qualifier}=` : `${qualifier}=${value}`);
    } else if (arg.length > 2 && arg[0] === '-' && arg[1] !== '-' && ATTACHABLE.has(arg[1])) {
      out.push(arg.slice(0, 2), arg.slice(2));
    } else {
      out.push(arg);
    }
  }
  return out;
}
