// Buffered line output: the views produce many short lines, and one write
// per line would dominate the cost of tracing. Lines go out through an
// Output, which never loses a byte; producers await drain() between chunks
// of input so a slow reader slows ktrace down instead of losing lines.
import { Output } from '../io/output';

/** Lines are joined into writes of about this size. */
const BATCH_BYTES = 1 << 16;

export class LineWriter {
  private lines: string[] = [];
  private bytes = 0;

  constructor(
    readonly output: Output,
    private readonly ownsOutput: boolean,
  ) {}

  /** -o FILE when given (created now; failure is one error line), else @fallbackFd (1 or 2). */
  static toFileOr(path: string | undefined, fallbackFd: 1 | 2): LineWriter {
    if (path) return new LineWriter(Output.create(path), true);
    return new LineWriter(fallbackFd === 1 ? Output.stdout() : Output.stderr(), false);
  }

  readonly write = (line: string): void => {
    this.lines.push(line);
    this.bytes += line.length + 1;
    if (this.bytes > BATCH_BYTES) this.hand();
  };

  /** Passes the buffered lines to the output without waiting. */
  private hand(): void {
    if (this.lines.length === 0) return;
    this.output.write(this.lines.join('\n') + '\n');
    this.lines = [];
    this.bytes = 0;
  }

  /** Waits only if the output is far behind: call between chunks of input. */
  async drain(): Promise<void> {
    this.hand();
    await this.output.drain();
  }

  /** Everything written so far, out. Throws BrokenPipeError when the reader is gone. */
  async flush(): Promise<void> {
    this.hand();
    await this.output.flush();
  }

  async close(): Promise<void> {
    this.hand();
    if (this.ownsOutput) await this.output.close();
    else await this.output.flush();
  }
}
