// `ktrace report FILE [view options]`: any view of a recording, offline.
import type { CommandModule } from 'yargs';
import { FileSource } from '../record/file-source';
import { pump } from '../session/pump';
import { TraceView, firstExecGate } from '../session/trace-view';
import { progressBar } from '../views/progress';
import { UserError } from '../user-error';
import { viewOptions, viewOutput, withView, type ViewArgs } from './options';

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
    const out = viewOutput(args, 1);
    // A recorded command starts at its execve, as with `ktrace run`.
    const gate = header.command ? firstExecGate(header.targetPid) : undefined;
    // A system-wide recording (no target) shows every line's pid, as a system-wide live trace.
    const view = new TraceView(viewOptions(args, BigInt(header.realtimeOffsetNs), { systemWide: !header.targetPid }, out), out.write, gate);
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
