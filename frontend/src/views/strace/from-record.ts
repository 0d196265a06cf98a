// Turns the decoder's sys_enter/sys_exit snapshots into SyscallEvents.
import { ARG_TAGS, FieldTag } from '../../abi/abi';
import type { EventRecord } from '../../decode/types';
import type { SyscallEvent } from './types';

/**
 * The syscall event a decoded record stands for, or undefined for other
 * events. Allocates; call it only for the events that are printed.
 */
export function syscallEventOf(record: EventRecord): SyscallEvent | undefined {
  const phase = record.eventName === 'sys_enter' ? 'enter' : record.eventName === 'sys_exit' ? 'exit' : undefined;
  if (phase === undefined) return undefined;
  const common = {
    phase,
    tsNs: record.tsNs,
    pid: record.get(FieldTag.PID),
    tid: record.get(FieldTag.TID),
    sysno: record.get(FieldTag.SYSNO),
  } as const;
  return phase === 'enter'
    ? { ...common, args: ARG_TAGS.map((tag) => record.getBigInt(tag)) }
    : { ...common, ret: record.getBigInt(FieldTag.RET) };
}
