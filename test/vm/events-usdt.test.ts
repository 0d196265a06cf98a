// USDT probes against the real module: exact argument values and strings of
// test/progs/usdt_probes.c, semaphores raised only while traced and lowered
// when the reader stops, -p, libstdc++'s throw/catch, rmmod, unprivileged
// readers and unreadable files.
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONSTANTS } from '../../frontend/src/abi/abi';
import { IoctlError } from '../../frontend/src/device/ioctl-binding';
import type { TraceDevice } from '../../frontend/src/device/trace-device';
import { attachProbes, type ProbeSite } from '../../frontend/src/usdt/attach';
import { readProbes } from '../../frontend/src/usdt/notes';
import { parseProbeSpec, resolveProbe } from '../../frontend/src/usdt/trace-probe';
import { Capture, cleanUp, hold, named, num, sleep, str, val, type Rec } from './lib/events';
import { modulePath, sh } from './lib/module';
import { REPO, openReader, prog } from './lib/readers';


/*
 * Uprobes are keyed by inode; 9p (where the repository is) gives every
 * lookup of an uncached file a new inode, so an exec would not map the
 * probed one. The programs are probed as copies on the guest's own rootfs.
 */
const LOCAL = '/tmp/usdt-test';
fs.mkdirSync(LOCAL, { recursive: true });
const local = (name: string) => {
  const to = path.join(LOCAL, name);
  fs.copyFileSync(prog(name), to);
  fs.chmodSync(to, 0o755);
  return to;
};
const PROG = local('usdt_probes');
const CXX = local('cxx_throw');
const UNTOUCHED = 'a string on a page never touched before the probe';
const N = 5;

function addProbes(dev: TraceDevice, specs: string[]): Map<number, ProbeSite> {
  return attachProbes(
    dev,
    specs.map((s) => resolveProbe(parseProbeSpec(s))),
  );
}

const signed = (r: Rec, i: number) => BigInt.asIntN(64, val(r, `usdt_arg${i}`));
const unsigned = (r: Rec, i: number) => BigInt.asUintN(64, val(r, `usdt_arg${i}`));
const probeName = (sites: Map<number, ProbeSite>, r: Rec) => sites.get(num(r, 'usdt_probe') & 0xffff)?.probe.label;

/** A running `usdt_probes --watch`: prints sema=N whenever ktest:sema's semaphore changes, until stdin ends. */
function watcher() {
  const child = spawn(PROG, ['--watch'], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
  return {
    child,
    exited,
    last: () => /sema=(\d+)\n$/.exec(out)?.[1],
    async waitSema(value: string, ms = 60000) {
      const until = Date.now() + ms;
      while (this.last() !== value) {
        if (Date.now() > until || child.exitCode !== null) assert.fail(`semaphore never became ${value}: ${JSON.stringify(out)}`);
        await sleep(10);
      }
    },
  };
}

describe('events: USDT probes (in VM)', function () {
  afterEach(cleanUp);

  it('records every operand form with exact values, and strings (one on a page never touched before)', async function () {
    const cap = Capture.open({ events: ['usdt'], vars: ['pid'] });
    cap.dev.setSnaplen(128);
    const sites = addProbes(cap.dev, [
      `u:${PROG}:ktest:regs`,
      `u:${PROG}:ktest:imm`,
      `u:${PROG}:ktest:mem`,
      `u:${PROG}:ktest:index`,
      `u:${PROG}:ktest:str "%s %s %d", arg1, arg2, arg3`,
    ]);
    const h = hold(PROG, [String(N)]);
    cap.startHeld(h);
    const exit = await h.exited;
    const d = await cap.finish();
    assert.deepEqual(exit, { code: 0, signal: null }, h.stderr());
    assert.equal(h.stdout(), 'sema_fired=0\n');
    assert.equal(d.lost, 0n);
    const recs = named(d.records, 'usdt');
    assert.ok(recs.every((r) => num(r, 'pid') === h.pid));
    const got = recs.map((r) => {
      const name = probeName(sites, r);
      switch (name) {
        case 'u:ktest:regs':
          return [name, signed(r, 0), unsigned(r, 1), signed(r, 2), unsigned(r, 3), signed(r, 4)];
        case 'u:ktest:imm':
          return [name, signed(r, 0), unsigned(r, 1), unsigned(r, 2)];
        case 'u:ktest:mem':
          return [name, signed(r, 0), unsigned(r, 1), signed(r, 2)];
        case 'u:ktest:index':
          return [name, signed(r, 0), unsigned(r, 1), unsigned(r, 2)];
        case 'u:ktest:str': {
          const s0 = str(r, 'usdt_str0');
          const s1 = str(r, 'usdt_str1');
          return [name, s0?.status, s0?.bytes.toString(), s1?.status, s1?.bytes.toString(), signed(r, 2)];
        }
      }
      return [name];
    });
    const want: unknown[] = [];
    for (let i = 0n; i < BigInt(N); i++)
      want.push(
        ['u:ktest:regs', -(i + 1n), 0xfedcba9876543210n + i, -300n, 200n, -2n],
        ['u:ktest:imm', -17n, 0x123456789n, 255n],
        ['u:ktest:mem', -(i + 1000n), 0xbeefn, 127n],
        ['u:ktest:index', -(i + 5n), 0x1122334455667788n + i, 2n ** 32n - (i + 5n)],
        ['u:ktest:str', 0, UNTOUCHED, 0, 'touched', i],
      );
    assert.deepEqual(got, want);
  });

  it('a semaphore-guarded probe fires 0 times untraced and N times traced; -p sees only its process', async function () {
    const untraced = spawnSync(PROG, [String(N)], { encoding: 'utf8' });
    assert.equal(untraced.stdout, 'sema_fired=0\n');

    const cap = Capture.open({ events: ['usdt'], vars: ['pid'] });
    addProbes(cap.dev, [`u:${PROG}:ktest:sema`, `u:${PROG}:ktest:regs`]);
    const a = hold(PROG, [String(N)]);
    const b = hold(PROG, [String(N)]);
    cap.startHeld(a);
    b.release();
    const [ea, eb] = await Promise.all([a.exited, b.exited]);
    const d = await cap.finish();
    assert.deepEqual([ea, eb], [{ code: 0, signal: null }, { code: 0, signal: null }]);
    // The semaphore is raised in the target only: the other copy never sees it set.
    assert.equal(a.stdout(), `sema_fired=${N}\n`);
    assert.equal(b.stdout(), 'sema_fired=0\n');
    const recs = named(d.records, 'usdt');
    assert.deepEqual(
      recs.map((r) => num(r, 'pid')),
      Array(2 * N).fill(a.pid),
    );
    const sema = recs.filter((r) => (num(r, 'usdt_probe') & 0xffff) === 0);
    assert.deepEqual(
      sema.map((r) => signed(r, 0)),
      Array.from({ length: N }, (_, i) => BigInt(i)),
    );
  });

  it('the semaphore goes back to 0 when the reader stops, and when it is closed, while the program runs', async function () {
    const w = watcher();
    await w.waitSema('0');
    // Stopped: the probes go, the reader drains what they recorded.
    const cap = Capture.open({ events: ['usdt'], vars: ['pid'] });
    addProbes(cap.dev, [`u:${PROG}:ktest:sema`]);
    cap.start();
    await w.waitSema('1');
    await sleep(50);
    cap.dev.stop();
    await w.waitSema('0');
    const d = await cap.finish();
    const recs = named(d.records, 'usdt').filter((r) => num(r, 'pid') === w.child.pid);
    assert.ok(recs.length > 0, 'the guarded probe fired while traced');
    // Closed while started, never stopped.
    const dev = openReader({ events: ['usdt'], vars: ['pid'] });
    addProbes(dev, [`u:${PROG}:ktest:sema`]);
    dev.start();
    await w.waitSema('1');
    dev.close();
    await w.waitSema('0');
    w.child.stdin.end();
    assert.equal(await w.exited, 0);
  });

  it("counts C++ throw and catch through libstdc++'s probes", async function () {
    const exe = CXX;
    const cap = Capture.open({ events: ['usdt'], vars: ['pid'] });
    const sites = addProbes(cap.dev, [`u:${exe}:libstdcxx:throw`, `u:${exe}:libstdcxx:catch`]);
    const h = hold(exe, ['7']);
    cap.startHeld(h);
    assert.deepEqual(await h.exited, { code: 0, signal: null });
    const d = await cap.finish();
    const names = named(d.records, 'usdt').map((r) => probeName(sites, r));
    assert.deepEqual(names, Array(7).fill(['u:libstdcxx:throw', 'u:libstdcxx:catch']).flat());
  });

  it('rmmod after a reader with live probes was killed: the target keeps running, its semaphore at 0', async function () {
    const w = watcher();
    await w.waitSema('0');
    const reader = spawn(
      process.execPath,
      [
        '-e',
        `const { TraceDevice } = require(${JSON.stringify(path.resolve(__dirname, '../../frontend/src/device/trace-device.js'))});
         const { attachProbes } = require(${JSON.stringify(path.resolve(__dirname, '../../frontend/src/usdt/attach.js'))});
         const { parseProbeSpec, resolveProbe } = require(${JSON.stringify(path.resolve(__dirname, '../../frontend/src/usdt/trace-probe.js'))});
         const { eventMask } = require(${JSON.stringify(path.resolve(__dirname, '../../frontend/src/session/trace-options.js'))});
         const dev = TraceDevice.open();
         dev.setEvents(eventMask(['usdt']));
         attachProbes(dev, [resolveProbe(parseProbeSpec(${JSON.stringify(`u:${PROG}:ktest:sema`)}))]);
         dev.start();
         process.stdout.write('started\\n');
         setInterval(() => {}, 1000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((r) => reader.stdout.once('data', () => r()));
    await w.waitSema('1');
    reader.kill('SIGKILL');
    await new Promise((r) => reader.on('exit', r));
    await w.waitSema('0');
    const rm = sh('rmmod trace');
    try {
      assert.equal(rm.code, 0, rm.out);
      await sleep(100);
      assert.equal(w.child.exitCode, null, 'the traced program still runs');
      assert.equal(w.last(), '0');
    } finally {
      const ins = sh(`insmod ${modulePath()}`);
      assert.equal(ins.code, 0, ins.out);
    }
    w.child.stdin.end();
    assert.equal(await w.exited, 0);
  });

  it('caps the probes of one reader at KT_USDT_MAX_PROBES, and refuses changes while started', function () {
    const dev = openReader({ events: ['usdt'], vars: ['pid'] });
    try {
      const regs = readProbes(PROG).find((p) => p.name === 'regs');
      assert.ok(regs);
      const fd = fs.openSync(PROG, 'r');
      try {
        const add = () => dev.addUprobe({ fd, offset: regs.offset, refCtrOffset: regs.semaphoreOffset, args: [] });
        const ids = Array.from({ length: CONSTANTS.KT_USDT_MAX_PROBES }, add);
        assert.deepEqual(
          ids.map((id) => Number(id & 0xffffn)),
          Array.from({ length: CONSTANTS.KT_USDT_MAX_PROBES }, (_, i) => i),
        );
        assert.throws(add, (err: unknown) => err instanceof IoctlError && err.code === 'ENOSPC');
        dev.start();
        assert.throws(add, (err: unknown) => err instanceof IoctlError && err.code === 'EBUSY');
      } finally {
        fs.closeSync(fd);
      }
    } finally {
      dev.close();
    }
  });

  it('an unprivileged reader may not probe a file it cannot read, even through an fd it was given', function () {
    const secret = '/tmp/usdt_probes.secret';
    fs.copyFileSync(PROG, secret);
    fs.chmodSync(secret, 0o711);
    const open = `/tmp/usdt_probes.open`;
    fs.copyFileSync(PROG, open);
    fs.chmodSync(open, 0o755);
    try {
      const regs = readProbes(PROG).find((p) => p.name === 'regs');
      assert.ok(regs);
      const at = `${regs.offset},${regs.semaphoreOffset}`;
      const helper = path.join(__dirname, 'helpers/usdt-probe-file.js');
      const asUser = (file: string, how: string, extra: string[] = []) =>
        spawnSync('sh', ['-c', `setpriv --reuid=1000 --regid=1000 --clear-groups -- ${process.execPath} ${helper} ${file} ${how} ${at} ${extra.join(' ')}`], {
          encoding: 'utf8',
        }).stdout.trim();
      assert.equal(asUser(secret, 'open'), 'EACCES');
      assert.equal(asUser(open, 'open'), 'ok');
      // A root-opened fd of the secret file handed down: the module checks the opener of /dev/trace.
      const fd3 = spawnSync(
        'sh',
        ['-c', `exec 3<${secret}; setpriv --reuid=1000 --regid=1000 --clear-groups -- ${process.execPath} ${helper} ${secret} fd3 ${at}`],
        { encoding: 'utf8' },
      ).stdout.trim();
      assert.equal(fd3, 'EACCES');
    } finally {
      fs.rmSync(secret, { force: true });
      fs.rmSync(open, { force: true });
    }
  });
});

const CLI = path.join(REPO, 'dist/frontend/src/cli.js');

describe('ktrace command line: USDT probes (in VM)', function () {
  const cli = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  const tmp = (name: string) => path.join(LOCAL, name);
  const probes = ['--events', `u:${PROG}:ktest:imm`, '--events', `u:${PROG}:ktest:str "%s|%s|%d", arg1, arg2, arg3`];
  // One traced process: no pid prefix, as strace prints none while one thread is traced.
  const expected = [0, 1].flatMap((i) => [`u:ktest:imm(arg1=-17, arg2=4886718345, arg3=255)`, `u:ktest:str: ${UNTOUCHED}|touched|${i}`]);

  it('ktrace run --events u:... shows each hit, in the user format or as arguments', function () {
    const out = tmp('run.txt');
    const r = cli(['run', '-s', '100', '-o', out, ...probes, '--', PROG, '2']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'sema_fired=0\n');
    const lines = fs.readFileSync(out, 'utf8').trimEnd().split('\n');
    assert.deepEqual(lines, expected);
  });

  it('ktrace record keeps the probes: report and export show them by name', function () {
    const file = tmp('usdt.ktr');
    const r = cli(['record', '-s', '100', '-o', file, ...probes, '--', PROG, '2']);
    assert.equal(r.status, 0, r.stderr);
    const rep = cli(['report', file]);
    assert.equal(rep.status, 0, rep.stderr);
    const lines = rep.stdout.trimEnd().split('\n');
    assert.deepEqual(lines, expected);
    const exp = cli(['export', file]);
    assert.equal(exp.status, 0, exp.stderr);
    const instants = (JSON.parse(exp.stdout) as { traceEvents: { ph: string; name: string; args?: Record<string, unknown> }[] }).traceEvents.filter(
      (e) => e.ph === 'i' && e.name.startsWith('u:'),
    );
    assert.deepEqual(
      instants.map((e) => [e.name, e.args?.arg1]),
      [['u:ktest:imm', -17], ['u:ktest:str', UNTOUCHED], ['u:ktest:imm', -17], ['u:ktest:str', UNTOUCHED]],
    );
  });

  it('ktrace trace -p PID u:... shows a running process\'s hits until Ctrl-C, then lowers the semaphore', async function () {
    const w = watcher();
    await w.waitSema('0');
    const t = spawn(process.execPath, [CLI, 'trace', '-p', String(w.child.pid), `u:${PROG}:ktest:sema "i=%d", arg1`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    t.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const until = Date.now() + 120000;
    while (err.split('\n').length < 4 && Date.now() < until && t.exitCode === null) await sleep(50);
    t.kill('SIGINT');
    const code = await new Promise((r) => t.on('exit', r));
    assert.equal(code, 0, err);
    await w.waitSema('0');
    const lines = err.trimEnd().split('\n');
    assert.ok(lines.length >= 3, err);
    const first = Number(/: i=(\d+)$/.exec(lines[0])?.[1]);
    assert.deepEqual(
      lines,
      lines.map((_, k) => `u:ktest:sema: i=${first + k}`),
    );
    w.child.stdin.end();
    assert.equal(await w.exited, 0);
  });

  it("an unprivileged reader's probes stay out of other users' processes (no breakpoint, no semaphore, no hits)", async function () {
    const rootWatch = watcher();
    await rootWatch.waitSema('0');
    const asUser = (argv: string[]) => spawn('setpriv', ['--reuid=1000', '--regid=1000', '--clear-groups', '--', ...argv], { stdio: ['pipe', 'pipe', 'pipe'] });
    const userWatch = asUser([PROG, '--watch']);
    let userOut = '';
    userWatch.stdout.on('data', (d: Buffer) => (userOut += d.toString()));
    const t = asUser([process.execPath, CLI, 'trace', `u:${PROG}:ktest:sema`]);
    let err = '';
    t.stderr.on('data', (d: Buffer) => (err += d.toString()));
    try {
      // The user's own copy sees its semaphore raised: the probes are placed.
      const until = Date.now() + 120000;
      while (!/sema=1\n/.test(userOut) && Date.now() < until && t.exitCode === null) await sleep(50);
      assert.match(userOut, /sema=1\n/, err);
      await sleep(200);
      assert.equal(rootWatch.last(), '0', "root's copy never had its semaphore raised");
    } finally {
      t.kill('SIGINT');
      await new Promise((r) => t.on('exit', r));
      userWatch.stdin.end();
      rootWatch.child.stdin.end();
    }
    const lines = err.trimEnd().split('\n');
    // System-wide: every line names its process, `[pid %5u] ` as strace's.
    const own = new RegExp(`^\\[pid +${userWatch.pid}\\] u:ktest:sema\\(arg1=`);
    assert.ok(lines.length > 0 && lines.every((l) => own.test(l)), err);
    assert.equal(await rootWatch.exited, 0);
  });

  it('a bad probe is one line naming it, before anything runs', function () {
    const r = cli(['run', '--events', `u:${PROG}:ktest:nosuch`, '--', PROG, '1']);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, `ktrace: probe ktest:nosuch: not in ${PROG} (\`ktrace usdt -l ${PROG}\` lists its probes)\n`);
  });
});
