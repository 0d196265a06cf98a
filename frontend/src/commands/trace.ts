// `ktrace [--events LIST] [--vars LIST] [--pid N] [-f]`: a live trace.
import type { CommandModule } from 'yargs';
import { realtimeOffsetNs } from '../record/record-file';
import { writeStderr, writeStdout } from '../io/output';
import { traceLive } from '../session/live';
import { openDevice } from '../session/open-device';
import { TraceView } from '../session/trace-view';
import { snaplenOf } from '../session/trace-options';
import { UserError } from '../user-error';
import { formatEventList, formatVarList, wantsList } from './list';
import { LOST_HINT, selectionMasks, viewOptions, viewOutput, withSelection, withView, type SelectionArgs, type ViewArgs } from './options';

interface TraceArgs extends SelectionArgs, ViewArgs {
  pid: number;
}

export const traceCommand: CommandModule<object, TraceArgs> = {
  command: '$0',
  describe: 'Trace live: a process (--pid) or the whole system, until Ctrl-C',
  builder: (y) =>
    withView(withSelection(y))
      .option('pid', { alias: 'p', type: 'number', default: 0, describe: 'trace this process (0: all you may see)' })
      .example('$0 --pid 1234', 'syscalls of process 1234, strace style')
      .example('$0 --events syscall --vars regs --pid 1234 -f', 'and of the children it forks')
      .example('$0 --events syscall,signal -tt', 'every process you may see, each line with [pid N] and the time')
      .example('$0 --pid 1234 -ff -o trace', 'one file per thread: trace.1234, trace.1235, ...')
      .example('$0 --events list', 'events this kernel offers')
      .example('$0 -c --pid 1234', 'a syscall summary table at Ctrl-C') as never,
  handler: async (args) => {
    if (!Number.isInteger(args.pid) || args.pid < 0) throw new UserError(`--pid ${args.pid}: not a process id`, 2);
    const device = openDevice(args.device, { checkAbi: true });
    try {
      if (wantsList(args.events) || wantsList(args.vars)) {
        await writeStdout(wantsList(args.events) ? formatEventList(device) : formatVarList(device));
        return;
      }
      const snapLength = snaplenOf(args.s);
      const masks = selectionMasks(args);
      const out = viewOutput(args, 2);
      // System-wide, every line says which process it is about.
      const view = new TraceView(viewOptions(args, realtimeOffsetNs(), { systemWide: args.pid === 0 }, out), out.write);
      const { lost } = await traceLive(device, view, { ...masks, pid: args.pid, follow: args.follow > 0, snapLength }, () => out.flush());
      await out.close();
      if (lost) await writeStderr(`ktrace: ${lost} records lost (${LOST_HINT})\n`);
    } finally {
      device.close();
    }
  },
};
