// `ktrace run [opts] -- CMD ARGS`: start CMD and trace it from its first execve.
import type { CommandModule } from 'yargs';
import { realtimeOffsetNs } from '../record/record-file';
import { spawnHeld } from '../session/held-child';
import { writeStderr } from '../io/output';
import { traceLive } from '../session/live';
import { openDevice } from '../session/open-device';
import { TraceView, firstExecGate } from '../session/trace-view';
import { readProcFds } from '../session/proc-fds';
import { UserError } from '../user-error';
import type { ProbeSite } from '../usdt/attach';
import { captureSnaplen, LOST_HINT, STRACE_EVENTS, selectionMasks, viewOptions, viewOutput, withLoss, withSelection, withView, type LossArgs, type SelectionArgs, type ViewArgs } from './options';

interface RunArgs extends SelectionArgs, ViewArgs, LossArgs {
  command?: string[];
  '--'?: string[];
}

export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run [command..]',
  describe: 'Run a command and trace it (and with -f its children); exits with its status',
  builder: (y) =>
    withLoss(withView(withSelection(y, STRACE_EVENTS)), true)
      .positional('command', { type: 'string', array: true, describe: 'command and its arguments, after --' })
      .example('$0 run -- ls /', 'strace-style trace of ls')
      .example('$0 run -f -e trace=%file -- sh -c "cat /etc/hostname"', 'file syscalls of a shell and its children')
      .example('$0 run -o trace.txt -- top -b -n 1', 'top keeps the terminal; the trace goes to a file')
      .example('$0 run -f -o trace.txt -- make', 'every line of trace.txt starts with the pid, as strace -f -o')
      .example('$0 run -ff -o trace -- make', 'one file per thread: trace.<tid>')
      .example('$0 run -c -- make', 'a syscall summary table')
      .example('$0 run -s 200 -- cat /etc/os-release', 'show up to 200 bytes of each buffer')
      .example('$0 run --loss -- make', 'never slow make down; records may be lost if ktrace falls behind') as never,
  handler: async (args) => {
    // Everything after `--` is the command, verbatim (options included).
    const [cmd, ...rest] = [...(args.command ?? []), ...(args['--'] ?? [])].map(String);
    if (!cmd) throw new UserError('run: no command given (ktrace run -- CMD ARGS)', 2);
    const snapLength = captureSnaplen(args);
    // Everything that can be wrong is checked before the command starts;
    // probe files are read then too: a bad spec never leaves it held.
    viewOptions(args, undefined, { systemWide: false });
    const selection = selectionMasks(args);
    const device = openDevice(args.device, { checkAbi: true });
    let status = 0;
    try {
      const out = viewOutput(args, 2);
      const held = spawnHeld(cmd, rest, { stdio: 'inherit' });
      const sites = new Map<number, ProbeSite>();
      const view = new TraceView({ ...viewOptions(args, realtimeOffsetNs(), { systemWide: false }, out), usdtSites: sites }, out.write, firstExecGate(held.pid));
      // -y / -P: what the command starts with (the held shell's, less its close-on-exec ones and the gate it closes).
      if (view.followsFds) {
        const open = readProcFds(held.pid);
        view.seedFds(held.pid, open.fds, open.cwd);
      }
      const result = await traceLive(device, view, { ...selection, sites, pid: held.pid, follow: args.follow > 0, noLoss: !args.loss, snapLength, held }, () => out.flush());
      await out.close();
      if (result.lost) await writeStderr(`ktrace: ${result.lost} records lost (${LOST_HINT})\n`);
      for (const line of result.damage) await writeStderr(`ktrace: ${line}\n`);
      status = result.childStatus ?? (await held.exited);
    } finally {
      device.close();
    }
    process.exitCode = status;
  },
};
