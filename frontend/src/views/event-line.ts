// Pure formatting of non-syscall events, one line each:
//   [pid 12] proc_fork child_pid=13 child_tid=13
import { EVENTS, FieldTag, fieldByTag } from '../abi/abi';
import type { EventRecord } from '../decode';

const paramTags = new Map<number, readonly number[]>(EVENTS.map((e) => [e.bit, e.fields]));

/** The event's own fields by name (for unknown events, what it carried). */
export function eventFields(record: EventRecord): [string, bigint][] {
  return (paramTags.get(record.eventBit) ?? record.carriedTags()).map((tag) => [
    fieldByTag(tag)?.name ?? `field${tag}`,
    record.getBigInt(tag),
  ]);
}

export function formatEventLine(record: EventRecord, prefix: string): string {
  const parts = eventFields(record).map(([name, value]) => `${name}=${value}`);
  const who = `[pid ${record.get(FieldTag.PID)}${record.get(FieldTag.TID) !== record.get(FieldTag.PID) ? `/${record.get(FieldTag.TID)}` : ''}] `;
  return `${prefix}${who}${record.eventName}${parts.length ? ' ' + parts.join(' ') : ''}`;
}

export function formatLostLine(cpu: number, count: number): string {
  return `--- lost ${count} records on CPU ${cpu} (the reader fell behind; enlarge buffer_kb) ---`;
}
