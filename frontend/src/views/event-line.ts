// Pure formatting of non-syscall events, one line each:
//   [pid 12] proc_fork child_pid=13 child_tid=13
//   [pid 13] proc_exec exec_filename="/bin/ls" old_pid=13
import { EVENTS, FieldTag, fieldByTag } from '../abi/abi';
import type { EventRecord } from '../decode';
import { charsBytes } from '../decode/strings';
import { quoteBytes } from './strace/quote';

const paramTags = new Map<number, readonly number[]>(EVENTS.map((e) => [e.bit, e.fields]));

/** One field of an event as shown: `text` in the line, `json` in --json output (null: unavailable). */
export interface EventField {
  readonly name: string;
  readonly text: string;
  readonly json: string | null;
}

const utf8 = new TextDecoder('utf-8');

function fieldOf(record: EventRecord, tag: number): EventField | undefined {
  const row = fieldByTag(tag);
  const name = row?.name ?? `field${tag}`;
  if (row?.type === 'STR') {
    // Strings belong to the record that carried them: absent means not captured.
    const value = record.getString(tag);
    if (value === undefined) return undefined;
    if (value.status === 'unavailable') return { name, text: '?', json: null };
    return { name, text: quoteBytes(value.bytes, value.status === 'truncated', 'none'), json: utf8.decode(value.bytes) };
  }
  if (row?.type === 'CHARS') {
    const bytes = charsBytes(record.getBigInt(tag));
    return { name, text: quoteBytes(bytes, false, 'none'), json: utf8.decode(bytes) };
  }
  const value = record.getBigInt(tag).toString();
  return { name, text: value, json: value };
}

/** The event's own fields (for unknown events, what it carried), in table order. */
export function eventFields(record: EventRecord): EventField[] {
  const tags = paramTags.get(record.eventBit) ?? [...record.carriedTags(), ...record.stringTags()];
  const fields: EventField[] = [];
  for (const tag of tags) {
    const field = fieldOf(record, tag);
    if (field !== undefined) fields.push(field);
  }
  return fields;
}

export function formatEventLine(record: EventRecord, prefix: string): string {
  const parts = eventFields(record).map((f) => `${f.name}=${f.text}`);
  const who = `[pid ${record.get(FieldTag.PID)}${record.get(FieldTag.TID) !== record.get(FieldTag.PID) ? `/${record.get(FieldTag.TID)}` : ''}] `;
  return `${prefix}${who}${record.eventName}${parts.length ? ' ' + parts.join(' ') : ''}`;
}

export function formatLostLine(cpu: number, count: number): string {
  // Unprivileged readers are not told how many: the count includes other users' records.
  if (count === 0) return `--- records lost on CPU ${cpu} (how many is not shown to unprivileged readers; the reader fell behind; enlarge buffer_kb) ---`;
  return `--- lost ${count} records on CPU ${cpu} (the reader fell behind; enlarge buffer_kb) ---`;
}
