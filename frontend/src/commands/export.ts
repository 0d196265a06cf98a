// `ktrace export --format perfetto|jsonl FILE -o OUT`: a recording for other
// tools, a Perfetto timeline or JSON Lines for log pipelines.
import * as fs from 'node:fs';
import type { CommandModule } from 'yargs';
import { FileSource } from '../record/file-source';
import type { RecordHeader } from '../record/record-file';
import { LineWriter } from '../session/line-writer';
import { pump, type PumpResult } from '../session/pump';
import { firstExecGate, TraceView } from '../session/trace-view';
import { loadSites } from '../usdt/attach';
import { PerfettoExport, serializeTrace } from '../views/export';
import { UserError } from '../user-error';

interface ExportArgs {
  file: string;
  format: 'perfetto' | 'jsonl';
  output?: string;
}

function problemsOf(file: string, result: PumpResult): string[] {
  const problems = result.damage.map((d) => `${file}: malformed at offset ${d.offset}: ${d.reason}; resumed at the next keyframe`);
  if (result.trailingBytes) problems.push(`${file}: truncated: the last ${result.trailingBytes} bytes do not form a whole record`);
  return problems;
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
    const { source, header, streamOffset } = FileSource.open(args.file);
    // A recorded command starts at its execve, as in `ktrace report`.
    const gate = header.command ? firstExecGate(header.targetPid) : () => true;
    try {
      if (args.format === 'jsonl') {
        const out = LineWriter.toFileOr(args.output, 1);
        const view = new TraceView(
          { follow: true, durations: false, timestamps: 'none', relative: false, snapLength: 1024, summary: false, json: true, realtimeOffsetNs: BigInt(header.realtimeOffsetNs), usdtSites: loadSites(header.usdt) },
          out.write,
          gate,
        );
        const result = await pump(source, (record) => view.onRecord(record), { baseOffset: streamOffset });
        view.finish();
        out.close();
        report(args.file, result, view.lost);
        return;
      }
      const timeline = new PerfettoExport({ recordedVars: BigInt(header.vars), usdtSites: loadSites(header.usdt) });
      const result = await pump(source, (record) => {
        if (record.type !== 'event' || gate(record)) timeline.onRecord(record);
      }, { baseOffset: streamOffset });
      const text = serializeTrace(timeline.finish(), recordingInfo(header));
      if (args.output === undefined) process.stdout.write(text);
      else fs.writeFileSync(args.output, text);
      if (timeline.unplacedSwitches)
        process.stderr.write(`ktrace: ${timeline.unplacedSwitches} scheduler switches left out: record with --vars cpu to see them on CPU tracks\n`);
      report(args.file, result, 0);
    } finally {
      source.close();
    }
  },
};

function report(file: string, result: PumpResult, lost: number): void {
  if (lost) process.stderr.write(`ktrace: ${lost} records were lost while recording\n`);
  const problems = problemsOf(file, result);
  if (problems.length) throw new UserError(problems.join('\nktrace: '));
}
