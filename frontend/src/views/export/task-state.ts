// The state a task left the CPU in (sched_switch's raw prev_state), as the
// one-letter codes ps and perf use.

const TASK_INTERRUPTIBLE = 0x1;
const TASK_UNINTERRUPTIBLE = 0x2;
const TASK_STOPPED = 0x4;
const TASK_TRACED = 0x8;
const EXIT_DEAD = 0x10;
const EXIT_ZOMBIE = 0x20;
const TASK_PARKED = 0x40;
const TASK_DEAD = 0x80;
const TASK_NOLOAD = 0x400;
const TASK_IDLE = TASK_UNINTERRUPTIBLE | TASK_NOLOAD;

/** `R` preempted or yielded, `S` sleeping, `D` uninterruptible, `I` idle, `T`/`t` stopped/traced, `Z`/`X` exiting, `P` parked. */
export function taskStateLetter(state: number): string {
  if (state === 0) return 'R';
  if ((state & TASK_IDLE) === TASK_IDLE) return 'I';
  if (state & TASK_INTERRUPTIBLE) return 'S';
  if (state & TASK_UNINTERRUPTIBLE) return 'D';
  if (state & TASK_STOPPED) return 'T';
  if (state & TASK_TRACED) return 't';
  if (state & EXIT_ZOMBIE) return 'Z';
  if (state & (EXIT_DEAD | TASK_DEAD)) return 'X';
  if (state & TASK_PARKED) return 'P';
  return `0x${state.toString(16)}`;
}
