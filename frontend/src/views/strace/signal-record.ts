// Turns the decoder's signal_deliver and proc_exit snapshots into what the
// signal formatters take.
import { tagNamed } from '../../abi/abi';
import type { EventRecord } from '../../decode/types';
import type { DeliveredSignal } from './signal';

const SIGNO = tagNamed('signo');
const SIG_CODE = tagNamed('sig_code');
const SIGINFO = tagNamed('siginfo');
const EXIT_CODE = tagNamed('exit_code');

/** A signal_deliver record's signal; its siginfo only when captured whole. */
export function deliveredSignalOf(record: EventRecord): DeliveredSignal {
  const info = record.hasString(SIGINFO) ? record.getString(SIGINFO) : undefined;
  return {
    signo: record.get(SIGNO),
    code: record.get(SIG_CODE),
    ...(info !== undefined && info.status === 'complete' ? { siginfo: info.bytes } : {}),
  };
}

/** A proc_exit record's wait status (task->exit_code). */
export function exitCodeOf(record: EventRecord): number {
  return record.get(EXIT_CODE);
}
