// `ktrace report` of sig.ktr (recorded from the real module, test/fixtures/README.md):
// the signal lines, their pid prefixes, -ff files, -e signal=, -qq and --json.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const repo = path.resolve(__dirname, '../../..');
const SIG = path.join(repo, 'test/fixtures/sig.ktr');

function ktrace(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(repo, 'dist/frontend/src/cli.js'), ...args], { encoding: 'utf8' });
  return { code: r.status, stderr: r.stderr, lines: r.stdout.split('\n').slice(0, -1) };
}

const signalLines = (lines: string[]) => lines.filter((l) => /^(\[pid +\d+\] )?(---|\+\+\+) /.test(l));

// sig_kinds (pid 143) printed what its handler got (test/fixtures/sig.txt): children 148 (exit 3),
// 149 (SIGKILL), 150 (SIGSEGV, si_stime=1).
const PARENT = [
  '--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER, si_pid=143, si_uid=0} ---',
  '--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_TKILL, si_pid=143, si_uid=0} ---',
  '--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_QUEUE, si_pid=143, si_uid=0, si_int=42, si_ptr=0x2a} ---',
  '--- SIGALRM {si_signo=SIGALRM, si_code=SI_TIMER, si_timerid=0, si_overrun=0, si_int=7, si_ptr=0x7} ---',
  '--- SIGALRM {si_signo=SIGALRM, si_code=SI_KERNEL} ---',
];
const CHLD = [
  '--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=148, si_uid=0, si_status=3, si_utime=0, si_stime=0} ---',
  '--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_KILLED, si_pid=149, si_uid=0, si_status=SIGKILL, si_utime=0, si_stime=0} ---',
  '--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_KILLED, si_pid=150, si_uid=0, si_status=SIGSEGV, si_utime=0, si_stime=1 /* 0.01 s */} ---',
];

describe('report: signals from the real module (sig.ktr)', () => {
  it('-f: --- lines with the siginfo, [pid N] while a child lives, +++ killed by', () => {
    const r = ktrace('report', '-f', SIG);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(signalLines(r.lines), [
      ...PARENT,
      '[pid   148] +++ exited with 3 +++',
      CHLD[0],
      '[pid   149] +++ killed by SIGKILL +++',
      CHLD[1],
      '[pid   150] --- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x10} ---',
      '[pid   150] +++ killed by SIGSEGV +++',
      CHLD[2],
      '+++ exited with 0 +++',
    ]);
    // The parent's wait4 is interrupted by the child's lines and resumed after them.
    const at = r.lines.indexOf('[pid   150] --- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x10} ---');
    assert.ok(r.lines.indexOf('wait4(150,  <unfinished ...>') < at);
    assert.deepEqual(r.lines.slice(at - 1, at + 3), [
      '[pid   150] set_robust_list(0x10d836a0, 24) = 0',
      '[pid   150] --- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x10} ---',
      '[pid   150] +++ killed by SIGSEGV +++',
      '<... wait4 resumed>NULL, 0, NULL)       = 150',
    ]);
  });

  it('-ff -o FILE: each thread\'s signals and end in its own file, unprefixed', () => {
    const dir = fs.mkdtempSync('/tmp/ktrace-sig-');
    const r = ktrace('report', '-ff', '-o', path.join(dir, 's'), SIG);
    assert.equal(r.code, 0, r.stderr);
    const file = (pid: number) => signalLines(fs.readFileSync(path.join(dir, `s.${pid}`), 'utf8').split('\n'));
    assert.deepEqual(file(143), [...PARENT, ...CHLD, '+++ exited with 0 +++']);
    assert.deepEqual(file(148), ['+++ exited with 3 +++']);
    assert.deepEqual(file(149), ['+++ killed by SIGKILL +++']);
    assert.deepEqual(file(150), ['--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x10} ---', '+++ killed by SIGSEGV +++']);
  });

  it('-e signal= and -qq as strace: exited lines go with -qq, killed lines with their signal', () => {
    const r = ktrace('report', '-f', '-qq', '-e', 'signal=!SIGUSR1,SIGALRM,SIGKILL', SIG);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(signalLines(r.lines), [
      CHLD[0],
      CHLD[1],
      '[pid   150] --- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x10} ---',
      '[pid   150] +++ killed by SIGSEGV +++',
      CHLD[2],
    ]);
  });

  it('-esignal=... in one word, as strace takes it: the same lines', () => {
    const apart = ktrace('report', '-f', '-qq', '-e', 'signal=!SIGUSR1,SIGALRM,SIGKILL', SIG);
    const joined = ktrace('report', '-f', '-qq', '-esignal=!SIGUSR1,SIGALRM,SIGKILL', SIG);
    assert.equal(joined.code, 0, joined.stderr);
    assert.deepEqual(joined.lines, apart.lines);
    assert.equal(signalLines(joined.lines).length, 5);
  });

  it('--json: signal and exit objects', () => {
    const r = ktrace('report', '-f', '--json', SIG);
    assert.equal(r.code, 0, r.stderr);
    const objects = r.lines.map((l) => JSON.parse(l) as { event?: string; ts: number });
    const signals = objects.filter((o) => o.event === 'signal');
    assert.equal(signals.length, 9);
    assert.deepEqual(
      objects.filter((o) => o.event === 'exit').map((o) => ({ ...o, ts: 0 })),
      [
        { ts: 0, pid: 148, tid: 148, event: 'exit', exited: 3 },
        { ts: 0, pid: 149, tid: 149, event: 'exit', killed_by: 'SIGKILL', core_dumped: false },
        { ts: 0, pid: 150, tid: 150, event: 'exit', killed_by: 'SIGSEGV', core_dumped: false },
        { ts: 0, pid: 143, tid: 143, event: 'exit', exited: 0 },
      ],
    );
    assert.deepEqual({ ...signals[8], ts: 0 }, {
      ts: 0,
      pid: 143,
      tid: 143,
      event: 'signal',
      signal: 'SIGCHLD',
      siginfo: { si_signo: 'SIGCHLD', si_code: 'CLD_KILLED', si_pid: 150, si_uid: 0, si_status: 'SIGSEGV', si_utime: 0, si_stime: 1 },
      text: '{si_signo=SIGCHLD, si_code=CLD_KILLED, si_pid=150, si_uid=0, si_status=SIGSEGV, si_utime=0, si_stime=1 /* 0.01 s */}',
    });
  });
});
