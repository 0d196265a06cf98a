// Signatures of process and system syscalls whose printed arguments depend on
// an argument's value: syslog's action, prctl's option, kcmp's type.
import { KCMP_TYPES, LOGLEVELS, PR_OPTIONS, SYSLOG_ACTIONS } from './constants-process';
import { choice, FD, HEX, INT, OUT, PTR, shape, SIGNAL, STRING, ULONG, type ArgSpec, type CallShape } from './shape';

/** syslog's action: decimal with its name in a comment, `0 /* SYSLOG_ACTION_CLOSE *\/`. */
const SYSLOG_ACTION: ArgSpec = { kind: 'enum-comment', table: SYSLOG_ACTIONS };
const LOGLEVEL: ArgSpec = { kind: 'enum-comment', table: LOGLEVELS };

/**
 * syslog(type, bufp, len): the actions without a buffer print the action
 * alone; the reading ones the bytes read (like read's buffer); the console
 * level its level.
 */
export function syslog(raw: readonly bigint[]): CallShape {
  const action = BigInt.asIntN(32, raw[0] ?? 0n);
  switch (action) {
    case 0n:
    case 1n:
    case 5n:
    case 6n:
    case 7n:
    case 9n:
    case 10n:
      return shape([SYSLOG_ACTION]);
    case 2n:
    case 3n:
    case 4n:
      return shape([SYSLOG_ACTION, { kind: 'buf-out' }, INT]);
    case 8n:
      return shape([SYSLOG_ACTION, HEX, LOGLEVEL]);
    default:
      return shape([SYSLOG_ACTION, PTR, INT]);
  }
}

const KCMP_TYPE: ArgSpec = choice(KCMP_TYPES);

/** kcmp(pid1, pid2, type, idx1, idx2): the indexes only for the types that use them. */
export function kcmp(raw: readonly bigint[]): CallShape {
  const type = BigInt.asUintN(32, raw[2] ?? 0n);
  if (type === 0n) return shape([INT, INT, KCMP_TYPE, FD, FD]);
  if (type === 7n) return shape([INT, INT, KCMP_TYPE, FD, PTR]);
  if (KCMP_TYPES.names.has(type)) return shape([INT, INT, KCMP_TYPE]);
  return shape([INT, INT, KCMP_TYPE, HEX, HEX]);
}

const PR_OPTION: ArgSpec = choice(PR_OPTIONS);

/** prctl(option, ...): the arguments each common option takes. */
export function prctl(raw: readonly bigint[]): CallShape {
  switch (BigInt.asUintN(32, raw[0] ?? 0n)) {
    case 1n: // PR_SET_PDEATHSIG
      return shape([PR_OPTION, SIGNAL]);
    case 2n: // PR_GET_PDEATHSIG
    case 40n: // PR_GET_TID_ADDRESS
      return shape([PR_OPTION, OUT]);
    case 3n: // PR_GET_DUMPABLE
    case 7n: // PR_GET_KEEPCAPS
    case 21n: // PR_GET_SECCOMP
    case 37n: // PR_GET_CHILD_SUBREAPER
    case 39n: // PR_GET_NO_NEW_PRIVS
    case 42n: // PR_GET_THP_DISABLE
      return shape([PR_OPTION]);
    case 4n: // PR_SET_DUMPABLE
    case 8n: // PR_SET_KEEPCAPS
    case 36n: // PR_SET_CHILD_SUBREAPER
      return shape([PR_OPTION, ULONG]);
    case 15n: // PR_SET_NAME
      return shape([PR_OPTION, STRING]);
    case 16n: // PR_GET_NAME
      return shape([PR_OPTION, OUT]);
    case 23n: // PR_CAPBSET_READ
    case 24n: // PR_CAPBSET_DROP
      return shape([PR_OPTION, ULONG]);
    default:
      return shape([PR_OPTION, HEX, HEX, HEX, HEX]);
  }
}
