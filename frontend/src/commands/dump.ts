// `ktrace dump FILE|-`: every BER element of a recording, tags named.
import type { CommandModule } from 'yargs';
import { FileSource } from '../record/file-source';
import { LineWriter } from '../session/line-writer';
import { inputName } from '../session/recording-problems';
import { dumpElements } from '../views/dump-view';
import { UserError } from '../user-error';

export const dumpCommand: CommandModule<object, { file: string; output?: string }> = {
  command: 'dump <file>',
  describe: 'Print the raw BER element tree of a recording, for debugging',
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'recording, or - for stdin' })
      .option('output', { alias: 'o', type: 'string', describe: 'write to FILE instead of stdout' })
      .example('$0 dump ls.ktr | head', 'the first records, field by field')
      .example('ssh host cat /tmp/ls.ktr | $0 dump -', 'a recording from stdin') as never,
  handler: async (args) => {
    const { source, header, streamOffset } = await FileSource.openInput(args.file);
    const name = inputName(args.file);
    try {
      const out = LineWriter.toFileOr(args.output, 1);
      out.write(`# ktrace recording: ABI ${header.abiVersion}, kernel ${header.kernelRelease}, events ${header.events}, vars ${header.vars}`);
      // Elements, not decoded records: this loop shows the bytes as they are, damage included.
      let pending: Uint8Array = new Uint8Array();
      let base = streamOffset;
      const chunk = Buffer.alloc(1 << 16);
      for (;;) {
        const n = await source.read(chunk);
        if (n === 0) break;
        const joined = new Uint8Array(pending.length + n);
        joined.set(pending);
        joined.set(chunk.subarray(0, n), pending.length);
        const result = dumpElements(joined, base);
        result.lines.forEach(out.write);
        if (result.damagedAt !== undefined) {
          await out.close();
          throw new UserError(`${name}: malformed element at offset ${result.damagedAt}`);
        }
        pending = joined.subarray(result.consumed);
        base += result.consumed;
        await out.drain();
      }
      await out.close();
      if (pending.length) throw new UserError(`${name}: truncated at offset ${base}: ${pending.length} bytes of an incomplete element`);
    } finally {
      source.close();
    }
  },
};
