// Usage errors in one line, as strace and getopt users expect them: the first
// unknown option by its name (yargs would rather say the file it took as that
// option's value is missing), other yargs messages in ktrace's form.
import type { Argv } from 'yargs';
import { EXIT, UserError } from './user-error';

interface KnownOptions {
  names: Set<string>;
}

function knownOptions(y: Argv): KnownOptions {
  const opts = (y as unknown as { getOptions(): { key: Record<string, unknown>; alias: Record<string, string[]> } }).getOptions();
  const names = new Set<string>(['help', 'h', 'version', 'V', '$0', '_']);
  for (const key of Object.keys(opts.key)) names.add(key);
  for (const [key, aliases] of Object.entries(opts.alias)) {
    names.add(key);
    for (const a of aliases) names.add(a);
  }
  return { names };
}

const camel = (s: string) => s.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** The first option in @argv (before `--`) that the command does not know, as typed. */
export function firstUnknownOption(argv: readonly string[], known: KnownOptions): string | undefined {
  const isKnown = (name: string) => known.names.has(name) || known.names.has(camel(name));
  for (const arg of argv) {
    if (arg === '--') return undefined;
    if (arg.startsWith('--')) {
      const name = arg.slice(2).split('=')[0];
      if (!isKnown(name) && !(name.startsWith('no-') && isKnown(name.slice(3)))) return `--${name}`;
    } else if (arg.startsWith('-') && arg.length > 1 && !/^-\d/.test(arg)) {
      // -abc is -a -b -c, until a flag that takes a value (the rest is that value).
      for (const ch of arg.slice(1)) {
        if (!isKnown(ch)) return `-${ch}`;
        if (!['T', 'r', 'c', 'f', 't', 'h', 'V'].includes(ch)) break;
      }
    }
  }
  return undefined;
}

function rephrase(msg: string): string {
  let m: RegExpMatchArray | null;
  if ((m = msg.match(/^Unknown arguments?: (.*)$/))) return `unexpected argument: ${m[1].split(', ')[0]}`;
  if (/^Not enough non-option arguments/.test(msg)) return 'missing argument: a recording file (or - for standard input)';
  if ((m = msg.match(/^Missing required arguments?: (.*)$/))) return `missing option: ${m[1].split(', ').map((o) => (o.length === 1 ? `-${o}` : `--${o}`)).join(', ')}`;
  if ((m = msg.match(/^Invalid values?:\s+Argument: (\S+), Given: (.*), Choices: (.*)$/s)))
    return `--${m[1]}: invalid value ${m[2]} (choose from ${m[3].replace(/\s+/g, ' ')})`;
  if ((m = msg.match(/^Not enough arguments following: (.*)$/))) return `${m[1].length === 1 ? '-' : '--'}${m[1]}: missing value`;
  return msg.replace(/\s+/g, ' ').replace(/^[A-Z]/, (c) => c.toLowerCase());
}

/** The UserError for a yargs failure @msg on @argv. */
export function usageError(msg: string, argv: readonly string[], y: Argv): UserError {
  let unknown: string | undefined;
  try {
    unknown = firstUnknownOption(argv, knownOptions(y));
  } catch {
    unknown = undefined;
  }
  const line = unknown ? `${unknown}: unknown option` : rephrase(msg);
  const command = ['run', 'record', 'report', 'dump', 'export', 'info', 'mem', 'dashboard'].find((c) => argv[0] === c);
  return new UserError(`${line} (see ktrace ${command ? `${command} ` : ''}--help)`, EXIT.usage);
}
