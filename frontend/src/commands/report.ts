// `ktrace report FILE|- [view options]`: any view of a recording, offline.
import type { CommandModule } from 'yargs';
import { readRecords } from '../decode';
import { Output } from '../io/output';
import { FileSource } from '../record/file-source';
import { LineWriter } from '../session/line-writer';
import { inputName, reportProblems } from '../session/recording-problems';
import { TraceView, firstExecGate } from '../session/trace-view';
import { progressBar } from '../views/progress';
import { viewOptions, withView, type ViewArgs } from './options';

interface ReportArgs extends ViewArgs {
  file: string;
}

export const reportCommand: CommandModule<object, ReportArgs> = {
  command: 'report <file>',
  describe: 'Show a recording with the same views as a live trace',
  builder: (y) =>
    withView(y)
      .positional('file', { type: 'string', demandOption: true, describe: 'recording (from ktrace record), or - for stdin' })
      .example('$0 report ls.ktr', 'strace-style lines')
      .example('$0 report -c ls.ktr', 'syscall summary')
      .example('$0 report --json ls.ktr | jq .syscall', 'JSON, one object per event') as never,
  handler: async (args) => {
    const options = viewOptions(args);
    const { source, header, streamOffset } = await FileSource.openInput(args.file);
    try {
      const out = LineWriter.toFileOr(args.output, 1);
      // A recorded command starts at its execve, as with `ktrace run`.
      const gate = header.command ? firstExecGate(header.targetPid) : undefined;
      const view = new TraceView({ ...options, realtimeOffsetNs: BigInt(header.realtimeOffsetNs) }, out.write, gate);
      const stderr = Output.stderr();
      const showProgress = process.stderr.isTTY && source.size > 1 << 20;
      const records = readRecords(source, {
        baseOffset: streamOffset,
        afterChunk: async () => {
          if (showProgress) stderr.write(progressBar(streamOffset + records.report.bytes, source.size));
          await out.drain();
        },
      });
      for await (const record of records) view.onRecord(record);
      if (showProgress) stderr.write('\r\x1b[K');
      view.finish();
      await out.close();
      await reportProblems(inputName(args.file), records.report, view.lost);
    } finally {
      source.close();
    }
  },
};
