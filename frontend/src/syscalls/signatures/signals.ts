// Printing signatures: signals.
import {
  SIGPROCMASK_HOW,
} from '../constants';
import {
  choice,
  INT,
  NO_ARGS,
  OUT,
  PTR,
  shape,
  SIGNAL,
  ULONG,
  type Signature,
} from '../shape';

export const SIGNALS_SIGNATURES: { readonly [name: string]: Signature } = {
  rt_sigaction: shape([SIGNAL, PTR, OUT, ULONG]),
  rt_sigprocmask: shape([choice(SIGPROCMASK_HOW), PTR, OUT, ULONG]),
  rt_sigreturn: NO_ARGS,
  kill: shape([INT, SIGNAL]),
  tkill: shape([INT, SIGNAL]),
  tgkill: shape([INT, INT, SIGNAL]),
  pause: NO_ARGS,
  sigaltstack: shape([PTR, OUT]),
};
