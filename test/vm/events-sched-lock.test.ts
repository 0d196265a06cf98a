// Scheduler and lock events against the real module, every parameter
// asserted: sched_in/sched_out between two processes pinned to one CPU,
// lock_contend/lock_acquired on a pipe's mutex, and what an unprivileged
// reader sees of kernel addresses.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FIELDS } from '../../frontend/src/abi/abi';
import { parseRecordHeader } from '../../frontend/src/record/record-file';
import { cleanUp, CLI, Capture, decode, hold, named, num, ofPid, show, val, type Rec } from './lib/events';
import { prog } from './lib/readers';

// include/trace/events/lock.h
const LCB_F_SPIN = 0x1n;
const LCB_F_RT = 0x8n;
const LCB_F_MUTEX = 0x20n;
// On PREEMPT_RT a mutex is an rt_mutex: the kernel reports its contention
// once, as LCB_F_RT, adaptive spinning included (kernel/locking/rtmutex.c).
// /sys/kernel/realtime comes with Debian's rt patches, not with mainline
// PREEMPT_RT (the 6.12-rt-debug kernel); both name it in uname -v.
const PREEMPT_RT = os.version().split(/\s+/).includes('PREEMPT_RT');
const MUTEX_FLAGS = PREEMPT_RT ? [LCB_F_RT] : [LCB_F_MUTEX, LCB_F_MUTEX | LCB_F_SPIN];
const MUTEX_SLEEP = PREEMPT_RT ? LCB_F_RT : LCB_F_MUTEX;
const LCB_F_ALL = 0x3fn;
const TASK_INTERRUPTIBLE = 1n;
const TASK_UNINTERRUPTIBLE = 2n;
const TASK_WAKEKILL = 0x100n;
const TASK_DEAD = 0x80n;
const TASK_FREEZABLE = 0x2000n; // a modifier: 6.12's pipe waits are freezable
// On PREEMPT_RT a task blocked on a spinlock_t (an rtlock) leaves with TASK_RTLOCK_WAIT.
const TASK_RTLOCK_WAIT = 0x1000n;
const STATES = [0n, TASK_INTERRUPTIBLE, TASK_UNINTERRUPTIBLE, TASK_WAKEKILL | TASK_UNINTERRUPTIBLE, TASK_DEAD, ...(PREEMPT_RT ? [TASK_RTLOCK_WAIT] : [])];
const KERNEL_SPACE = 0xffff800000000000n;

describe('events: scheduler and locks (in VM)', function () {
  afterEach(cleanUp);

  it('sched_in, sched_out: parent and child pinned to CPU 0 hand the CPU to each other through pipes', async function () {
    const k = 100;
    const h = hold(prog('pingpong'), [String(k)]);
    const cap = Capture.open({ events: ['sched_in', 'sched_out', 'proc_fork'], vars: ['pid', 'outgoing', 'incoming', 'cpu'] });
    cap.startHeld(h, true);
    assert.deepEqual(await h.exited, { code: 0, signal: null }, h.stderr());
    const d = await cap.finish();
    assert.equal(d.lost, 0n);
    const p = h.pid;
    const c = Number((await h.waitFor(/^child (\d+)$/m))[1]);
    const all = d.records;
    // A sched_in record belongs to the task leaving the CPU (prev), a
    // sched_out record to the one getting it (next).
    for (const r of named(all, 'sched_in')) assert.equal(num(r, 'prev_pid'), num(r, 'tid'), show(r));
    for (const r of named(all, 'sched_out')) assert.equal(num(r, 'next_pid'), num(r, 'tid'), show(r));
    for (const r of all) assert.ok([p, c].includes(num(r, 'pid')), show(r));

    const fork = all.findIndex((r) => r.name === 'proc_fork');
    assert.ok(fork >= 0 && num(all[fork], 'child_pid') === c, 'no fork of the child');
    const after = all.slice(fork + 1);
    // Both are pinned to CPU 0 (sched_setaffinity before the fork).
    for (const r of after) assert.equal(num(r, 'cpu'), 0, show(r));
    const count = (name: string, pid: number) => after.filter((r) => r.name === name && num(r, 'pid') === pid).length;
    for (const pid of [p, c])
      for (const name of ['sched_in', 'sched_out']) assert.ok(count(name, pid) >= k, `${name} of ${pid}: ${count(name, pid)} < ${k}`);

    // Replay who holds CPU 0: each task alternates getting it and leaving
    // it, never both hold it, and the holder changes between the two at
    // least 2k times (each round trip needs the child, then the parent).
    const on = new Map<number, boolean>([
      [p, true], // the parent is running: it just forked
      [c, false],
    ]);
    let holder = p;
    let handoffs = 0;
    for (const r of after) {
      const pid = num(r, 'pid');
      if (r.name === 'sched_out') {
        assert.ok(!on.get(pid), `gets the CPU twice: ${show(r)}`);
        const other = pid === p ? c : p;
        assert.ok(!on.get(other), `both on CPU 0: ${show(r)}`);
        on.set(pid, true);
        if (pid !== holder) handoffs++;
        holder = pid;
      } else {
        assert.ok(on.get(pid), `leaves the CPU it does not hold: ${show(r)}`);
        on.set(pid, false);
      }
    }
    assert.ok(handoffs >= 2 * k, `${handoffs} handoffs between parent and child`);

    // prev_state: running (preempted), sleeping in a pipe read or wait
    // (TASK_INTERRUPTIBLE, freezable or not), in a killable wait (a page fault on the 9p
    // binary), or dead (the child's last switch).
    const state = (r: Rec) => val(r, 'prev_state') & ~TASK_FREEZABLE;
    for (const r of named(after, 'sched_in')) assert.ok(STATES.includes(state(r)), `prev_state 0x${val(r, 'prev_state').toString(16)}`);
    // At least one of them sleeps in its pipe read at every round. Under full
    // preemption (the debug kernel) the woken reader preempts the writer,
    // whose own read then finds the answer waiting: only one side sleeps.
    assert.ok(
      [p, c].some((pid) => named(after, 'sched_in').some((r) => num(r, 'pid') === pid && state(r) === TASK_INTERRUPTIBLE)),
      'neither ever slept in a pipe read',
    );
    const last = named(after, 'sched_in').filter((r) => num(r, 'pid') === c).at(-1)!;
    assert.equal(val(last, 'prev_state'), TASK_DEAD, `the child's last switch: ${show(last)}`);
  });

  it('lock_contend, lock_acquired: readers of one shared 9p file contend its f_pos_lock mutex; pairs match per task, ret 0', async function () {
    // The file is on the repository's 9p share: each read() waits for the
    // host while holding the mutex (see test/progs/lock_storm.c).
    const h = hold(prog('lock_storm'), [prog('known_syscalls'), '3', '1000']);
    const cap = Capture.open({ events: ['lock_contend', 'lock_acquired', 'proc_fork'], vars: ['pid', 'uid'] });
    cap.startHeld(h, true);
    assert.deepEqual(await h.exited, { code: 0, signal: null }, h.stderr());
    const d = await cap.finish();
    assert.equal(d.lost, 0n);
    const workers = [...h.stdout().matchAll(/^worker (\d+)$/gm)].map((m) => Number(m[1]));
    assert.equal(workers.length, 3);
    const tasks = [h.pid, ...workers];
    const locks = d.records.filter((r) => r.name !== 'proc_fork');
    for (const r of locks) {
      assert.ok(tasks.includes(num(r, 'pid')), show(r));
      assert.equal(num(r, 'uid'), 0);
      assert.ok(val(r, 'lock_addr') >= KERNEL_SPACE, `not a kernel address: ${show(r)}`);
    }
    for (const r of named(locks, 'lock_contend')) assert.equal(val(r, 'lock_flags') & ~LCB_F_ALL, 0n, show(r));
    // An uninterruptible wait always ends with the lock: ret 0.
    for (const r of named(locks, 'lock_acquired')) assert.equal(num(r, 'lock_ret'), 0, show(r));

    // Per task, every lock_acquired ends a lock_contend of the same lock
    // that is still open (a mutex first spins, LCB_F_SPIN, then may contend
    // again to sleep on it before it ends; a nested spinlock wait may end in
    // between), and nothing stays open once the tasks exited.
    const open = new Map<number, Set<bigint>>();
    for (const r of locks) {
      const tid = num(r, 'tid');
      const set = open.get(tid) ?? new Set<bigint>();
      open.set(tid, set);
      const addr = val(r, 'lock_addr');
      if (r.name === 'lock_contend') set.add(addr);
      else {
        assert.ok(set.has(addr), `lock_acquired without lock_contend: ${show(r)}`);
        set.delete(addr);
      }
    }
    for (const [tid, set] of open) assert.equal(set.size, 0, `task ${tid} still waits for ${[...set]}`);

    // f_pos_lock: the lock most contended by the workers, by all of them,
    // always with the mutex flag (on PREEMPT_RT the rt_mutex flag), plus the spin flag while it spins on a
    // running owner; it spins first, then contends again to sleep.
    const byAddr = new Map<bigint, Rec[]>();
    for (const r of named(locks, 'lock_contend').filter((x) => workers.includes(num(x, 'pid'))))
      byAddr.set(val(r, 'lock_addr'), [...(byAddr.get(val(r, 'lock_addr')) ?? []), r]);
    const [mutex, contends] = [...byAddr].sort((a, b) => b[1].length - a[1].length)[0] ?? assert.fail('no contention by the workers');
    assert.ok(contends.length >= 10, `only ${contends.length} contentions`);
    assert.deepEqual(new Set(contends.map((r) => num(r, 'pid'))), new Set(workers), 'every worker contends the mutex');
    for (const r of contends) assert.ok(MUTEX_FLAGS.includes(val(r, 'lock_flags')), show(r));
    assert.ok(contends.some((r) => val(r, 'lock_flags') === MUTEX_SLEEP), 'no worker ever slept on the mutex');
    assert.ok(
      named(locks, 'lock_acquired').some((r) => val(r, 'lock_addr') === mutex),
      'the mutex was never acquired after contention',
    );
  });

  it('an unprivileged reader (ktrace record as uid 1000) gets every kernel address as 0', function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ktrace-events-'));
    fs.chmodSync(dir, 0o777);
    const file = path.join(dir, 'user.ktr');
    const events = ['lock_contend', 'lock_acquired', 'fault_kernel', 'page_alloc', 'page_free', 'net_xmit', 'net_recv'];
    const work = `${prog('lock_storm')} ${prog('known_syscalls')} 2 300 && ${prog('mem_touch')} kfault && ${prog('net_lo')} udp 100 200`;
    // These families are system-wide: an unprivileged reader gets them only
    // once the administrator relaxes the module parameter paranoid to 1.
    const paranoid = '/sys/module/trace/parameters/paranoid';
    const level = fs.readFileSync(paranoid, 'utf8').trim();
    fs.writeFileSync(paranoid, '1');
    let r;
    try {
      r = spawnSync(
        'setpriv',
        ['--reuid=1000', '--regid=1000', '--clear-groups', '--', process.execPath, CLI, 'record', '-o', file, '-f', '--events', events.join(','), '--vars', 'pid,uid', '--', '/bin/sh', '-c', work],
        { encoding: 'utf8' },
      );
    } finally {
      fs.writeFileSync(paranoid, level);
    }
    assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
    const bytes = fs.readFileSync(file);
    const header = parseRecordHeader(bytes, file);
    assert.equal(header.kind, 'header');
    if (header.kind !== 'header') return;
    const d = decode(bytes.subarray(header.streamOffset));
    fs.rmSync(dir, { recursive: true });
    assert.equal(d.lost, 0n);
    const kaddr = FIELDS.filter((f) => f.type === 'KADDR').map((f) => f.name);
    assert.deepEqual(kaddr.sort(), ['kfault_addr', 'kfault_ip', 'lock_addr', 'pfn', 'skb_addr']);
    for (const rec of d.records) {
      assert.deepEqual([num(rec, 'uid'), num(rec, 'euid')], [1000, 1000], show(rec));
      for (const f of kaddr) assert.equal(val(rec, f), 0n, `${f} visible to uid 1000: ${show(rec)}`);
    }
    // The events happened and their other parameters are intact.
    const seen = (name: string) => named(d.records, name);
    assert.ok(seen('lock_contend').some((x) => (val(x, 'lock_flags') & MUTEX_SLEEP) !== 0n), 'no mutex contention seen');
    assert.ok(seen('lock_acquired').length > 0);
    assert.ok(seen('fault_kernel').some((x) => val(x, 'fault_error') === 0x2n), 'no kernel write fault seen');
    assert.ok(seen('page_alloc').length > 0 && seen('page_free').length > 0);
    // Transmits run in the sender (uid 1000); receives in a softirq belong
    // to no user, so an unprivileged reader never sees them.
    assert.deepEqual(ofPid(seen('net_xmit'), num(seen('net_xmit')[0] ?? assert.fail('no net_xmit'), 'pid')).map((x) => num(x, 'skb_len')), [100 + 62, 200 + 42]);
    assert.equal(seen('net_recv').length, 0);
  });
});
