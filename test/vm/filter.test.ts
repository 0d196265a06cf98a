// The write-time filter: records no started reader can accept are not
// written at all (kt_stats.records_written: the flood's, and the lone
// untargeted reader's own process's), while a reader's target and
// every process it follows keep all theirs, exactly, under an unrelated
// syscall flood; and an unprivileged follower still gets a child that a
// setuid-root parent forked and that became its user's again by exec.
import { strict as assert } from 'node:assert';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TraceDevice } from '../../frontend/src/device/trace-device';
import type { WatchSummary } from './helpers/uid-watch';
import { decode, num, type Decoded } from './lib/events';
import { openReader, prog, runAsync, spawnHeldWaiting } from './lib/readers';

const SYS_GETPPID = 110;
const SUID_COPY = '/tmp/filter_tree_suid';
const WATCH = path.join(__dirname, 'helpers/uid-watch.js');

/** getppid() results per pid (sys_exit records). */
function getppidByPid(d: Decoded): Map<number, number> {
  const by = new Map<number, number>();
  for (const r of d.records) {
    if (r.name !== 'sys_exit' || num(r, 'sysno') !== SYS_GETPPID) continue;
    by.set(num(r, 'pid'), (by.get(num(r, 'pid')) ?? 0) + 1);
  }
  return by;
}

/** Reads a started reader while it runs, so nothing is lost to a full ring. */
function pump(dev: TraceDevice): Promise<Buffer> {
  return (async () => {
    const parts: Buffer[] = [];
    for (;;) {
      const buf = Buffer.alloc(65536);
      const n = await dev.read(buf);
      if (n === 0) return Buffer.concat(parts);
      parts.push(buf.subarray(0, n));
    }
  })();
}

/**
 * Traces a held program (following children or not) while stress_load
 * floods syscalls; returns what the reader got and the records written to
 * the rings meanwhile (no other reader is started in the guest).
 */
async function traceUnderFlood(cmd: string, args: string[], follow: boolean): Promise<{ got: Decoded; written: bigint }> {
  const flood: ChildProcess = spawn(prog('stress_load'), ['syscalls'], { stdio: 'ignore' });
  const dev = openReader({ events: ['syscall', 'proc'], vars: ['pid', 'regs'] });
  try {
    const held = await spawnHeldWaiting(cmd, args);
    const before = dev.stats();
    dev.setTarget(held.pid, follow);
    dev.start();
    const reading = pump(dev);
    held.release();
    const code = await held.exited;
    assert.equal(code, 0, `${cmd} exited with ${code}`);
    assert.equal(flood.exitCode, null, 'the flood ended before the target');
    dev.stop();
    const got = decode(await reading);
    const after = dev.stats();
    return { got, written: after.recordsWritten - before.recordsWritten };
  } finally {
    flood.kill('SIGKILL');
    dev.close();
  }
}

describe('write-time filter (in VM)', function () {
  this.timeout(600000);

  it('a targeted reader: only its target\'s records are written while another process floods syscalls, and all of them arrive', async function () {
    const { got, written } = await traceUnderFlood(prog('getppid_loop'), ['5000'], false);
    const by = getppidByPid(got);
    console.log(`      written ${written}, delivered ${got.records.length}, lost ${got.lost}, getppid per pid ${JSON.stringify([...by])}`);
    assert.equal(got.lost, 0n);
    assert.equal([...by.values()].reduce((a, b) => a + b, 0), 5000, 'getppid() results of the target');
    assert.equal(by.size, 1, 'records of another process');
    // Every record written was one the reader took: the flood's, the
    // test's own and the interrupts' were never written.
    assert.equal(written, BigInt(got.records.length));
  });

  it('the only untargeted reader: its own process\'s records are not written, everyone else\'s are and arrive', async function () {
    const dev = openReader({ events: ['syscall'], vars: ['pid', 'regs'] });
    try {
      const before = dev.stats();
      dev.start();
      const reading = pump(dev);
      const loop = runAsync(prog('getppid_loop'), ['2000']);
      // Our own syscalls meanwhile: 2000 stat(2) calls at least.
      for (let i = 0; i < 2000; i++) fs.statSync('/');
      assert.equal(await loop, 0);
      dev.stop();
      const got = decode(await reading);
      const written = dev.stats().recordsWritten - before.recordsWritten;
      const own = got.records.filter((r) => num(r, 'pid') === process.pid).length;
      console.log(`      written ${written}, delivered ${got.records.length}, lost ${got.lost}, own ${own}`);
      assert.equal(got.lost, 0n);
      assert.equal(own, 0);
      assert.ok([...getppidByPid(got).values()].includes(2000), 'the getppid loop\'s 2000 calls');
      // Our 2000 stat() calls alone were 4000 records the module used to
      // write and drop at read time. What is written and not delivered
      // now is only other processes' syscalls between STOP fixing the
      // reader's end and the filter leaving it: a few dozen, more on a busy
      // host (66 seen; the guest's own daemons run meanwhile), never the
      // thousands our own calls would be.
      assert.ok(written >= BigInt(got.records.length), `written ${written} < delivered`);
      assert.ok(written - BigInt(got.records.length) < 1000n, `${written - BigInt(got.records.length)} records written and not delivered`);
    } finally {
      dev.close();
    }
  });

  it('follow-children: every child, grandchild, thread, exec and setuid()\'s records are written and arrive, none of the flood\'s', async function () {
    const n = 2000;
    const { got, written } = await traceUnderFlood(prog('filter_tree'), ['tree', String(n), prog('getppid_loop')], true);
    const by = getppidByPid(got);
    // Process forks only: a thread's creation is a fork record whose child is in the same process.
    const forks = got.records.filter((r) => r.name === 'proc_fork' && num(r, 'child_pid') !== num(r, 'pid'));
    const tree = forks.length === 3 ? { parent: num(forks[0], 'pid'), c1: num(forks[0], 'child_pid') } : undefined;
    console.log(`      written ${written}, delivered ${got.records.length}, lost ${got.lost}, getppid per pid ${JSON.stringify([...by])}`);
    assert.equal(got.lost, 0n);
    assert.ok(tree, `expected 3 forks (C1, G, C2), got ${forks.length}`);
    // The parent forked C1 first, C1 forked G, the parent C2.
    const g = forks.find((f) => num(f, 'pid') === tree.c1 && num(f, 'child_pid') !== tree.c1);
    const c2 = forks.find((f) => num(f, 'pid') === tree.parent && num(f, 'child_pid') !== tree.c1 && num(f, 'child_pid') !== tree.parent);
    assert.ok(g && c2, 'forks of G and C2');
    assert.deepEqual(
      new Map([...by].sort((a, b) => a[0] - b[0])),
      new Map(
        [
          [tree.parent, 2 * n],
          [tree.c1, n],
          [num(g, 'child_pid'), 2 * n],
          [num(c2, 'child_pid'), 2 * n],
        ].sort((a, b) => a[0] - b[0]) as [number, number][],
      ),
    );
    assert.equal(written, BigInt(got.records.length));
  });

  it('an unprivileged follower gets the child a setuid-root parent forked once it is the user\'s again (fork written though invisible)', async function () {
    const cp = spawnSync('sh', ['-c', `cp ${prog('filter_tree')} ${SUID_COPY} && chown 0:0 ${SUID_COPY} && chmod 4755 ${SUID_COPY}`]);
    assert.equal(cp.status, 0, String(cp.stderr));
    const n = 3000;
    const argv = ['setpriv', '--reuid=1000', '--regid=1000', '--clear-groups', '--', process.execPath, WATCH, 'follow', SUID_COPY, 'suidfork', String(n), prog('getppid_loop')];
    const flood = spawn(prog('stress_load'), ['syscalls'], { stdio: 'ignore' });
    let out = '';
    try {
      const watch = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
      watch.stdout.on('data', (d: Buffer) => (out += d.toString()));
      watch.stderr.on('data', (d: Buffer) => (out += d.toString()));
      assert.equal(await new Promise((r) => watch.on('exit', r)), 0, out);
    } finally {
      flood.kill('SIGKILL');
    }
    const line = (prefix: string) => out.split('\n').find((l) => l.startsWith(prefix)) ?? assert.fail(`no ${prefix} line: ${out}`);
    const pids = JSON.parse(line('{')) as { parent: number; child: number };
    const seen = JSON.parse(line('summary ').slice('summary '.length)) as WatchSummary;
    console.log(`      ${JSON.stringify(pids)}; getppid seen per pid ${JSON.stringify(seen.getppidByPid)}`);
    assert.equal(seen.foreign, 0);
    // The parent ran as root: nothing of it; the child after its exec: all of it.
    assert.equal(seen.getppidByPid[String(pids.parent)] ?? 0, 0);
    assert.equal(seen.getppidByPid[String(pids.child)], n);
  });
});
