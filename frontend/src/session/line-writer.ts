// Buffered line output to a file descriptor: the view produces many short
// lines, and one write per line would dominate the cost of tracing.
import * as fs from 'node:fs';

export class LineWriter {
  private lines: string[] = [];
  private bytes = 0;

  private constructor(
    private readonly fd: number,
    private readonly ownsFd: boolean,
  ) {}

  static toFileOr(path: string | undefined, fallbackFd: number): LineWriter {
    return path ? new LineWriter(fs.openSync(path, 'w'), true) : new LineWriter(fallbackFd, false);
  }

  readonly write = (line: string): void => {
    this.lines.push(line);
    this.bytes += line.length;
    if (this.bytes > 1 << 16) this.flush();
  };

  flush(): void {
    if (this.lines.length === 0) return;
    fs.writeSync(this.fd, this.lines.join('\n') + '\n');
    this.lines = [];
    this.bytes = 0;
  }

  close(): void {
    this.flush();
    if (this.ownsFd) fs.closeSync(this.fd);
  }
}
