// `ktrace record -o FILE [--events ...] [--pid N | -- CMD]`: the reader's
// stream, byte for byte, after a header. No decoding on the way.
import type { CommandModule } from 'yargs';
import { Output, writeStderr } from '../io/output';
import { liveRecordHeader, realtimeOffsetNs } from '../record/record-file';
import { spawnHeld, type HeldChild } from '../session/held-child';
import { openDevice } from '../session/open-device';
import { UserError } from '../user-error';
import { snaplenOf } from '../session/trace-options';
import { configureReader } from '../session/live';
import { plannedSites, saveSites } from '../usdt/attach';
import { selectionMasks, waitSummary, withLoss, withSelection, withSnaplen, type LossArgs, type SelectionArgs } from './options';

interface RecordArgs extends SelectionArgs, LossArgs {
  output: string;
  pid: number;
  follow: boolean;
  s: number;
  command?: string[];
  '--'?: string[];
}

export const recordCommand: CommandModule<object, RecordArgs> = {
  command: 'record [command..]',
  describe: 'Record the raw stream to a file (for ktrace report and dump)',
  builder: (y) =>
    withLoss(withSnaplen(withSelection(y)), false)
      .option('output', { alias: 'o', type: 'string', demandOption: true, describe: 'recording file (- for stdout, e.g. into `ktrace report -`)' })
      .option('pid', { alias: 'p', type: 'number', default: 0, describe: 'record this process (0: all you may see)' })
      .option('follow', { alias: 'f', type: 'boolean', default: false, describe: 'include children forked later' })
      .example('$0 record -o ls.ktr -- ls /', 'record a command')
      .example('$0 record -o all.ktr --events all --vars all', 'everything, until Ctrl-C')
      .example('$0 record --no-loss -o make.ktr -f -- make', 'every record of make and its children: they wait for ktrace rather than lose any') as never,
  handler: async (args) => {
    const command = [...(args.command ?? []), ...(args['--'] ?? [])].map(String);
    const snapLength = snaplenOf(args.s);
    if (command.length && args.pid) throw new UserError('record: give --pid or a command, not both', 2);
    if (!args.loss && !command.length && !args.pid) throw new UserError('record: --no-loss needs --pid or a command (it slows only its targets)', 2);
    const { events, vars, probes } = selectionMasks(args);
    const device = openDevice(args.device, { checkAbi: true });
    let out: Output | undefined;
    let held: HeldChild | undefined;
    try {
      out = args.output === '-' ? Output.stdout() : Output.create(args.output);
      if (command.length) held = spawnHeld(command[0], command.slice(1), { stdio: 'inherit' });
      const pid = held?.pid ?? args.pid;
      const info = device.info();
      out.write(
        liveRecordHeader(info, {
          events,
          vars,
          targetPid: pid,
          followChildren: args.follow,
          command: command.length ? command : undefined,
          realtimeOffsetNs: realtimeOffsetNs(),
          usdt: probes.length ? saveSites(plannedSites(probes)) : undefined,
        }),
      );
      try {
        configureReader(device, { events, vars, pid: pid ?? 0, follow: args.follow, noLoss: !args.loss, snapLength, probes });
      } catch (err) {
        held?.child.kill('SIGKILL');
        throw err;
      }
      held?.release();
      const stop = () => device.stop();
      process.on('SIGINT', stop);
      void held?.exited.then(stop);
      try {
        for (;;) {
          // A fresh buffer each time: the output may still hold the last one.
          const buf = Buffer.allocUnsafe(1 << 20);
          const n = await device.read(buf);
          if (n === 0) break;
          out.write(buf.subarray(0, n));
          await out.drain();
        }
        await out.flush();
      } finally {
        process.removeListener('SIGINT', stop);
      }
      const stats = device.stats();
      await writeStderr(
        `ktrace: recorded ${stats.recordsRead} records (${stats.bytesRead} bytes) to ${args.output === '-' ? 'standard output' : args.output}` +
          (stats.recordsLost ? `; ${stats.recordsLost} lost` : '') +
          (waitSummary(stats) ? `; ${waitSummary(stats)}` : '') +
          '\n',
      );
      if (held) process.exitCode = await held.exited;
    } finally {
      // A failed recording still closes its file; the first error is the one reported.
      if (args.output !== '-') await out?.close().catch(() => undefined);
      device.close();
    }
  },
};
