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
  flush(): void;
  close(): void;
}

/**
 * @path: -o FILE or undefined for @fallbackFd; @separate: -ff (strace
 * ignores it without -o, and so does this).
 */
export function openViewOutput(path: string | undefined, separate: boolean, fallbackFd: number): ViewOutput {
  const shared = LineWriter.toFileOr(separate ? undefined : path, fallbackFd);
  if (!separate || !path) return { write: shared.write, files: path ? [path] : [], flush: () => shared.flush(), close: () => shared.close() };
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
    flush: () => {
      shared.flush();
      for (const writer of threads.values()) writer.flush();
    },
    close: () => {
      shared.close();
      for (const writer of threads.values()) writer.close();
    },
  };
}
