// Where a trace view writes: stdout/stderr, one file (-o FILE), or with -ff
// one file per traced thread, FILE.TID, as strace -ff -o FILE does.
import { LineWriter } from './line-writer';

export interface ViewOutput {
  /** The shared output (with -ff: the terminal, for what belongs to no thread, such as -c's table). */
  readonly write: (line: string) => void;
  /** With -ff: the output of one thread, opened on its first line. */
  readonly perThread?: (tid: number) => (line: string) => void;
  /** Paths opened so far (for -ff), in the order they were opened. */
  readonly files: readonly string[];
  /** Waits only when the output is far behind (between chunks of input). */
  drain(): Promise<void>;
  /** Everything written so far, out; throws BrokenPipeError when the reader is gone. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/**
 * @path: -o FILE or undefined for @fallbackFd; @separate: -ff (strace
 * ignores it without -o, and so does this).
 */
export function openViewOutput(path: string | undefined, separate: boolean, fallbackFd: 1 | 2): ViewOutput {
  const shared = LineWriter.toFileOr(separate ? undefined : path, fallbackFd);
  if (!separate || !path)
    return { write: shared.write, files: path ? [path] : [], drain: () => shared.drain(), flush: () => shared.flush(), close: () => shared.close() };
  const threads = new Map<number, LineWriter>();
  const files: string[] = [];
  return {
    write: shared.write,
    files,
    perThread: (tid) => {
      let writer = threads.get(tid);
      if (writer === undefined) {
        const file = `${path}.${tid}`;
        writer = LineWriter.toFileOr(file, fallbackFd);
        threads.set(tid, writer);
        files.push(file);
      }
      return writer.write;
    },
    drain: async () => {
      await Promise.all([shared.drain(), ...[...threads.values()].map((w) => w.drain())]);
    },
    flush: async () => {
      await Promise.all([shared.flush(), ...[...threads.values()].map((w) => w.flush())]);
    },
    close: async () => {
      await Promise.all([shared.close(), ...[...threads.values()].map((w) => w.close())]);
    },
  };
}
