import { strict as assert } from 'node:assert';
import {
  decodeSiginfo,
  exitStatusOf,
  formatExitLine,
  formatSignalLine,
  parseSignalExpression,
  siCodeName,
  signalNumber,
} from '../../frontend/src/views/strace/signal';
import { exitJson, signalJson } from '../../frontend/src/views/strace/signal-json';
import { StraceFormatter } from '../../frontend/src/views/strace';

/** A 48-byte x86-64 kernel_siginfo: signo, errno, code, then the union's words at their offsets. */
function siginfo(signo: number, code: number, fields: { [offset: number]: number | bigint } = {}, errno = 0): Uint8Array {
  const bytes = new Uint8Array(48);
  const view = new DataView(bytes.buffer);
  view.setInt32(0, signo, true);
  view.setInt32(4, errno, true);
  view.setInt32(8, code, true);
  for (const [offset, value] of Object.entries(fields)) {
    if (typeof value === 'bigint') view.setBigUint64(Number(offset), value, true);
    else view.setInt32(Number(offset), value, true);
  }
  return bytes;
}

const line = (signo: number, bytes: Uint8Array) => formatSignalLine({ signo, code: 0, siginfo: bytes });

describe('strace view: siginfo as strace prints it', () => {
  it('signals a process sent: SI_USER, SI_TKILL with the sender; SI_QUEUE with its value', () => {
    assert.equal(line(10, siginfo(10, 0, { 16: 1234, 20: 1000 })), '--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER, si_pid=1234, si_uid=1000} ---');
    assert.equal(line(10, siginfo(10, -6, { 16: 77, 20: 0 })), '--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_TKILL, si_pid=77, si_uid=0} ---');
    assert.equal(
      line(10, siginfo(10, -1, { 16: 5, 20: 0, 24: 42n })),
      '--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_QUEUE, si_pid=5, si_uid=0, si_int=42, si_ptr=0x2a} ---',
    );
    // A queued signal whose value is zero: no si_int/si_ptr (strace prints them only when set).
    assert.equal(line(10, siginfo(10, -1, { 16: 5, 20: 0 })), '--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_QUEUE, si_pid=5, si_uid=0} ---');
    // A negative si_int and a pointer above 2^32.
    assert.equal(
      line(34, siginfo(34, -1, { 16: 5, 20: 4294967295, 24: 0x7ffc_ffff_fffen })),
      '--- SIGRT_2 {si_signo=SIGRT_2, si_code=SI_QUEUE, si_pid=5, si_uid=4294967295, si_int=-2, si_ptr=0x7ffcfffffffe} ---',
    );
  });

  it('timers: SI_TIMER with its id in hex, SI_KERNEL (setitimer, alarm) bare', () => {
    assert.equal(
      line(14, siginfo(14, -2, { 16: 0, 20: 0, 24: 7n })),
      '--- SIGALRM {si_signo=SIGALRM, si_code=SI_TIMER, si_timerid=0, si_overrun=0, si_int=7, si_ptr=0x7} ---',
    );
    assert.equal(
      line(14, siginfo(14, -2, { 16: 26, 20: 3, 24: 0n })),
      '--- SIGALRM {si_signo=SIGALRM, si_code=SI_TIMER, si_timerid=0x1a, si_overrun=3, si_int=0, si_ptr=NULL} ---',
    );
    assert.equal(line(14, siginfo(14, 0x80)), '--- SIGALRM {si_signo=SIGALRM, si_code=SI_KERNEL} ---');
  });

  it('SIGCHLD: the child, its exit status or signal, and its times', () => {
    assert.equal(
      line(17, siginfo(17, 1, { 16: 1234, 20: 0, 24: 3, 32: 2n, 40: 1n })),
      '--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=1234, si_uid=0, si_status=3, si_utime=2 /* 0.02 s */, si_stime=1 /* 0.01 s */} ---',
    );
    assert.equal(
      line(17, siginfo(17, 2, { 16: 99, 20: 1000, 24: 9 })),
      '--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_KILLED, si_pid=99, si_uid=1000, si_status=SIGKILL, si_utime=0, si_stime=0} ---',
    );
    assert.equal(
      line(17, siginfo(17, 3, { 16: 99, 20: 0, 24: 11 })),
      '--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_DUMPED, si_pid=99, si_uid=0, si_status=SIGSEGV, si_utime=0, si_stime=0} ---',
    );
  });

  it('fault signals: the address (NULL for 0), pkey and bounds where the code says', () => {
    assert.equal(line(11, siginfo(11, 1, { 16: 0x10n })), '--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x10} ---');
    assert.equal(line(11, siginfo(11, 0x80)), '--- SIGSEGV {si_signo=SIGSEGV, si_code=SI_KERNEL, si_addr=NULL} ---');
    assert.equal(line(11, siginfo(11, 4, { 16: 0x7f0000001000n, 32: 5 })), '--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_PKUERR, si_addr=0x7f0000001000, si_pkey=5} ---');
    assert.equal(
      line(11, siginfo(11, 3, { 16: 0x1000n, 32: 0x2000n, 40: 0x3000n })),
      '--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_BNDERR, si_addr=0x1000, si_lower=0x2000, si_upper=0x3000} ---',
    );
    assert.equal(line(8, siginfo(8, 1, { 16: 0x401136n })), '--- SIGFPE {si_signo=SIGFPE, si_code=FPE_INTDIV, si_addr=0x401136} ---');
    assert.equal(line(4, siginfo(4, 2, { 16: 0x401136n })), '--- SIGILL {si_signo=SIGILL, si_code=ILL_ILLOPN, si_addr=0x401136} ---');
    assert.equal(line(7, siginfo(7, 2, { 16: 0x7f00n })), '--- SIGBUS {si_signo=SIGBUS, si_code=BUS_ADRERR, si_addr=0x7f00} ---');
    assert.equal(line(7, siginfo(7, 4, { 16: 0x7f00n, 24: 12 })), '--- SIGBUS {si_signo=SIGBUS, si_code=BUS_MCEERR_AR, si_addr=0x7f00, si_addr_lsb=0xc} ---');
    assert.equal(line(5, siginfo(5, 1, { 16: 0n })), '--- SIGTRAP {si_signo=SIGTRAP, si_code=TRAP_BRKPT, si_addr=NULL} ---');
  });

  it('SIGSYS, SIGIO, si_errno, and codes no table names', () => {
    assert.equal(
      line(31, siginfo(31, 1, { 16: 0x401136n, 24: 39, 28: 0xc000003e })),
      '--- SIGSYS {si_signo=SIGSYS, si_code=SYS_SECCOMP, si_call_addr=0x401136, si_syscall=__NR_getpid, si_arch=AUDIT_ARCH_X86_64} ---',
    );
    assert.equal(line(29, siginfo(29, 1, { 16: 65n, 24: 4 })), '--- SIGIO {si_signo=SIGIO, si_code=POLL_IN, si_band=65, si_fd=4} ---');
    assert.equal(line(29, siginfo(29, -5, { 16: 1n, 24: 3 })), '--- SIGIO {si_signo=SIGIO, si_code=SI_SIGIO, si_band=1, si_fd=3} ---');
    assert.equal(
      line(10, siginfo(10, 0, { 16: 1, 20: 0 }, 2)),
      '--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER, si_errno=ENOENT, si_pid=1, si_uid=0} ---',
    );
    assert.equal(siCodeName(-42, 10), '0xffffffd6');
    assert.equal(siCodeName(9, 17), '0x9');
    // A kernel-sent signal without a table: sender and value only when set.
    assert.equal(line(10, siginfo(10, 0x80, { 16: 3, 20: 0 })), '--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_KERNEL, si_pid=3, si_uid=0} ---');
  });

  it('without captured siginfo (an older module): the signal and the tracepoint\'s code; short bytes are not decoded', () => {
    assert.equal(formatSignalLine({ signo: 17, code: 1 }), '--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED} ---');
    assert.equal(decodeSiginfo(new Uint8Array(47)), undefined);
    assert.equal(formatSignalLine({ signo: 17, code: 1, siginfo: new Uint8Array(12) }), '--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED} ---');
  });
});

describe('strace view: exit lines from proc_exit', () => {
  it('exit status, killed by, core dumped', () => {
    assert.equal(formatExitLine(exitStatusOf(3 << 8)), '+++ exited with 3 +++');
    assert.equal(formatExitLine(exitStatusOf(0)), '+++ exited with 0 +++');
    assert.equal(formatExitLine(exitStatusOf(9)), '+++ killed by SIGKILL +++');
    assert.equal(formatExitLine(exitStatusOf(11 | 0x80)), '+++ killed by SIGSEGV (core dumped) +++');
    assert.equal(formatExitLine(exitStatusOf(36)), '+++ killed by SIGRT_4 +++');
  });

  it('the formatter ends a killed thread\'s call with = ?, then +++ killed by +++; -qq and -e signal= as strace', () => {
    const f = new StraceFormatter();
    assert.deepEqual(f.push({ phase: 'enter', tsNs: 1, pid: 7, tid: 7, sysno: 34, args: [0n, 0n, 0n, 0n, 0n, 0n] }), []);
    assert.deepEqual(f.threadExited(7, 7, 2, exitStatusOf(9)), ['pause()                                 = ?', '+++ killed by SIGKILL +++']);
    // strace: -qq hides exited lines only; -e signal= decides killed lines.
    const quiet = new StraceFormatter({ exitLines: false });
    assert.deepEqual(quiet.threadExited(7, 7, 2, exitStatusOf(9)), ['+++ killed by SIGKILL +++']);
    assert.deepEqual(quiet.threadExited(8, 8, 2, exitStatusOf(0)), []);
    const noKill = new StraceFormatter({ signalFilter: parseSignalExpression('!SIGKILL') });
    assert.deepEqual(noKill.threadExited(7, 7, 2, exitStatusOf(9)), []);
    assert.deepEqual(noKill.threadExited(8, 8, 2, exitStatusOf(11)), ['+++ killed by SIGSEGV +++']);
    // A plain exit reported at exit_group: proc_exit adds nothing; one not seen there gets its line.
    const g = new StraceFormatter();
    assert.deepEqual(g.push({ phase: 'enter', tsNs: 1, pid: 7, tid: 7, sysno: 231, args: [2n, 0n, 0n, 0n, 0n, 0n] }), ['exit_group(2)                           = ?', '+++ exited with 2 +++']);
    assert.deepEqual(g.threadExited(7, 7, 2, exitStatusOf(2 << 8)), []);
    assert.deepEqual(g.threadExited(9, 9, 3, exitStatusOf(1 << 8)), ['+++ exited with 1 +++']);
  });

  it('--json: a killed thread\'s pending call is written, with ret null; no text lines', () => {
    const f = new StraceFormatter({ json: true });
    f.push({ phase: 'enter', tsNs: 1, pid: 7, tid: 7, sysno: 34, args: [0n, 0n, 0n, 0n, 0n, 0n] });
    const lines = f.threadExited(7, 7, 2, exitStatusOf(9));
    assert.equal(lines.length, 1);
    const call = JSON.parse(lines[0]) as { syscall: string; ret: unknown; tid: number };
    assert.deepEqual([call.syscall, call.ret, call.tid], ['pause', null, 7]);
  });

  it('a signal line breaks another thread\'s begun call, with the pid prefixes of both', () => {
    const f = new StraceFormatter();
    f.push({ phase: 'enter', tsNs: 1, pid: 7, tid: 7, sysno: 34, args: [0n, 0n, 0n, 0n, 0n, 0n] });
    f.push({ phase: 'enter', tsNs: 1, pid: 7, tid: 8, sysno: 39, args: [0n, 0n, 0n, 0n, 0n, 0n] });
    assert.deepEqual(f.signal(7, 7, 3, { signo: 10, code: 0, siginfo: siginfo(10, 0, { 16: 7, 20: 0 }) }), [
      '[pid     8] getpid( <unfinished ...>',
      '[pid     7] --- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER, si_pid=7, si_uid=0} ---',
    ]);
    // SIGKILL is never shown delivered (strace cannot see it); a filter hides the rest.
    assert.deepEqual(f.signal(7, 7, 4, { signo: 9, code: 0 }), []);
    const only = new StraceFormatter({ signalFilter: parseSignalExpression('!SIGUSR1') });
    assert.deepEqual(only.signal(7, 7, 3, { signo: 10, code: 0 }), []);
    assert.deepEqual(only.signal(7, 7, 3, { signo: 12, code: 0 }), ['--- SIGUSR2 {si_signo=SIGUSR2, si_code=SI_USER} ---']);
  });
});

describe('strace view: -e signal=', () => {
  it('names with or without SIG, any case, numbers, all, none, !', () => {
    assert.equal(signalNumber('SIGUSR1'), 10);
    assert.equal(signalNumber('usr1'), 10);
    // strace's SIGRTMIN is the kernel's 32; glibc's first free one (34) is SIGRT_2.
    assert.equal(signalNumber('rtmin'), 32);
    assert.equal(signalNumber('SIGRT_2'), 34);
    assert.equal(signalNumber('15'), 15);
    assert.equal(signalNumber('0'), undefined);
    assert.equal(signalNumber('SIGFOO'), undefined);
    const set = parseSignalExpression('SIGUSR1,chld');
    assert.deepEqual([10, 17, 12].map(set), [true, true, false]);
    assert.deepEqual([1, 64].map(parseSignalExpression('all')), [true, true]);
    assert.deepEqual([1, 64].map(parseSignalExpression('none')), [false, false]);
    assert.deepEqual([1, 64].map(parseSignalExpression('!none')), [true, true]);
    assert.deepEqual([10, 17].map(parseSignalExpression('!SIGUSR1')), [false, true]);
    assert.throws(() => parseSignalExpression('SIGFOO'), /invalid signal 'SIGFOO'/);
    assert.throws(() => parseSignalExpression(''), /empty signal list/);
  });
});

describe('strace view: --json signals and exits', () => {
  it('the siginfo as fields, with the text strace prints', () => {
    assert.deepEqual(signalJson(5, 7, 8, { signo: 17, code: 1, siginfo: siginfo(17, 1, { 16: 9, 20: 0, 24: 3 }) }), {
      ts: 5,
      pid: 7,
      tid: 8,
      event: 'signal',
      signal: 'SIGCHLD',
      siginfo: { si_signo: 'SIGCHLD', si_code: 'CLD_EXITED', si_pid: 9, si_uid: 0, si_status: 3, si_utime: 0, si_stime: 0 },
      text: '{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=9, si_uid=0, si_status=3, si_utime=0, si_stime=0}',
    });
    assert.deepEqual(exitJson(5, 7, 7, exitStatusOf(11 | 0x80)), { ts: 5, pid: 7, tid: 7, event: 'exit', killed_by: 'SIGSEGV', core_dumped: true });
    assert.deepEqual(exitJson(5, 7, 7, exitStatusOf(2 << 8)), { ts: 5, pid: 7, tid: 7, event: 'exit', exited: 2 });
  });
});
