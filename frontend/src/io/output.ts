// The one way ktrace writes to stdout, stderr and files, so no byte is ever
// lost: short writes are continued, EAGAIN waits for the descriptor to become
// writable (libuv polls it; nothing spins), EPIPE ends the command quietly.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as tty from 'node:tty';
import { UserError, describeSystemError } from '../user-error';

/**
 * Exit status when the reader of our output went away (EPIPE): 128 + SIGPIPE,
 * what a shell reports for `seq 1000000 | head -1`'s seq, killed by SIGPIPE.
 * Node ignores SIGPIPE, so ktrace exits with that status itself.
 */
export const EXIT_BROKEN_PIPE = 128 + 13;

/** The reader of an output closed it: stop quietly with EXIT_BROKEN_PIPE. */
export class BrokenPipeError extends Error {
  constructor(readonly what: string) {
    super(`${what}: broken pipe`);
  }
}

interface Backend {
  /** Queues @bytes; they are written in order, whole. */
  write(bytes: Uint8Array): void;
  /** Resolves once everything queued is in the kernel's hands; rejects with the first write error. */
  flush(): Promise<void>;
  /** Bytes queued and not yet written. */
  readonly pending: number;
  close(): Promise<void>;
}

/**
 * Pipes, sockets and terminals: a libuv stream, which writes what the
 * descriptor takes, keeps the rest and waits in epoll for POLLOUT when it
 * gets EAGAIN (the descriptor may be non-blocking, set so by anyone sharing it).
 */
class StreamBackend implements Backend {
  private error?: Error;
  private waiters: { resolve: () => void; reject: (err: Error) => void }[] = [];
  private inFlight = 0;

  constructor(
    private readonly stream: net.Socket | tty.WriteStream,
    private readonly ownsStream: boolean,
    private readonly name: string,
  ) {
    stream.on('error', (err: Error) => this.fail(err));
  }

  private fail(err: Error): void {
    this.error ??= err;
    for (const w of this.waiters.splice(0)) w.reject(this.error);
  }

  get pending(): number {
    return this.stream.writableLength;
  }

  write(bytes: Uint8Array): void {
    if (this.error) return;
    this.inFlight++;
    this.stream.write(bytes, (err) => {
      this.inFlight--;
      if (err) this.fail(err);
      else if (this.inFlight === 0) for (const w of this.waiters.splice(0)) w.resolve();
    });
  }

  flush(): Promise<void> {
    if (this.error) return Promise.reject(wrapWriteError(this.error, this.name));
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject })).catch((err: Error) => {
      throw wrapWriteError(err, this.name);
    });
  }

  async close(): Promise<void> {
    await this.flush();
    if (this.ownsStream) await new Promise<void>((resolve) => this.stream.end(resolve));
  }
}

/**
 * Regular files and other descriptors that do not poll: write() in the thread
 * pool, continuing after short writes until every byte is written.
 */
class FileBackend implements Backend {
  private queue: Uint8Array[] = [];
  private queued = 0;
  private writing?: Promise<void>;
  private error?: Error;

  constructor(
    private readonly fd: number,
    private readonly ownsFd: boolean,
    private readonly name: string,
  ) {}

  get pending(): number {
    return this.queued;
  }

  write(bytes: Uint8Array): void {
    if (this.error || bytes.length === 0) return;
    this.queue.push(bytes);
    this.queued += bytes.length;
    this.kick();
  }

  /** Starts the writer unless it runs; it restarts itself for what came while it finished. */
  private kick(): void {
    if (this.writing || this.error || !this.queue.length) return;
    this.writing = this.drain().finally(() => {
      this.writing = undefined;
      this.kick();
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length) {
      const chunk = this.queue.length === 1 ? this.queue[0] : Buffer.concat(this.queue);
      this.queue = [];
      let done = 0;
      try {
        while (done < chunk.length) {
          done += await writeSome(this.fd, chunk, done);
        }
      } catch (err) {
        this.error = err as Error;
        this.queue = [];
        this.queued = 0;
        return;
      }
      this.queued -= chunk.length;
    }
  }

  async flush(): Promise<void> {
    while (this.writing) await this.writing;
    if (this.error) throw wrapWriteError(this.error, this.name);
  }

  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      if (this.ownsFd) fs.closeSync(this.fd);
    }
  }
}

const EAGAIN_WAIT_MS = 10;

/** One write(2); EAGAIN (a non-blocking descriptor that cannot poll) waits and retries. */
function writeSome(fd: number, bytes: Uint8Array, offset: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const attempt = () =>
      fs.write(fd, bytes, offset, bytes.length - offset, null, (err, n) => {
        if (err?.code === 'EAGAIN') setTimeout(attempt, EAGAIN_WAIT_MS);
        else if (err) reject(err);
        else resolve(n);
      });
    attempt();
  });
}

function wrapWriteError(err: Error, name: string): Error {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED' || code === 'ECONNRESET') return new BrokenPipeError(name);
  return new UserError(`write error on ${name}: ${describeSystemError(err)}`, 1);
}

function backendFor(fd: number, ownsFd: boolean, name: string): Backend {
  let stat: fs.Stats | undefined;
  try {
    stat = fs.fstatSync(fd);
  } catch {
    stat = undefined;
  }
  if (fd === 1 || fd === 2) {
    // Node's own stdout/stderr streams already own these descriptors when they
    // are pipes, sockets or terminals; a second handle would race them.
    const std = fd === 1 ? process.stdout : process.stderr;
    if (stat && (stat.isFIFO() || stat.isSocket() || tty.isatty(fd))) return new StreamBackend(std as net.Socket, false, name);
    return new FileBackend(fd, false, name);
  }
  if (stat && tty.isatty(fd)) return new StreamBackend(new tty.WriteStream(fd), ownsFd, name);
  if (stat && (stat.isFIFO() || stat.isSocket()))
    return new StreamBackend(new net.Socket({ fd, readable: false, writable: true }), ownsFd, name);
  return new FileBackend(fd, ownsFd, name);
}

/** Bytes beyond which a producer should await drain() before making more. */
export const HIGH_WATER_BYTES = 1 << 18;

export class Output {
  private static std: (Output | undefined)[] = [];
  private readonly backend: Backend;

  private constructor(
    fd: number,
    ownsFd: boolean,
    readonly name: string,
  ) {
    this.backend = backendFor(fd, ownsFd, name);
  }

  /** stdout (fd 1), shared by everything that writes to it. */
  static stdout(): Output {
    return (Output.std[1] ??= new Output(1, false, 'standard output'));
  }

  /** stderr (fd 2), shared by everything that writes to it. */
  static stderr(): Output {
    return (Output.std[2] ??= new Output(2, false, 'standard error'));
  }

  /** Creates (truncates) @path for writing; a failure is one UserError line. */
  static create(path: string): Output {
    let fd: number;
    try {
      fd = fs.openSync(path, 'w');
    } catch (err) {
      throw new UserError(`cannot create ${path}: ${describeSystemError(err)}`, 1);
    }
    return new Output(fd, true, path);
  }

  write(data: string | Uint8Array): void {
    this.backend.write(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
  }

  /** Bytes accepted and not yet written. */
  get pending(): number {
    return this.backend.pending;
  }

  /** Waits until everything written so far is out; throws BrokenPipeError or a UserError. */
  flush(): Promise<void> {
    return this.backend.flush();
  }

  /** Backpressure for producers: waits only when much is queued. */
  async drain(): Promise<void> {
    if (this.backend.pending > HIGH_WATER_BYTES) await this.backend.flush();
  }

  close(): Promise<void> {
    return this.backend.close();
  }
}

/** A message for the user on stderr, written whole before going on. */
export async function writeStderr(text: string): Promise<void> {
  const stderr = Output.stderr();
  stderr.write(text);
  await stderr.flush();
}

/** Text for stdout, written whole before going on (info, lists). */
export async function writeStdout(text: string): Promise<void> {
  const stdout = Output.stdout();
  stdout.write(text);
  await stdout.flush();
}
