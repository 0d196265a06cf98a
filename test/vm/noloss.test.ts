// --no-loss (KT_TARGET_NO_LOSS): a traced command that outruns ktrace waits
// for it instead of losing records, exactly; --loss on the same small ring
// loses (so the exact counts are not luck); and only the reader's own
// targets ever wait: a stopped unprivileged reader holds its own command,
// never root's flood, and killing it lets its command go on.
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TraceDevice } from '../../frontend/src/device/trace-device';
import { reload } from './lib/module';
import { openReader, prog } from './lib/readers';
import { as } from './lib/sec-watcher';

/*
 * Calls in a flood: each is two records, ~60000 records against the few
 * thousand the 64 KiB ring holds, so a lossy reader loses and a no-loss
 * one makes the command wait many times. Ten times as many proved nothing
 * more and cost CI eight minutes a kernel.
 */
const CALLS = 30000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function ktrace(args: string[]) {
  const r = spawnSync('ktrace', args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  return { code: r.status ?? -1, stderr: r.stderr };
}

/**
 * getppid() calls that a strace-style trace shows returning (after the pid
 * column of -f -o): whole lines, and `<... getppid resumed>` lines of calls
 * that another process's interrupted.
 */
function getppidCalls(file: string, pids?: Set<string>): number {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => {
      const m = /^(?:(\d+) +)?(?:getppid\(|<\.\.\. getppid resumed>)\) += \d+$/.exec(l);
      return m && (!pids || pids.has(m[1]));
    }).length;
}

/** Pids (-f -o column) that exec'd @program in a trace. */
function execPids(file: string, program: string): Set<string> {
  const pids = new Set<string>();
  for (const l of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = /^(\d+) +execve\("([^"]*)", /.exec(l);
    if (m && m[2] === program) pids.add(m[1]);
  }
  return pids;
}

/** Pids of processes named @comm whose real uid is @uid. */
function pidsOf(comm: string, uid: number): number[] {
  const pids: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (fs.readFileSync(`/proc/${name}/comm`, 'utf8').trim() !== comm) continue;
      const uidLine = /^Uid:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${name}/status`, 'utf8'));
      if (uidLine && Number(uidLine[1]) === uid) pids.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** Scheduler state letter and user+system ticks of @pid, or undefined once it is gone. */
function procState(pid: number): { state: string; ticks: number } | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: f[0], ticks: Number(f[11]) + Number(f[12]) };
  } catch {
    return undefined;
  }
}

async function until(what: string, cond: () => boolean, ms = 300000): Promise<void> {
  for (const end = Date.now() + ms; !cond(); await sleep(100)) if (Date.now() > end) assert.fail(`timed out waiting until ${what}`);
}

describe('no-loss readers (in VM)', function () {
  // A traced flood under TCG takes minutes, on the debug kernel too.
  this.timeout(1200000);
  // The smallest ring the module allows (4 chunks per CPU): a flood outruns any reader.
  let ringBytes = 0;
  let dir: string;
  before(function () {
    const dev = TraceDevice.open();
    try {
      ringBytes = 4 * dev.info().chunkBytes;
    } finally {
      dev.close();
    }
    reload(`buffer_kb=${ringBytes / 1024}`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'noloss-'));
    fs.chmodSync(dir, 0o777);
    fs.copyFileSync(prog('getppid_loop'), path.join(dir, 'getppid_loop'));
    fs.chmodSync(path.join(dir, 'getppid_loop'), 0o755);
  });
  after(function () {
    fs.rmSync(dir, { recursive: true, force: true });
    reload();
  });

  it(`ktrace run --no-loss: all ${CALLS} getppid calls shown, 0 lost`, function () {
    const noLoss = path.join(dir, 'noloss.trace');
    const r = ktrace(['run', '--no-loss', '-o', noLoss, '--', path.join(dir, 'getppid_loop'), String(CALLS)]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '', 'no "records lost" line');
    assert.equal(getppidCalls(noLoss), CALLS);
    assert.ok(fs.readFileSync(noLoss, 'utf8').endsWith('\n+++ exited with 0 +++\n'));
  });

  it(`ktrace run without --loss is no-loss too: all ${CALLS} calls`, function () {
    const byDefault = path.join(dir, 'default.trace');
    const d = ktrace(['run', '-o', byDefault, '--', path.join(dir, 'getppid_loop'), String(CALLS)]);
    assert.deepEqual([d.code, d.stderr], [0, '']);
    assert.equal(getppidCalls(byDefault), CALLS);
  });

  it('ktrace run --loss on the same ring loses records, and says so', function () {
    const lossy = path.join(dir, 'loss.trace');
    const l = ktrace(['run', '--loss', '-o', lossy, '--', path.join(dir, 'getppid_loop'), String(CALLS)]);
    assert.equal(l.code, 0, l.stderr);
    const lost = /^ktrace: (\d+) records lost \(/.exec(l.stderr);
    assert.ok(lost && Number(lost[1]) > 0, `expected records lost with --loss: ${l.stderr}`);
    assert.ok(getppidCalls(lossy) < CALLS, 'lost records, yet every call shown');
  });

  it('ktrace run -f --no-loss: two children flooding at once, every call of both shown', function () {
    const file = path.join(dir, 'follow.trace');
    const loop = path.join(dir, 'getppid_loop');
    const half = CALLS / 2;
    const r = ktrace(['run', '-f', '--no-loss', '-o', file, '--', 'sh', '-c', `${loop} ${half} & ${loop} ${half}; wait`]);
    assert.deepEqual([r.code, r.stderr], [0, '']);
    // Only the loops' calls: the shell calls getppid too (for $PPID).
    const loops = execPids(file, loop);
    assert.equal(loops.size, 2, fs.readFileSync(file, 'utf8').slice(0, 2000));
    assert.equal(getppidCalls(file, loops), CALLS);
  });

  it('ktrace record --no-loss: every record kept, and how long the command waited', function () {
    const file = path.join(dir, 'noloss.ktr');
    const r = ktrace(['record', '--no-loss', '-o', file, '--', path.join(dir, 'getppid_loop'), String(CALLS)]);
    assert.equal(r.code, 0, r.stderr);
    const m = /^ktrace: recorded (\d+) records \(\d+ bytes\) to .*; traced processes waited (\d+) times \(\d+\.\d{3} ms\) for ktrace to catch up\n$/.exec(r.stderr);
    assert.ok(m, r.stderr);
    // Two records per call, plus the exec and the start-up calls of the program.
    assert.ok(Number(m[1]) >= 2 * CALLS && Number(m[1]) < 2 * CALLS + 400, r.stderr);
    assert.ok(Number(m[2]) > 0, r.stderr);
    const shown = path.join(dir, 'noloss-report.trace');
    const report = ktrace(['report', '-o', shown, file]);
    assert.deepEqual([report.code, report.stderr], [0, '']);
    assert.equal(getppidCalls(shown), CALLS);
  });

  it('needs a target: record --no-loss without one is a usage error, and the module refuses pid 0', function () {
    const r = ktrace(['record', '--no-loss', '-o', path.join(dir, 'x.ktr')]);
    assert.deepEqual([r.code, r.stderr], [2, 'ktrace: record: --no-loss needs --pid or a command (it slows only its targets)\n']);
    const dev = openReader({ events: ['syscall'], vars: ['pid'] });
    try {
      assert.throws(() => dev.setTarget(0, false, true), { code: 'EINVAL' });
    } finally {
      dev.close();
    }
  });

  it("uid 1000's stopped no-loss reader holds its own command, never root's flood; killed, its command goes on", async function () {
    // A root reader of everything, never read: root's flood fills the same rings.
    const all = openReader({ events: ['syscall'], vars: ['pid'] });
    all.start();
    const argv = as(1000, ['ktrace', 'record', '--no-loss', '-o', path.join(dir, 'user.ktr'), '--', path.join(dir, 'getppid_loop'), '1000000000']);
    // setpriv and the launcher exec node: this pid is the reader's process.
    const reader = spawn(argv[0], argv.slice(1), { stdio: 'ignore' });
    let target = 0;
    try {
      await until('uid 1000 getppid_loop runs', () => (target = pidsOf('getppid_loop', 1000)[0] ?? 0) > 0);
      // The reader is `node` under setpriv (which execs it): uid 1000's node.
      const node = reader.pid as number;
      process.kill(node, 'SIGSTOP');
      // Its command outruns the stopped reader and waits (TASK_KILLABLE: D), no longer running.
      // /proc shows D from prepare_to_wait() on, while the task still runs up to schedule():
      // its CPU time counts from two looks 100 ms apart that agree (seen racing on 8 vCPUs).
      let last = -1;
      await until('the command waits for its stopped reader', () => {
        const s = procState(target);
        const settled = s?.state === 'D' && s.ticks === last;
        last = s?.state === 'D' ? s.ticks : -1;
        return settled;
      });
      const held = last;
      // root's flood, in the same rings, is never held: it finishes.
      const flood = spawnSync(path.join(dir, 'getppid_loop'), [String(CALLS)], { timeout: 600000 });
      assert.equal(flood.status, 0, `root's flood did not finish: ${flood.error?.message ?? flood.signal}`);
      const still = procState(target);
      assert.equal(still?.state, 'D', 'the command went on while its reader was stopped');
      assert.ok(still && still.ticks - held <= 1, 'the command ran while its reader was stopped');
      // Killing the stopped reader closes it: the command runs again.
      process.kill(node, 'SIGKILL');
      await until('the command runs again', () => (procState(target)?.ticks ?? 0) > held + 5);
    } finally {
      reader.kill('SIGKILL');
      if (target) process.kill(target, 'SIGKILL');
      all.close();
      // Gone (or a zombie: past its queued waits), so that the module can be reloaded.
      await until('the command is gone', () => !target || ['Z', undefined].includes(procState(target)?.state), 60000);
      await until('the reader is gone', () => reader.exitCode !== null || reader.signalCode !== null, 60000);
    }
  });
});
