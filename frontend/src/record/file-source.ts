// A recording (or stdin) as a ByteSource for the decoder, positioned after
// the header. Regular files are read at their offsets; stdin that is a pipe,
// a socket or a terminal is read through a libuv stream, so a non-blocking
// descriptor (EAGAIN) waits for data instead of failing.
import * as fs from 'node:fs';
import type { Readable } from 'node:stream';
import type { ByteSource } from '../decode';
import { UserError, describeSystemError } from '../user-error';
import { parseRecordHeader, type RecordHeader } from './record-file';

/** Reads a stream's chunks on demand, holding at most about HOLD_BYTES ahead. */
class StreamReader {
  private chunks: Buffer[] = [];
  private held = 0;
  private ended = false;
  private error?: Error;
  private wake?: () => void;
  private static readonly HOLD_BYTES = 1 << 20;

  constructor(private readonly stream: Readable) {
    stream.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.held += chunk.length;
      if (this.held > StreamReader.HOLD_BYTES) stream.pause();
      this.poke();
    });
    stream.on('end', () => {
      this.ended = true;
      this.poke();
    });
    stream.on('error', (err: Error) => {
      this.error = err;
      this.poke();
    });
  }

  private poke(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  async read(into: Uint8Array): Promise<number> {
    while (!this.chunks.length && !this.ended && !this.error) await new Promise<void>((resolve) => (this.wake = resolve));
    if (this.error && !this.chunks.length) throw this.error;
    if (!this.chunks.length) return 0;
    let n = 0;
    while (this.chunks.length && n < into.length) {
      const chunk = this.chunks[0];
      const take = Math.min(chunk.length, into.length - n);
      into.set(chunk.subarray(0, take), n);
      n += take;
      if (take === chunk.length) this.chunks.shift();
      else this.chunks[0] = chunk.subarray(take);
    }
    this.held -= n;
    if (this.stream.isPaused() && this.held < StreamReader.HOLD_BYTES / 2) this.stream.resume();
    return n;
  }

  close(): void {
    this.stream.pause();
    this.stream.removeAllListeners('data');
  }
}

type RawRead = (into: Uint8Array) => Promise<number>;

function readAt(fd: number, path: string, from = 0): { read: RawRead; position: () => number } {
  let position = from;
  return {
    position: () => position,
    read: (into) =>
      new Promise((resolve, reject) =>
        fs.read(fd, into, 0, into.length, position, (err, n) => {
          if (err) reject(new UserError(`cannot read ${path}: ${describeSystemError(err)}`));
          else {
            position += n;
            resolve(n);
          }
        }),
      ),
  };
}

export class FileSource implements ByteSource {
  private pending: Buffer = Buffer.alloc(0);

  private constructor(
    private readonly readRaw: RawRead,
    private readonly closeRaw: () => void,
    /** Bytes in the file (0 for stdin that is not a file): for progress. */
    readonly size: number,
  ) {}

  /** Opens a recording file (not stdin) and reads its header now; failures are one UserError line. */
  static open(path: string): { source: FileSource; header: RecordHeader; streamOffset: number } {
    if (path === '-') throw new UserError('a recording from standard input cannot be replayed; give a file');
    let fd: number;
    try {
      fd = fs.openSync(path, 'r');
    } catch (err) {
      throw new UserError(`cannot open ${path}: ${describeSystemError(err)}`);
    }
    try {
      const stat = fs.fstatSync(fd);
      if (stat.isDirectory()) throw new UserError(`cannot read ${path}: ${describeSystemError({ code: 'EISDIR' })}`);
      let head = Buffer.alloc(0);
      for (;;) {
        const chunk = Buffer.alloc(4096);
        const n = fs.readSync(fd, chunk, 0, chunk.length, head.length);
        head = Buffer.concat([head, chunk.subarray(0, n)]);
        const parsed = parseRecordHeader(head, path);
        if (parsed.kind === 'header') {
          const at = readAt(fd, path, parsed.streamOffset);
          const source = new FileSource(at.read, () => fs.closeSync(fd), stat.size);
          return { source, header: parsed.header, streamOffset: parsed.streamOffset };
        }
        if (n === 0) throw new UserError(head.length ? `${path}: truncated header (${head.length} bytes)` : `${path}: empty, not a ktrace recording`);
      }
    } catch (err) {
      fs.closeSync(fd);
      if (err instanceof UserError) throw err;
      throw new UserError(`cannot read ${path}: ${describeSystemError(err)}`);
    }
  }

  /** Opens a recording and reads its header; @path '-' is stdin. Failures are one UserError line. */
  static async openInput(path: string): Promise<{ source: FileSource; header: RecordHeader; streamOffset: number }> {
    const name = path === '-' ? 'standard input' : path;
    let fd: number;
    try {
      fd = path === '-' ? 0 : fs.openSync(path, 'r');
    } catch (err) {
      throw new UserError(`cannot open ${path}: ${describeSystemError(err)}`);
    }
    let source: FileSource;
    try {
      const stat = fs.fstatSync(fd);
      if (stat.isDirectory()) throw new UserError(`cannot read ${name}: ${describeSystemError({ code: 'EISDIR' })}`);
      if (stat.isFile()) {
        const at = readAt(fd, name);
        source = new FileSource(at.read, () => (fd !== 0 ? fs.closeSync(fd) : undefined), stat.size);
      } else {
        const reader = new StreamReader(fd === 0 ? process.stdin : fs.createReadStream('', { fd, autoClose: true }));
        source = new FileSource(
          async (into) => {
            try {
              return await reader.read(into);
            } catch (err) {
              throw new UserError(`cannot read ${name}: ${describeSystemError(err)}`);
            }
          },
          () => reader.close(),
          0,
        );
      }
    } catch (err) {
      if (fd !== 0) fs.closeSync(fd);
      throw err;
    }
    try {
      let head = Buffer.alloc(0);
      for (;;) {
        const chunk = Buffer.alloc(4096);
        const n = await source.readRaw(chunk);
        head = Buffer.concat([head, chunk.subarray(0, n)]);
        const parsed = parseRecordHeader(head, name);
        if (parsed.kind === 'header') {
          source.pending = head.subarray(parsed.streamOffset);
          return { source, header: parsed.header, streamOffset: parsed.streamOffset };
        }
        if (n === 0) throw new UserError(head.length ? `${name}: truncated header (${head.length} bytes)` : `${name}: empty, not a ktrace recording`);
      }
    } catch (err) {
      source.close();
      throw err;
    }
  }

  async read(into: Buffer): Promise<number> {
    if (this.pending.length) {
      const n = this.pending.copy(into);
      this.pending = this.pending.subarray(n);
      return n;
    }
    return this.readRaw(into);
  }

  close(): void {
    this.closeRaw();
  }
}
