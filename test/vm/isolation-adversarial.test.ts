// Adversarial uid isolation: a uid-1000 reader tries to see root's and
// uid 1001's records through system-wide masks, foreign targets, a followed
// child that execs a setuid-root binary, and a process of its own that keeps
// switching its effective uid to root while another of its threads races
// the switches. It must get none of them, nor a kernel address.
import { strict as assert } from 'node:assert';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { WatchSummary } from './helpers/uid-watch';
import { prog } from './lib/readers';

const SUID_COPY = '/tmp/uid_games_suid';
const WATCH = path.join(__dirname, 'helpers/uid-watch.js');
const as = (uid: number, argv: string[]) => ['setpriv', `--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', '--', ...argv];

function start(argv: string[]): { child: ChildProcess; out: () => string; exited: Promise<number | null> } {
  const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return { child, out: () => out, exited: new Promise((r) => child.on('exit', r)) };
}

const jsonLine = (text: string, prefix = '{') => {
  const line = text.split('\n').find((l) => l.startsWith(prefix));
  assert.ok(line, `no ${prefix} line in: ${text}`);
  return JSON.parse(line.slice(prefix === '{' ? 0 : prefix.length));
};

describe('uid isolation, adversarial (in VM)', function () {
  this.timeout(600000);

  before(function () {
    // A setuid-root copy on the guest's tmpfs (the 9p share ignores the bit).
    const r = spawnSync('sh', ['-c', `cp ${prog('uid_games')} ${SUID_COPY} && chown 0:0 ${SUID_COPY} && chmod 4755 ${SUID_COPY}`]);
    assert.equal(r.status, 0, String(r.stderr));
  });

  it('system-wide and foreign targets: none of root\'s, uid 1001\'s or its setuid process\'s records, while it races seteuid', async function () {
    const rootLoad = spawn(prog('stress_load'), ['syscalls'], { stdio: 'ignore' });
    const otherLoad = spawn(as(1001, [prog('stress_load'), 'syscalls'])[0], as(1001, [prog('stress_load'), 'syscalls']).slice(1), { stdio: 'ignore' });
    try {
      await new Promise((r) => setTimeout(r, 200));
      const watch = start(as(1000, [process.execPath, WATCH, 'system', '8000', String(rootLoad.pid), String(otherLoad.pid), '1']));
      while (!watch.out().includes('started')) await new Promise((r) => setTimeout(r, 50));
      const games = start(as(1000, [SUID_COPY, 'toggle', '400']));
      assert.equal(await games.exited, 0, games.out());
      assert.equal(await watch.exited, 0, watch.out());
      const played = jsonLine(games.out()) as { root_calls: number; own_calls: number; racing_root: number; racing_own: number };
      const seen = jsonLine(watch.out(), 'summary ') as WatchSummary;
      console.log(`      attempts: ${JSON.stringify(played)}; reader: ${JSON.stringify({ ...seen, pids: seen.pids.length })}`);
      // The attempts happened: the program really ran as root, racing included.
      assert.equal(played.root_calls, 800);
      // Each switch waits for one whole call of the racer under the new uid.
      assert.ok(played.racing_root >= 400, `the racing thread ran as root only ${played.racing_root} times`);
      assert.ok(played.racing_own >= 400, `the racing thread ran as uid 1000 only ${played.racing_own} times`);
      for (const pid of [rootLoad.pid, otherLoad.pid, 1]) assert.equal(seen.targetErrnos[String(pid)], 'EPERM', `target ${pid}`);
      assert.equal(seen.foreign, 0, 'records of another uid or euid');
      assert.equal(seen.kernelAddresses, 0, 'kernel addresses');
      assert.equal(seen.rootEuidResults, 0, 'geteuid() calls made as root');
      assert.ok(!seen.pids.includes(rootLoad.pid!) && !seen.pids.includes(otherLoad.pid!), 'records of root\'s or uid 1001\'s load');
      // Not even while its effective uid was 1000: its saved uid stays 0, so
      // ptrace refuses it (and setpriv, having changed uids, was not dumpable).
      assert.ok(!seen.pids.includes(games.child.pid!), 'a setuid-root process');
      assert.equal(seen.ownEuidResults, 0, `${played.own_calls} geteuid() calls made with euid 1000 and saved uid 0`);
    } finally {
      rootLoad.kill('SIGKILL');
      otherLoad.kill('SIGKILL');
    }
  });

  it('a followed child that execs a setuid-root binary disappears from the reader at the exec', async function () {
    const watch = start(as(1000, [process.execPath, WATCH, 'follow', SUID_COPY, 'euid', '3000']));
    assert.equal(await watch.exited, 0, watch.out());
    const ran = jsonLine(watch.out()) as { euid: number; calls: number };
    const seen = jsonLine(watch.out(), 'summary ') as WatchSummary;
    console.log(`      attempts: ${JSON.stringify(ran)}; reader: ${JSON.stringify({ ...seen, pids: seen.pids.length })}`);
    assert.deepEqual(ran, { euid: 0, calls: 3000 });
    assert.ok(seen.events > 0, 'nothing of the child before its exec');
    assert.equal(seen.foreign, 0);
    assert.equal(seen.kernelAddresses, 0);
    assert.equal(seen.rootEuidResults, 0, 'geteuid() calls made after the setuid exec');
  });
});
