// A synthetic stream of a busy system, second by second of record time, for
// the dashboard's memory test: long-lived processes and a steady churn of
// short ones (fork, exec, exit) with ever new pids and threads, every
// syscall number including impossible ones, switches, signals, faults and
// the memory variables. Encoded as the module writes it, so the test goes
// through the real decoder.
import { eventByName, tagNamed } from '../../frontend/src/abi/abi';
import { concatBytes, encodeEvent, encodeKeyframe, type FieldValue } from '../../frontend/src/decode/encoder';
import type { Random } from './prng';

const bit = (name: string) => eventByName(name)!.bit;
const EV = {
  enter: bit('sys_enter'),
  exit: bit('sys_exit'),
  schedIn: bit('sched_in'),
  schedOut: bit('sched_out'),
  generate: bit('signal_generate'),
  deliver: bit('signal_deliver'),
  fault: bit('fault_user'),
  exec: bit('proc_exec'),
  procExit: bit('proc_exit'),
};
const T = Object.fromEntries(
  ['pid', 'tid', 'sysno', 'ret', 'comm_lo', 'comm_hi', 'rss', 'prev_state', 'signo', 'sig_result', 'sig_target', 'free_mem', 'total_mem', 'page_faults'].map((n) => [n, tagNamed(n)]),
) as Record<string, number>;

/** A comm of up to 15 bytes as the two CHARS fields (little-endian bytes, NUL-padded). */
function commFields(comm: string): FieldValue[] {
  const bytes = Buffer.alloc(16);
  bytes.write(comm.slice(0, 15), 'latin1');
  return [
    [T.comm_lo, bytes.readBigUInt64LE(0)],
    [T.comm_hi, bytes.readBigUInt64LE(8)],
  ];
}

const PID_MAX = 4194304;
const NS = 1_000_000_000;

export class BusySystem {
  private nextPid = 300;
  private readonly longLived: number[] = [];
  private ts = 1_000 * NS;
  private last = this.ts;
  private faults = 0;
  private started = false;

  constructor(
    private readonly random: Random,
    private readonly opts = { longLived: 40, newPerSecond: 6, eventsPerProcess: 12 },
  ) {
    for (let i = 0; i < opts.longLived; i++) this.longLived.push(this.newPid());
  }

  private newPid(): number {
    const pid = this.nextPid;
    this.nextPid = this.nextPid + 1 >= PID_MAX ? 300 : this.nextPid + 1;
    return pid;
  }

  /** The records of the next second of record time, as stream bytes. */
  second(): Uint8Array {
    const out: Uint8Array[] = [];
    const start = this.ts;
    const event = (bitNo: number, fields: FieldValue[]) => {
      this.ts += this.random.int(1000, 100000);
      out.push(encodeEvent(bitNo, this.ts - this.last, fields));
      this.last = this.ts;
    };
    if (!this.started) {
      this.started = true;
      out.push(encodeKeyframe(this.ts, [[T.total_mem, 2 * 1024 ** 3], [T.free_mem, 1024 ** 3], [T.page_faults, 0]]));
    }
    const who = (pid: number, tid: number, comm: string): FieldValue[] => [[T.pid, pid], [T.tid, tid], ...commFields(comm), [T.rss, this.random.int(1, 4096) * 4096]];
    const busy = (pid: number, comm: string) => {
      const tid = pid + this.random.int(0, 3) * 100000; // up to four threads each
      for (let i = 0; i < this.opts.eventsPerProcess; i++) {
        // Every number a program may pass, the impossible ones too.
        const sysno = this.random.int(0, 9) === 0 ? this.random.int(0, 2 ** 31 - 1) : this.random.int(0, 460);
        event(EV.enter, [...who(pid, tid, comm), [T.sysno, sysno]]);
        event(EV.exit, [...who(pid, tid, comm), [T.sysno, sysno], [T.ret, this.random.int(-40, 4096)]]);
        if (this.random.int(0, 3) === 0) {
          this.faults++;
          event(EV.fault, [...who(pid, tid, comm), [T.page_faults, this.faults], [T.free_mem, this.random.int(1, 1024) * 1024 ** 2]]);
        }
      }
      const other = this.random.pick(this.longLived);
      event(EV.schedIn, [...who(pid, tid, comm), [T.prev_state, this.random.pick([0, 1, 2, 0x100])]]);
      event(EV.schedOut, [...who(other, other, `long${other}`)]);
      if (this.random.int(0, 4) === 0) {
        event(EV.generate, [...who(pid, tid, comm), [T.signo, this.random.int(1, 64)], [T.sig_target, other], [T.sig_result, this.random.int(0, 4)]]);
        event(EV.deliver, [...who(other, other, `long${other}`), [T.signo, this.random.int(1, 64)]]);
      }
    };
    for (const pid of this.longLived) busy(pid, `long${pid}`);
    for (let i = 0; i < this.opts.newPerSecond; i++) {
      const pid = this.newPid();
      const comm = `job${pid}-${this.random.int(0, 1e6)}`;
      event(EV.exec, who(pid, pid, comm));
      busy(pid, comm);
      event(EV.procExit, who(pid, pid, comm));
    }
    // Whatever the events took, the next second starts a second later.
    this.ts = Math.max(this.ts, start + NS);
    return concatBytes(out);
  }
}
