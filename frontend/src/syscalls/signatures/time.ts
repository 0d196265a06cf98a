// Printing signatures: clocks, timers, sleeps and the system clock.
import { CLOCK_IDS, TIMER_FLAGS } from '../constants';
import { ITIMER_WHICH, TFD_CREATE_FLAGS, TFD_SETTIME_FLAGS } from '../constants-process';
import { choice, FD, flags, INT, OUT, PTR, shape, TIMESPEC, UINT, type Signature } from '../shape';

export const TIME_SIGNATURES: { readonly [name: string]: Signature } = {
  nanosleep: shape([TIMESPEC, OUT]),
  clock_nanosleep: shape([choice(CLOCK_IDS), flags(TIMER_FLAGS), TIMESPEC, OUT]),
  clock_gettime: shape([choice(CLOCK_IDS), OUT]),
  clock_getres: shape([choice(CLOCK_IDS), OUT]),
  clock_settime: shape([choice(CLOCK_IDS), PTR]),
  clock_adjtime: shape([choice(CLOCK_IDS), OUT], 'clock-state'),
  adjtimex: shape([OUT], 'clock-state'),
  gettimeofday: shape([OUT, OUT]),
  settimeofday: shape([PTR, PTR]),
  time: shape([OUT], 'time'),
  times: shape([OUT]),
  alarm: shape([UINT]),
  getitimer: shape([choice(ITIMER_WHICH), OUT]),
  setitimer: shape([choice(ITIMER_WHICH), PTR, OUT]),
  timer_create: shape([choice(CLOCK_IDS), PTR, OUT]),
  timer_settime: shape([INT, flags(TIMER_FLAGS), PTR, OUT]),
  timer_gettime: shape([INT, OUT]),
  timer_getoverrun: shape([INT]),
  timer_delete: shape([INT]),
  timerfd_create: shape([choice(CLOCK_IDS), flags(TFD_CREATE_FLAGS)]),
  timerfd_settime: shape([FD, flags(TFD_SETTIME_FLAGS), PTR, OUT]),
  timerfd_gettime: shape([FD, OUT]),
};
