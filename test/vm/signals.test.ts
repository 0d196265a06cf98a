// Signals in the strace view, against the real module and real strace:
// `--- SIGx {siginfo} ---` lines built from what the program's own
// SA_SIGINFO handler was given, `+++ killed by SIGx +++`, -e signal=, -qq,
// --json, and an unprivileged reader's view of its own signals.
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO, prog } from './lib/readers';

const CLI = path.join(REPO, 'dist/frontend/src/cli.js');
const SIG_KINDS = prog('sig_kinds');
const asUser = (argv: string[]) => ['setpriv', '--reuid=1000', '--regid=1000', '--clear-groups', '--', ...argv];

interface Got {
  [key: string]: string;
}

/** The program's `got ...` lines: what each delivery gave its handler. */
function gotLines(stdout: string): Got[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('got '))
    .map((l) => Object.fromEntries(l.slice(4).split(' ').map((kv) => kv.split('=') as [string, string])));
}

/** The strace lines each delivery must print, in order, from what the handler got. */
function expectedParentLines(got: Got[]): string[] {
  const hex = (p: string) => (p === '(nil)' ? 'NULL' : p);
  const [kill, tkill, queue, timer, , exited, killed, segv] = got;
  assert.equal(got.length, 8, JSON.stringify(got));
  const user = (g: Got, code: string) => `si_code=${code}, si_pid=${g.pid}, si_uid=${g.uid}`;
  // Clock ticks (USER_HZ 100); strace adds the seconds when not 0 (a slow kernel spends some).
  const ticks = (t: string) => (t === '0' ? t : `${t} /* ${Math.floor(Number(t) / 100)}.${String(Number(t) % 100).padStart(2, '0')} s */`);
  const child = (g: Got, code: string, status: string) =>
    `--- SIGCHLD {si_signo=SIGCHLD, si_code=${code}, si_pid=${g.pid}, si_uid=${g.uid}, si_status=${status}, si_utime=${ticks(g.utime)}, si_stime=${ticks(g.stime)}} ---`;
  return [
    `--- SIGUSR1 {si_signo=SIGUSR1, ${user(kill, 'SI_USER')}} ---`,
    `--- SIGUSR1 {si_signo=SIGUSR1, ${user(tkill, 'SI_TKILL')}} ---`,
    `--- SIGUSR1 {si_signo=SIGUSR1, ${user(queue, 'SI_QUEUE')}, si_int=42, si_ptr=${hex(queue.ptr)}} ---`,
    `--- SIGALRM {si_signo=SIGALRM, si_code=SI_TIMER, si_timerid=${timer.timerid === '0' ? '0' : `0x${Number(timer.timerid).toString(16)}`}, si_overrun=0, si_int=7, si_ptr=0x7} ---`,
    `--- SIGALRM {si_signo=SIGALRM, si_code=SI_KERNEL} ---`,
    child(exited, 'CLD_EXITED', '3'),
    child(killed, 'CLD_KILLED', 'SIGKILL'),
    child(segv, 'CLD_KILLED', 'SIGSEGV'),
    '+++ exited with 0 +++',
  ];
}

/** `--- ... ---` and `+++ ... +++` lines by pid; lines without a prefix are @defaultPid's. */
function signalLinesByPid(text: string, defaultPid: number): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const raw of text.split('\n')) {
    const m = /^(?:\[pid +(\d+)\] |(\d+) +)?((?:---|\+\+\+) .*)$/.exec(raw);
    if (!m) continue;
    const pid = Number(m[1] ?? m[2] ?? defaultPid);
    out.set(pid, [...(out.get(pid) ?? []), m[3]]);
  }
  return out;
}

function checkTrace(text: string, stdout: string, what: string): void {
  const got = gotLines(stdout);
  const parent = Number(got[0].pid);
  const byPid = signalLinesByPid(text, parent);
  assert.deepEqual(byPid.get(parent), expectedParentLines(got), `${what}:\n${text}`);
  // The children: one exits 3, one dies of SIGKILL (never shown delivered), one of SIGSEGV.
  assert.deepEqual(byPid.get(Number(got[5].pid)), ['+++ exited with 3 +++'], what);
  assert.deepEqual(byPid.get(Number(got[6].pid)), ['+++ killed by SIGKILL +++'], what);
  assert.deepEqual(
    byPid.get(Number(got[7].pid)),
    ['--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x10} ---', '+++ killed by SIGSEGV +++'],
    what,
  );
  assert.equal(byPid.size, 4, `${what}: ${[...byPid.keys()].join(' ')}`);
}

describe('strace view signals (in VM)', function () {
  let dir: string;
  before(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sig-'));
    fs.chmodSync(dir, 0o777);
  });

  it('ktrace run -f: --- SIGx {siginfo} --- as the handler got it, +++ killed by SIGx +++', function () {
    const k = spawnSync(process.execPath, [CLI, 'run', '-f', '-o', `${dir}/k.txt`, '--', SIG_KINDS], { encoding: 'utf8' });
    assert.equal(k.status, 0, k.stderr);
    checkTrace(fs.readFileSync(`${dir}/k.txt`, 'utf8'), k.stdout, 'ktrace');
  });

  it('strace -f prints the same signal lines for the same program (the expectations are strace\'s)', function () {
    const s = spawnSync('strace', ['-f', '-o', `${dir}/s.txt`, SIG_KINDS], { encoding: 'utf8' });
    assert.equal(s.status, 0, s.stderr);
    checkTrace(fs.readFileSync(`${dir}/s.txt`, 'utf8'), s.stdout, 'strace');
  });

  it('-e signal=SET picks the --- lines, -qq drops the +++ lines, as strace does', function () {
    const run = (args: string[]) => {
      const k = spawnSync(process.execPath, [CLI, 'run', '-f', ...args, '-o', `${dir}/f.txt`, '--', SIG_KINDS], { encoding: 'utf8' });
      assert.equal(k.status, 0, k.stderr);
      const s = spawnSync('strace', ['-f', ...args, '-o', `${dir}/fs.txt`, SIG_KINDS], { encoding: 'utf8' });
      assert.equal(s.status, 0, s.stderr);
      const lines = (f: string) => [...signalLinesByPid(fs.readFileSync(f, 'utf8'), 0).values()].flat().map((l) => l.replace(/\{.*\}/, '{}'));
      return { ktrace: lines(`${dir}/f.txt`), strace: lines(`${dir}/fs.txt`) };
    };
    // -qq hides `exited with`; `killed by` follows -e signal= (SIGSEGV in, SIGKILL out), as in strace.
    const chld = run(['-qq', '-e', 'signal=SIGCHLD,segv']);
    assert.deepEqual(chld.ktrace, ['--- SIGCHLD {} ---', '--- SIGCHLD {} ---', '--- SIGCHLD {} ---', '--- SIGSEGV {} ---', '+++ killed by SIGSEGV +++']);
    assert.deepEqual(chld.ktrace, chld.strace);
    const none = run(['-e', 'signal=!all']);
    assert.deepEqual(none.ktrace, ['+++ exited with 3 +++', '+++ exited with 0 +++']);
    assert.deepEqual([...none.ktrace].sort(), [...none.strace].sort());
  });

  it('--json: each delivery one object with the siginfo as fields; each killed thread one object', function () {
    const k = spawnSync(process.execPath, [CLI, 'run', '-f', '--json', '-o', `${dir}/j.txt`, '--', SIG_KINDS], { encoding: 'utf8' });
    assert.equal(k.status, 0, k.stderr);
    const got = gotLines(k.stdout);
    const objects = fs
      .readFileSync(`${dir}/j.txt`, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const signals = objects.filter((o) => o.event === 'signal');
    assert.equal(signals.length, 9, JSON.stringify(signals));
    const queue = signals[2];
    assert.deepEqual(
      { ...queue, ts: 0 },
      {
        ts: 0,
        pid: Number(got[2].pid),
        tid: Number(got[2].pid),
        event: 'signal',
        signal: 'SIGUSR1',
        siginfo: { si_signo: 'SIGUSR1', si_code: 'SI_QUEUE', si_pid: Number(got[2].pid), si_uid: 0, si_int: 42, si_ptr: '0x2a' },
        text: `{si_signo=SIGUSR1, si_code=SI_QUEUE, si_pid=${got[2].pid}, si_uid=0, si_int=42, si_ptr=0x2a}`,
      },
    );
    const exits = objects.filter((o) => o.event === 'exit').map((o) => ({ ...o, ts: 0 }));
    assert.deepEqual(exits, [
      { ts: 0, pid: Number(got[5].pid), tid: Number(got[5].pid), event: 'exit', exited: 3 },
      { ts: 0, pid: Number(got[6].pid), tid: Number(got[6].pid), event: 'exit', killed_by: 'SIGKILL', core_dumped: false },
      { ts: 0, pid: Number(got[7].pid), tid: Number(got[7].pid), event: 'exit', killed_by: 'SIGSEGV', core_dumped: false },
      { ts: 0, pid: Number(got[0].pid), tid: Number(got[0].pid), event: 'exit', exited: 0 },
    ]);
  });

  it('uid 1000 gets the signals of its own program, and still may not trace a root process', async function () {
    const k = spawnSync(asUser([process.execPath, CLI, 'run', '-f', '--', SIG_KINDS])[0], asUser([process.execPath, CLI, 'run', '-f', '--', SIG_KINDS]).slice(1), {
      encoding: 'utf8',
    });
    assert.equal(k.status, 0, k.stderr);
    const got = gotLines(k.stdout);
    assert.equal(got[0].uid, '1000');
    checkTrace(k.stderr, k.stdout, 'ktrace as uid 1000');
    // A root process that gets signals: uid 1000's reader is refused, as strace -p would be.
    const root = spawn('sh', ['-c', 'trap : USR1; while :; do sleep 1; done'], { stdio: 'ignore' });
    try {
      const argv = asUser([process.execPath, CLI, '--pid', String(root.pid)]);
      const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', timeout: 120_000 });
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, new RegExp(`^ktrace: permission denied: you may not ptrace process ${root.pid} `));
    } finally {
      root.kill('SIGKILL');
    }
  });
});
