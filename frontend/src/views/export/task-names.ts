// Process and thread names from the comm variable: each task keeps the last
// name seen (after an execve, the new program's).
import { FieldTag } from '../../abi/abi';
import type { EventRecord } from '../../decode';
import { commText } from '../../decode/strings';
import type { MetadataEvent } from './trace-event';

export class TaskNames {
  /** tid -> [pid, comm]. */
  private readonly threads = new Map<number, readonly [number, string]>();

  onEvent(record: EventRecord, pid: number, tid: number): void {
    const name = commText(record.getBigInt(FieldTag.COMM_LO), record.getBigInt(FieldTag.COMM_HI));
    if (name !== '') this.threads.set(tid, [pid, name]);
  }

  /** The comm of @tid, or undefined before it was seen. */
  nameOf(tid: number): string | undefined {
    return this.threads.get(tid)?.[1];
  }

  /** A process is named after its leader thread (tid == pid) when that was seen. */
  metadata(): MetadataEvent[] {
    const events: MetadataEvent[] = [];
    for (const [tid, [pid, name]] of this.threads) {
      if (tid === pid) events.push({ ph: 'M', name: 'process_name', pid, args: { name } });
      events.push({ ph: 'M', name: 'thread_name', pid, tid, args: { name } });
    }
    return events;
  }
}
