// `ktrace [--events LIST] [--vars LIST] [--pid N] [-f]`: a live trace.
import type { CommandModule } from 'yargs';
import { realtimeOffsetNs } from '../record/record-file';
import { writeStderr, writeStdout } from '../io/output';
import { traceLive } from '../session/live';
import { openDevice } from '../session/open-device';
import { TraceView } from '../session/trace-view';
import { UserError } from '../user-error';
import type { ProbeSite } from '../usdt/attach';
import { formatEventList, formatVarList, wantsList } from './list';
import { readProcFds } from '../session/proc-fds';
import { captureSnaplen, LOST_HINT, STRACE_EVENTS, selectionMasks, viewOptions, viewOutput, withSelection, withView, type SelectionArgs, type ViewArgs } from './options';

interface TraceArgs extends SelectionArgs, ViewArgs {
  pid: number;
  probes?: string[];
}

/** Whether --events was given (with probes alone, only the probes are traced). */
function eventsGiven(): boolean {
  return process.argv.some((a) => a === '--events' || a.startsWith('--events='));
}

export const traceCommand: CommandModule<object, TraceArgs> = {
  command: ['$0 [probes..]', 'trace [probes..]'],
  describe: 'Trace live: a process (--pid) or the whole system, until Ctrl-C',
  builder: (y) =>
    withView(withSelection(y, STRACE_EVENTS))
      .positional('probes', { type: 'string', array: true, describe: 'USDT probes: u:PATH:[provider:]name ["fmt", arg1, ...]' })
      .option('pid', { alias: 'p', type: 'number', default: 0, describe: 'trace this process (0: all you may see)' })
      .example(`$0 -p 1234 'u:/usr/bin/python3.11:python:function__entry "%s:%s", arg1, arg2'`, 'python function calls of process 1234')
      .example('$0 --pid 1234', 'syscalls of process 1234, strace style')
      .example('$0 --events syscall --vars regs --pid 1234 -f', 'and of the children it forks')
      .example('$0 --events syscall,signal -tt', 'every process you may see, each line with [pid N] and the time')
      .example('$0 --pid 1234 -ff -o trace', 'one file per thread: trace.1234, trace.1235, ...')
      .example('$0 --events list', 'events this kernel offers')
      .example('$0 -c --pid 1234', 'a syscall summary table at Ctrl-C') as never,
  handler: async (args) => {
    if (!Number.isInteger(args.pid) || args.pid < 0) throw new UserError(`--pid ${args.pid}: not a process id`, 2);
    const probes = (args.probes ?? []).map(String);
    // Probe specs and files are checked before the device is needed.
    const listing = wantsList(args.events) || wantsList(args.vars);
    const selection = listing ? undefined : selectionMasks(probes.length && !eventsGiven() ? { ...args, events: [] } : args, probes);
    const device = openDevice(args.device, { checkAbi: true });
    try {
      if (!selection) {
        await writeStdout(wantsList(args.events) ? formatEventList(device) : formatVarList(device));
        return;
      }
      const snapLength = captureSnaplen(args);
      const sites = new Map<number, ProbeSite>();
      const out = viewOutput(args, 2);
      // System-wide, every line says which process it is about.
      const view = new TraceView({ ...viewOptions(args, realtimeOffsetNs(), { systemWide: args.pid === 0 }, out), usdtSites: sites }, out.write);
      if (view.followsFds && args.pid !== 0) {
        const open = readProcFds(args.pid);
        view.seedFds(args.pid, open.fds, open.cwd);
      }
      const { lost, damage } = await traceLive(device, view, { ...selection, sites, pid: args.pid, follow: args.follow > 0, snapLength }, () => out.flush());
      await out.close();
      if (lost) await writeStderr(`ktrace: ${lost} records lost (${LOST_HINT})\n`);
      for (const line of damage) await writeStderr(`ktrace: ${line}\n`);
      if (damage.length) process.exitCode = 1;
    } finally {
      device.close();
    }
  },
};
