// `ktrace dump FILE|-`: every BER element of a recording, tags named.
import type { CommandModule } from 'yargs';
import { FileSource } from '../record/file-source';
import { LineWriter } from '../session/line-writer';
import { dumpElements } from '../views/dump-view';
import { UserError } from '../user-error';

export const dumpCommand: CommandModule<object, { file: string }> = {
  command: 'dump <file>',
  describe: 'Print the raw BER element tree of a recording, for debugging',
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'recording, or - for stdin' })
      .example('$0 dump ls.ktr | head', 'the first records, field by field')
      .example('ssh host cat /tmp/ls.ktr | $0 dump -', 'a recording from stdin') as never,
  handler: async (args) => {
    const { source, header, streamOffset } = FileSource.open(args.file);
    const out = LineWriter.toFileOr(undefined, 1);
    out.write(`# ktrace recording: ABI ${header.abiVersion}, kernel ${header.kernelRelease}, events ${header.events}, vars ${header.vars}`);
    let pending: Uint8Array = new Uint8Array();
    let base = streamOffset;
    const chunk = Buffer.alloc(1 << 16);
    try {
      for (;;) {
        const n = await source.read(chunk);
        if (n === 0) break;
        const joined = new Uint8Array(pending.length + n);
        joined.set(pending);
        joined.set(chunk.subarray(0, n), pending.length);
        const result = dumpElements(joined, base);
        result.lines.forEach(out.write);
        if (result.damagedAt !== undefined) throw new UserError(`${args.file}: malformed element at offset ${result.damagedAt}`);
        pending = joined.subarray(result.consumed);
        base += result.consumed;
      }
      if (pending.length) throw new UserError(`${args.file}: truncated at offset ${base}: ${pending.length} bytes of an incomplete element`);
    } finally {
      out.close();
      source.close();
    }
  },
};
