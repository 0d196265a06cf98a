// Process and signal events against the real module, with every parameter
// asserted exactly (issue: one test per event): proc_fork, proc_exec,
// proc_exit, signal_generate, signal_deliver.
import { strict as assert } from 'node:assert';
import { cleanUp, Capture, capture, hold, launch, mustRun, named, num, show, str, text, val, type Rec } from './lib/events';
import { prog } from './lib/readers';

const SIGUSR1 = 10;
const SIGUSR2 = 12;
const SIGCHLD = 17;
const SI_USER = 0;
const CLD_EXITED = 1;
// enum trace_signal_result (include/trace/events/signal.h)
const TRACE_SIGNAL_DELIVERED = 0;
const TRACE_SIGNAL_IGNORED = 1;

describe('events: process and signals (in VM)', function () {
  afterEach(cleanUp);

  it('proc_fork, proc_exec, proc_exit: a fork/exec/exit chain with known pids, paths and statuses', async function () {
    const exe = prog('proc_chain');
    const target = prog('known_syscalls'); // exits with 3
    const h = hold(exe, [target]);
    const cap = Capture.open({ events: ['proc_fork', 'proc_exec', 'proc_exit'], vars: ['pid', 'uid', 'ppid'] });
    cap.startHeld(h, true);
    const exit = await h.exited;
    const d = await cap.finish();
    assert.deepEqual(exit, { code: 5, signal: null }, h.stderr());
    assert.equal(d.lost, 0n);
    const p = h.pid;
    // (known_syscalls writes "abc" to the same stdout, unterminated.)
    const a = Number((await h.waitFor(/A (\d+)\n/))[1]);
    const b = Number((await h.waitFor(/B (\d+)\n/))[1]);
    const t = Number((await h.waitFor(/T (\d+)\n/))[1]);
    const project = (r: Rec) => {
      const base = { event: r.name, pid: num(r, 'pid'), tid: num(r, 'tid') };
      if (r.name === 'proc_fork') return { ...base, child_pid: num(r, 'child_pid'), child_tid: num(r, 'child_tid') };
      if (r.name === 'proc_exec') return { ...base, old_pid: num(r, 'old_pid'), exec_filename: text(r, 'exec_filename') };
      return { ...base, exit_code: num(r, 'exit_code') };
    };
    const got = d.records.map(project);
    assert.deepEqual(
      got,
      [
        // The held shell execs the program in place: same pid.
        { event: 'proc_exec', pid: p, tid: p, old_pid: p, exec_filename: exe },
        { event: 'proc_fork', pid: p, tid: p, child_pid: a, child_tid: a },
        { event: 'proc_exec', pid: a, tid: a, old_pid: a, exec_filename: target },
        // exit_group(3): the wait status 3 << 8.
        { event: 'proc_exit', pid: a, tid: a, exit_code: 3 << 8 },
        { event: 'proc_fork', pid: p, tid: p, child_pid: b, child_tid: b },
        // A thread is a fork too: child_pid is the thread group, child_tid the new thread.
        { event: 'proc_fork', pid: b, tid: b, child_pid: b, child_tid: t },
        // The exec from thread T kills the old leader first (de_thread());
        // its group exit during an exec has status 0 (do_group_exit()).
        { event: 'proc_exit', pid: b, tid: b, exit_code: 0 },
        // T took over the leader's pid: old_pid is T's tid before the exec.
        { event: 'proc_exec', pid: b, tid: b, old_pid: t, exec_filename: target },
        { event: 'proc_exit', pid: b, tid: b, exit_code: 3 << 8 },
        { event: 'proc_exit', pid: p, tid: p, exit_code: 5 << 8 },
      ],
      d.records.map(show).join('\n'),
    );
    for (const r of d.records) {
      assert.equal(val(r, 'uid'), 0n);
      assert.equal(val(r, 'euid'), 0n);
      // STR fields belong to proc_exec only.
      if (r.name !== 'proc_exec') assert.equal(str(r, 'exec_filename'), undefined, show(r));
    }
    // The parent of each process, as the common ppid variable shows it.
    const ppidOf = new Map([
      [p, process.pid],
      [a, p],
      [b, p],
    ]);
    for (const r of d.records) assert.equal(num(r, 'ppid'), ppidOf.get(num(r, 'pid')), show(r));
  });

  it('signal_generate, signal_deliver: kill -USR2 (ignored) and kill -USR1 to a child with a handler', async function () {
    const h = launch(prog('signal_wait'));
    const m = await h.waitFor(/^pid (\d+) handler 0x([0-9a-f]+) flags 0x([0-9a-f]+)$/m);
    const child = Number(m[1]);
    const handler = BigInt(`0x${m[2]}`);
    const saFlags = BigInt(`0x${m[3]}`);
    assert.equal(child, h.pid);
    let usr2Killer = 0;
    let usr1Killer = 0;
    const d = await capture({ events: ['signal_generate', 'signal_deliver'], vars: ['pid', 'uid', 'signal'] }, async () => {
      usr2Killer = mustRun('kill', ['-USR2', String(child)]).pid;
      usr1Killer = mustRun('kill', ['-USR1', String(child)]).pid;
      assert.deepEqual(await h.exited, { code: 0, signal: null }, h.stderr());
    });
    assert.equal(d.lost, 0n);
    const gen = named(d.records, 'signal_generate');
    const params = (r: Rec) => ({
      pid: num(r, 'pid'),
      signo: num(r, 'signo'),
      sig_code: num(r, 'sig_code'),
      sig_result: num(r, 'sig_result'),
      sig_target: num(r, 'sig_target'),
    });
    const toChild = gen.filter((r) => num(r, 'sig_target') === child).map(params);
    // kill(2) is SI_USER; SIGUSR2 is SIG_IGN in the child, so it is dropped at generation.
    assert.deepEqual(
      toChild,
      [
        { pid: usr2Killer, signo: SIGUSR2, sig_code: SI_USER, sig_result: TRACE_SIGNAL_IGNORED, sig_target: child },
        { pid: usr1Killer, signo: SIGUSR1, sig_code: SI_USER, sig_result: TRACE_SIGNAL_DELIVERED, sig_target: child },
      ],
      gen.map(show).join('\n'),
    );
    // Each exiting process sends SIGCHLD (CLD_EXITED) to its parent, this test process.
    for (const sender of [usr2Killer, usr1Killer, child]) {
      const chld = gen.filter((r) => num(r, 'pid') === sender && num(r, 'signo') === SIGCHLD).map(params);
      assert.deepEqual(
        chld,
        [{ pid: sender, signo: SIGCHLD, sig_code: CLD_EXITED, sig_result: TRACE_SIGNAL_DELIVERED, sig_target: process.pid }],
        gen.map(show).join('\n'),
      );
    }

    const del = named(d.records, 'signal_deliver').filter((r) => num(r, 'pid') === child);
    assert.equal(del.length, 1, d.records.map(show).join('\n'));
    const r = del[0];
    assert.deepEqual(
      {
        tid: num(r, 'tid'),
        signo: num(r, 'signo'),
        signal: num(r, 'signal'),
        sig_code: num(r, 'sig_code'),
        sa_handler: val(r, 'sa_handler'),
        sa_flags: val(r, 'sa_flags'),
      },
      // sa_flags as the kernel keeps them: SA_RESTART plus libc's SA_RESTORER.
      { tid: child, signo: SIGUSR1, signal: SIGUSR1, sig_code: SI_USER, sa_handler: handler, sa_flags: saFlags },
      show(r),
    );
    assert.equal(saFlags, 0x10000000n | 0x04000000n, 'SA_RESTART | SA_RESTORER');
    for (const rec of d.records) if ([child, usr1Killer, usr2Killer].includes(num(rec, 'pid'))) assert.equal(val(rec, 'uid'), 0n);
  });
});
