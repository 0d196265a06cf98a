// `ktrace export --format perfetto|jsonl FILE|- -o OUT`: a recording for
// other tools, a Perfetto timeline or JSON Lines for log pipelines.
import type { CommandModule } from 'yargs';
import { readRecords } from '../decode';
import { Output } from '../io/output';
import { FileSource } from '../record/file-source';
import type { RecordHeader } from '../record/record-file';
import { LineWriter } from '../session/line-writer';
import { inputName, reportProblems } from '../session/recording-problems';
import { firstExecGate, TraceView } from '../session/trace-view';
import { loadSites } from '../usdt/attach';
import { PerfettoExport, serializeTrace } from '../views/export';

interface ExportArgs {
  file: string;
  format: 'perfetto' | 'jsonl';
  output?: string;
}

function recordingInfo(header: RecordHeader): Record<string, string> {
  return {
    producer: `ktrace ${header.ktraceVersion}`,
    kernel: header.kernelRelease,
    started_at: header.startedAt,
    ...(header.command ? { command: header.command.join(' ') } : {}),
    ...(header.host ? { host: header.host } : {}),
  };
}

export const exportCommand: CommandModule<object, ExportArgs> = {
  command: 'export <file>',
  describe: 'Convert a recording to a Perfetto timeline (Chrome JSON trace) or JSON Lines',
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'recording (from ktrace record), or - for stdin' })
      .option('format', { alias: 'F', choices: ['perfetto', 'jsonl'] as const, default: 'perfetto' as const, describe: 'output format' })
      .option('output', { alias: 'o', type: 'string', describe: 'write to FILE instead of stdout' })
      .example('$0 export --format perfetto ls.ktr -o ls.json', 'open ls.json in https://ui.perfetto.dev')
      .example('$0 export --format jsonl ls.ktr | jq -c "select(.syscall == \\"openat\\")"', 'the --json objects of every event, one per line') as never,
  handler: async (args) => {
    const { source, header, streamOffset } = await FileSource.openInput(args.file);
    const name = inputName(args.file);
    // A recorded command starts at its execve, as in `ktrace report`.
    const gate = header.command ? firstExecGate(header.targetPid) : () => true;
    try {
      if (args.format === 'jsonl') {
        const out = LineWriter.toFileOr(args.output, 1);
        const view = new TraceView(
          { durations: false, timestamps: 'none', relative: false, snapLength: 1024, summary: false, json: true, realtimeOffsetNs: BigInt(header.realtimeOffsetNs), usdtSites: loadSites(header.usdt) },
          out.write,
          gate,
        );
        const records = readRecords(source, { baseOffset: streamOffset, afterChunk: () => out.drain() });
        for await (const record of records) view.onRecord(record);
        view.finish();
        await out.close();
        await reportProblems(name, records.report, view.lost);
        return;
      }
      const out = args.output === undefined ? Output.stdout() : Output.create(args.output);
      const timeline = new PerfettoExport({ recordedVars: BigInt(header.vars), usdtSites: loadSites(header.usdt) });
      const records = readRecords(source, { baseOffset: streamOffset });
      for await (const record of records) if (record.type !== 'event' || gate(record)) timeline.onRecord(record);
      out.write(serializeTrace(timeline.finish(), recordingInfo(header)));
      if (args.output === undefined) await out.flush();
      else await out.close();
      if (timeline.unplacedSwitches)
        Output.stderr().write(`ktrace: ${timeline.unplacedSwitches} scheduler switches left out: record with --vars cpu to see them on CPU tracks\n`);
      await reportProblems(name, records.report, 0);
    } finally {
      source.close();
    }
  },
};
