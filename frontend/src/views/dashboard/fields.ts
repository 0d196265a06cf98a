// Field tags the dashboard reads, looked up by name so a renamed table row
// fails at load instead of showing wrong numbers.
import { tagNamed as tag } from '../../abi/abi';
import { MEMORY_TAGS } from '../mem/counters';
import { commText, type EventRecord } from '../../decode';


export const TAG = {
  sysno: tag('sysno'),
  ret: tag('ret'),
  pid: tag('pid'),
  tid: tag('tid'),
  commLo: tag('comm_lo'),
  commHi: tag('comm_hi'),
  rss: tag('rss'),
  prevPid: tag('prev_pid'),
  nextPid: tag('next_pid'),
  prevState: tag('prev_state'),
  signo: tag('signo'),
  sigResult: tag('sig_result'),
  sigTarget: tag('sig_target'),
  ...MEMORY_TAGS,
} as const;

export function commOf(record: EventRecord): string {
  return commText(record.getBigInt(TAG.commLo), record.getBigInt(TAG.commHi));
}

