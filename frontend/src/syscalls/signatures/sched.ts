// Printing signatures: scheduling, priorities, CPU affinity.
import { IOPRIO_WHO, PRIO_WHICH, SCHED_POLICIES } from '../constants-process';
import { choice, INT, OUT, PTR, shape, UINT, type ArgSpec, type Signature } from '../shape';

const POLICY: ArgSpec = choice(SCHED_POLICIES);
const POLICY_ARG: ArgSpec = { kind: 'sched-policy' };

export const SCHED_SIGNATURES: { readonly [name: string]: Signature } = {
  sched_get_priority_min: shape([POLICY]),
  sched_get_priority_max: shape([POLICY]),
  sched_getscheduler: shape([INT], 'sched-policy'),
  sched_setscheduler: shape([INT, POLICY_ARG, PTR]),
  sched_getparam: shape([INT, OUT]),
  sched_setparam: shape([INT, PTR]),
  sched_getattr: shape([INT, OUT, UINT, UINT]),
  sched_setattr: shape([INT, PTR, UINT]),
  sched_rr_get_interval: shape([INT, OUT]),
  sched_getaffinity: shape([INT, UINT, { kind: 'cpu-mask-out' }]),
  sched_setaffinity: shape([INT, UINT, { kind: 'cpu-mask-in', lenArg: 1 }]),
  getcpu: shape([OUT, OUT, PTR]),
  getpriority: shape([choice(PRIO_WHICH), INT]),
  setpriority: shape([choice(PRIO_WHICH), INT, INT]),
  ioprio_get: shape([choice(IOPRIO_WHO), INT], 'ioprio'),
  ioprio_set: shape([choice(IOPRIO_WHO), INT, { kind: 'ioprio' }]),
};

