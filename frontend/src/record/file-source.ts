// A recording (or stdin) as a ByteSource for the decoder, positioned after
// the header.
import * as fs from 'node:fs';
import type { ByteSource } from '../device/trace-device';
import { UserError } from '../user-error';
import { parseRecordHeader, type RecordHeader } from './record-file';

export class FileSource implements ByteSource {
  private constructor(
    private readonly fd: number,
    private position: number,
    readonly size: number,
  ) {}

  /** Opens a recording and reads its header; @path '-' is stdin. */
  static open(path: string): { source: FileSource; header: RecordHeader; streamOffset: number } {
    let fd: number;
    try {
      fd = path === '-' ? 0 : fs.openSync(path, 'r');
    } catch (err) {
      throw new UserError(`cannot open ${path}: ${(err as Error).message}`);
    }
    const size = path === '-' ? 0 : fs.fstatSync(fd).size;
    let head = Buffer.alloc(0);
    for (;;) {
      const chunk = Buffer.alloc(4096);
      const n = fs.readSync(fd, chunk, 0, chunk.length, path === '-' ? null : head.length);
      head = Buffer.concat([head, chunk.subarray(0, n)]);
      const parsed = parseRecordHeader(head, path);
      if (parsed.kind === 'header') {
        const source = new FileSource(fd, parsed.streamOffset, size);
        source.pending = head.subarray(parsed.streamOffset);
        return { source, header: parsed.header, streamOffset: parsed.streamOffset };
      }
      if (n === 0) throw new UserError(`${path}: truncated header (${head.length} bytes)`);
    }
  }

  private pending: Buffer = Buffer.alloc(0);

  async read(into: Buffer): Promise<number> {
    if (this.pending.length) {
      const n = this.pending.copy(into);
      this.pending = this.pending.subarray(n);
      if (this.fd !== 0) this.position += n;
      return n;
    }
    const pos = this.fd === 0 ? null : this.position;
    const n = await new Promise<number>((resolve, reject) =>
      fs.read(this.fd, into, 0, into.length, pos, (err, bytes) => (err ? reject(err) : resolve(bytes))),
    );
    if (this.fd !== 0) this.position += n;
    return n;
  }

  close(): void {
    if (this.fd !== 0) fs.closeSync(this.fd);
  }
}
