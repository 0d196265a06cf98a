// Pure formatting of non-syscall events, one line each (the strace view puts
// the same leader as on a syscall line before it: pid prefix, -t/-r stamps):
//   proc_fork child_pid=13 child_tid=13
//   proc_exec exec_filename="/bin/ls" old_pid=13
//   fault_user fault_addr=0x7f88661f0000 fault_ip=0x4017d0 fault_error=6
//   msg_send sock_fd=3 ... msg_local="127.0.0.1:40548" msg_remote="127.0.0.1:60637" msg_bytes=100
// Addresses, instruction pointers and flags are in hex, as `ktrace export`
// prints them; other integers in decimal.
import { EVENTS, fieldByName, fieldByTag } from '../abi/abi';
import type { EventRecord } from '../decode';
import { charsBytes } from '../decode/strings';
import { endpointText } from '../paths/msg';
import { quoteBytes } from './strace/quote';

const SOCK_FAMILY = fieldByName('sock_family')?.tag ?? -1;
const paramTags = new Map<number, readonly number[]>(EVENTS.map((e) => [e.bit, e.fields]));

/** One field of an event as shown: `text` in the line, `json` in --json output (null: unavailable). */
export interface EventField {
  readonly name: string;
  readonly text: string;
  readonly json: string | null;
}

const utf8 = new TextDecoder('utf-8');

/** Whether a field is an address, an instruction pointer or flags: shown in hex (here and by export). */
export function isHexField(name: string): boolean {
  return fieldByName(name)?.type === 'KADDR' || /_(addr|ip|flags)$|^sa_handler$/.test(name);
}

function integerText(name: string, value: bigint): string {
  return isHexField(name) ? `0x${BigInt.asUintN(64, value).toString(16)}` : value.toString();
}

function fieldOf(record: EventRecord, tag: number): EventField | undefined {
  const row = fieldByTag(tag);
  const name = row?.name ?? `field${tag}`;
  if (row?.type === 'STR') {
    // Strings belong to the record that carried them: absent means not captured.
    const value = record.getString(tag);
    if (value === undefined) return undefined;
    if (value.status === 'unavailable') return { name, text: '?', json: null };
    if (name === 'msg_local' || name === 'msg_remote') {
      // An endpoint: address and port, or a unix path (docs/abi.md, Messages).
      const ep = endpointText(Number(record.getBigInt(SOCK_FAMILY)), value.bytes);
      return { name, text: JSON.stringify(ep), json: ep };
    }
    return { name, text: quoteBytes(value.bytes, value.status === 'truncated', 'none'), json: utf8.decode(value.bytes) };
  }
  if (row?.type === 'CHARS') {
    const bytes = charsBytes(record.getBigInt(tag));
    return { name, text: quoteBytes(bytes, false, 'none'), json: utf8.decode(bytes) };
  }
  const value = record.getBigInt(tag);
  return { name, text: integerText(name, value), json: value.toString() };
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

/** The event as a line's text, after its leader: `name field=value ...`. */
export function formatEventLine(record: EventRecord): string {
  const parts = eventFields(record).map((f) => `${f.name}=${f.text}`);
  return `${record.eventName}${parts.length ? ' ' + parts.join(' ') : ''}`;
}

export function formatLostLine(cpu: number, count: number): string {
  // Unprivileged readers are not told how many: the count includes other users' records.
  if (count === 0) return `--- records lost on CPU ${cpu} (how many is not shown to unprivileged readers; the reader fell behind; enlarge buffer_kb) ---`;
  return `--- lost ${count} records on CPU ${cpu} (the reader fell behind; enlarge buffer_kb) ---`;
}
