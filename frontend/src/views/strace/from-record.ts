// Turns the decoder's sys_enter/sys_exit snapshots into SyscallEvents.
import { ARG_TAGS, FieldTag, STR_ARG_TAGS } from '../../abi/abi';
import type { EventRecord } from '../../decode/types';
import type { CapturedString, SyscallEvent } from './types';

/**
 * The memory the record captured for each argument (str_arg0..5), by
 * argument index: input strings at sys_enter, output buffers at sys_exit.
 * Undefined, without allocating, when the record carried none.
 */
export function capturedStrings(record: EventRecord): ReadonlyMap<number, CapturedString> | undefined {
  let strings: Map<number, CapturedString> | undefined;
  for (let i = 0; i < STR_ARG_TAGS.length; i++) {
    if (!record.hasString(STR_ARG_TAGS[i])) continue;
    const value = record.getString(STR_ARG_TAGS[i]);
    if (value === undefined) continue;
    strings ??= new Map();
    strings.set(i, value.status === 'unavailable' ? { unavailable: true } : { bytes: value.bytes, truncated: value.status === 'truncated' });
  }
  return strings;
}

/**
 * The syscall event a decoded record stands for, or undefined for other
 * events. Allocates; call it only for the events that are printed.
 */
export function syscallEventOf(record: EventRecord): SyscallEvent | undefined {
  const phase = record.eventName === 'sys_enter' ? 'enter' : record.eventName === 'sys_exit' ? 'exit' : undefined;
  if (phase === undefined) return undefined;
  const strings = capturedStrings(record);
  const common = {
    phase,
    tsNs: record.tsNs,
    pid: record.get(FieldTag.PID),
    tid: record.get(FieldTag.TID),
    sysno: record.get(FieldTag.SYSNO),
    ...(strings === undefined ? {} : { strings }),
  } as const;
  return phase === 'enter'
    ? { ...common, args: ARG_TAGS.map((tag) => record.getBigInt(tag)) }
    : { ...common, ret: record.getBigInt(FieldTag.RET) };
}
