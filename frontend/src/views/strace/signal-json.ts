// --json objects for signals and thread ends (docs/json-output.md).
import { signalName } from '../../syscalls/constants';
import { deliveredFields, formatSiginfo, type DeliveredSignal, type ExitStatus } from './signal';

export interface JsonSignal {
  readonly ts: number;
  readonly pid: number;
  readonly tid: number;
  readonly event: 'signal';
  readonly signal: string;
  readonly siginfo: { readonly [member: string]: number | string };
  readonly text: string;
}

export function signalJson(tsNs: number, pid: number, tid: number, signal: DeliveredSignal): JsonSignal {
  const fields = deliveredFields(signal);
  return {
    ts: tsNs,
    pid,
    tid,
    event: 'signal',
    signal: signalName(signal.signo),
    siginfo: Object.fromEntries(fields.map((f) => [f.name, f.json])),
    text: formatSiginfo(fields),
  };
}

export type JsonExit =
  | { readonly ts: number; readonly pid: number; readonly tid: number; readonly event: 'exit'; readonly exited: number }
  | { readonly ts: number; readonly pid: number; readonly tid: number; readonly event: 'exit'; readonly killed_by: string; readonly core_dumped: boolean };

export function exitJson(tsNs: number, pid: number, tid: number, status: ExitStatus): JsonExit {
  if ('exited' in status) return { ts: tsNs, pid, tid, event: 'exit', exited: status.exited };
  return { ts: tsNs, pid, tid, event: 'exit', killed_by: signalName(status.signal), core_dumped: status.coreDumped };
}
