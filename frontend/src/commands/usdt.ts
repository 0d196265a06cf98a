// `ktrace usdt -l BINARY | -l -p PID`: list USDT probes (no kernel module needed).
import * as fs from 'node:fs';
import type { CommandModule } from 'yargs';
import { UserError } from '../user-error';
import { ElfError } from '../usdt/elf';
import { readProbes } from '../usdt/notes';
import { formatProbeList, mappedFiles } from '../usdt/list-view';

interface UsdtArgs {
  list: boolean;
  pid?: number;
  binary?: string;
}

function processFiles(pid: number): string[] {
  try {
    return mappedFiles(fs.readFileSync(`/proc/${pid}/maps`, 'utf8'));
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ENOENT') throw new UserError(`no process with pid ${pid}`);
    if (code === 'EACCES' || code === 'EPERM') throw new UserError(`cannot read /proc/${pid}/maps: permission denied`);
    throw err;
  }
}

export const usdtCommand: CommandModule<object, UsdtArgs> = {
  command: 'usdt [binary]',
  describe: 'List the USDT probes (.note.stapsdt) of a binary or of every file a process maps',
  builder: (y) =>
    y
      .positional('binary', { type: 'string', describe: 'ELF executable or shared library' })
      .option('list', { alias: 'l', type: 'boolean', default: false, describe: 'List probes: provider:name, file offset, semaphore, arguments' })
      .option('pid', { alias: 'p', type: 'number', describe: 'List the probes of every file mapped by this process' })
      .example('$0 usdt -l /usr/bin/python3.11', "python's probes")
      .example('$0 usdt -l -p 1234', 'probes of process 1234 and its libraries') as never,
  handler: (args) => {
    if (!args.list) throw new UserError('usdt: nothing to do: give -l (list probes)', 2);
    if ((args.pid === undefined) === (args.binary === undefined)) throw new UserError('usdt -l: give either a BINARY or -p PID', 2);
    let out = '';
    if (args.binary !== undefined) {
      out = formatProbeList(args.binary, readProbes(args.binary));
    } else {
      const pid = args.pid as number;
      if (!Number.isInteger(pid) || pid <= 0) throw new UserError(`invalid pid ${String(pid)}`, 2);
      for (const file of processFiles(pid)) {
        try {
          out += formatProbeList(file, readProbes(file));
        } catch (err) {
          // Mapped files that are not ELF (locale archives, caches) have no probes.
          if (err instanceof ElfError && /not an ELF file|cannot read/.test(err.message)) continue;
          throw err;
        }
      }
    }
    process.stdout.write(out);
  },
};
