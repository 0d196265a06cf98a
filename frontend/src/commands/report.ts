// `ktrace report FILE [view options]`: any view of a recording, offline.
import type { CommandModule } from 'yargs';
import { FileSource } from '../record/file-source';
import { LineWriter } from '../session/line-writer';
import { pump } from '../session/pump';
import { TraceView, firstExecGate } from '../session/trace-view';
import { loadSites } from '../usdt/attach';
import { progressBar } from '../views/progress';
import { UserError } from '../user-error';
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
    const { source, header, streamOffset } = FileSource.open(args.file);
    const out = LineWriter.toFileOr(args.output, 1);
    // A recorded command starts at its execve, as with `ktrace run`.
    const gate = header.command ? firstExecGate(header.targetPid) : undefined;
    const view = new TraceView({ ...viewOptions(args, BigInt(header.realtimeOffsetNs)), usdtSites: loadSites(header.usdt) }, out.write, gate);
    const showProgress = process.stderr.isTTY && source.size > 1 << 20;
    try {
      const result = await pump(source, (record) => view.onRecord(record), {
        baseOffset: streamOffset,
        onProgress: showProgress ? (bytes) => process.stderr.write(progressBar(streamOffset + bytes, source.size)) : undefined,
      });
      if (showProgress) process.stderr.write('\r\x1b[K');
      view.finish();
      out.close();
      const problems = result.damage.map((d) => `${args.file}: malformed at offset ${d.offset}: ${d.reason}; resumed at the next keyframe`);
      if (result.trailingBytes)
        problems.push(`${args.file}: truncated: the last ${result.trailingBytes} bytes do not form a whole record`);
      if (view.lost) process.stderr.write(`ktrace: ${view.lost} records were lost while recording\n`);
      if (problems.length) throw new UserError(problems.join('\nktrace: '));
    } finally {
      source.close();
    }
  },
};
