// Printing signatures: signals.
import { SIGPROCMASK_HOW } from '../constants';
import { SFD_FLAGS } from '../constants-process';
import {
  choice,
  FD,
  flags,
  INT,
  NO_ARGS,
  OUT,
  PTR,
  shape,
  SIGNAL,
  TIMESPEC,
  UINT,
  ULONG,
  type Signature,
} from '../shape';

export const SIGNALS_SIGNATURES: { readonly [name: string]: Signature } = {
  rt_sigaction: shape([SIGNAL, PTR, OUT, ULONG]),
  rt_sigprocmask: shape([choice(SIGPROCMASK_HOW), PTR, OUT, ULONG]),
  rt_sigreturn: shape([{ kind: 'sigframe-mask' }]),
  rt_sigpending: shape([OUT, UINT]),
  rt_sigsuspend: shape([PTR, UINT]),
  rt_sigtimedwait: shape([PTR, OUT, TIMESPEC, UINT], 'signal'),
  rt_sigqueueinfo: shape([INT, SIGNAL, PTR]),
  rt_tgsigqueueinfo: shape([INT, INT, SIGNAL, PTR]),
  signalfd4: shape([FD, PTR, UINT, flags(SFD_FLAGS)]),
  signalfd: shape([FD, PTR, UINT]),
  kill: shape([INT, SIGNAL]),
  tkill: shape([INT, SIGNAL]),
  tgkill: shape([INT, INT, SIGNAL]),
  pause: NO_ARGS,
  sigaltstack: shape([PTR, OUT]),
};
