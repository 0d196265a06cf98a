// `ktrace report` on the recorded fixtures: strace's pid rules (-f, -o FILE
// -f, -ff) and the filters (-p, --comm, --from/--to, --events), line for line.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseEventSelection, parsePidList, parseTimeBound, resolveTimeBound } from '../../frontend/src/session/record-filter';
import { pidPrefixMode } from '../../frontend/src/session/trace-view';
import { RECORD_MAGIC } from '../../frontend/src/record/record-file';
import { FileSource } from '../../frontend/src/record/file-source';
import { pump } from '../../frontend/src/session/pump';
import { TraceView } from '../../frontend/src/session/trace-view';
import { viewOptions, type ViewArgs } from '../../frontend/src/commands/options';

/** The strace view of a fixture, as the live commands build it (ktrace, run). */
async function liveView(name: string, args: Partial<ViewArgs>, systemWide: boolean): Promise<string[]> {
  const { source, header } = FileSource.open(fixture(name));
  const lines: string[] = [];
  const all: ViewArgs = { follow: 0, s: 32, T: false, t: 0, r: false, c: false, json: false, ...args };
  const view = new TraceView(viewOptions(all, BigInt(header.realtimeOffsetNs), { systemWide }), (l) => lines.push(l));
  await pump(source, (record) => view.onRecord(record));
  view.finish();
  source.close();
  return lines;
}

const repo = path.resolve(__dirname, '../../..');
const fixture = (name: string) => path.join(repo, 'test/fixtures', name);

function ktrace(...args: string[]) {
  // -t/-tt print local time: the expected lines are in UTC.
  const r = spawnSync(process.execPath, [path.join(repo, 'dist/frontend/src/cli.js'), ...args], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, lines: r.stdout.split('\n').slice(0, -1) };
}

function tmpDir(): string {
  return fs.mkdtempSync('/tmp/ktrace-report-');
}

describe('report: strace pid prefixes', () => {
  it('[pid N], padded to 5, only while more than one process is traced; resumed lines decide when printed', () => {
    const r = ktrace('report', '-p', '248', '-f', '-e', 'trace=vfork,wait4,exit_group', '--events', 'syscall', fixture('shf.ktr'));
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.lines.slice(0, 8), [
      'vfork( <unfinished ...>',
      '[pid   253] <... vfork resumed>)        = 0',
      '[pid   248] <... vfork resumed>)        = 253',
      '[pid   248] wait4(-1,  <unfinished ...>',
      '[pid   253] exit_group(3)               = ?',
      '[pid   253] +++ exited with 3 +++',
      // The child is gone: one process left, no prefix (as strace prints it).
      '<... wait4 resumed>0x7ffd1a525a9c, 0, NULL) = 253',
      'wait4(-1, 0x7ffd1a525a9c, WNOHANG, NULL) = -1 ECHILD (No child processes)',
    ]);
    assert.deepEqual(r.lines.slice(-2), ['exit_group(0)                           = ?', '+++ exited with 0 +++']);
  });

  it('event lines take the same prefix and the -tt / -r stamps of syscall lines', () => {
    const tt = ktrace('report', '-tt', '--events', 'signal', fixture('dash.ktr'));
    assert.equal(tt.code, 0, tt.stderr);
    assert.deepEqual(tt.lines.slice(0, 3), [
      '11:01:31.539483 signal_generate signo=17 sig_code=1 sig_result=1 sig_target=194',
      '[pid   194] 11:01:31.553972 signal_generate signo=17 sig_code=1 sig_result=0 sig_target=188',
      // A delivery as strace shows it; this recording predates the siginfo field: signal and code only.
      '[pid   188] 11:01:31.554698 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED} ---',
    ]);
    const r = ktrace('report', '-r', '--events', 'signal', fixture('dash.ktr'));
    assert.deepEqual(r.lines.slice(0, 3), [
      '     0.000000 signal_generate signo=17 sig_code=1 sig_result=1 sig_target=194',
      '[pid   194]      0.014488 signal_generate signo=17 sig_code=1 sig_result=0 sig_target=188',
      '[pid   188]      0.000725 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED} ---',
    ]);
  });

  it('fault and page events print addresses in hex', () => {
    const r = ktrace('report', '-p', '188', '--events', 'fault_kernel,page_alloc', fixture('dash.ktr'));
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.lines.slice(0, 2), [
      'page_alloc pfn=0x42ce order=1 gfp_flags=0x400dc0 migratetype=0',
      'page_alloc pfn=0x7fe61 order=0 gfp_flags=0x440dc0 migratetype=0',
    ]);
    assert.ok(r.lines.includes('fault_kernel kfault_addr=0x55f0aa216240 kfault_ip=0xffffffff81cdc700 fault_error=2'), r.stdout);
  });

  it('-o FILE with -f: every line starts with the pid, %-5d (strace -f -o)', () => {
    const file = path.join(tmpDir(), 'out.txt');
    const r = ktrace('report', '-f', '-o', file, '-p', '253,254', '-e', 'trace=write,getuid', fixture('shf.ktr'));
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.deepEqual(fs.readFileSync(file, 'utf8').split('\n'), [
      '253   proc_exec exec_filename="build/progs/known_syscalls" old_pid=253',
      '253   write(1, "abc", 3)                = 3',
      '253   +++ exited with 3 +++',
      '254   proc_exec exec_filename="/bin/busybox" old_pid=254',
      '254   getuid()                          = 0',
      '254   +++ exited with 0 +++',
      '',
    ]);
    // Without -f, several -p pids are strace's other reason for the column; one pid has none.
    const several = path.join(tmpDir(), 'several.txt');
    ktrace('report', '-o', several, '-p', '253,254', '-e', 'trace=write', '--events', 'syscall', fixture('shf.ktr'));
    assert.deepEqual(fs.readFileSync(several, 'utf8').split('\n').slice(0, 2), ['253   write(1, "abc", 3)                = 3', '253   +++ exited with 3 +++']);
    const one = path.join(tmpDir(), 'one.txt');
    ktrace('report', '-o', one, '-p', '253', '-e', 'trace=write', '--events', 'syscall', fixture('shf.ktr'));
    assert.deepEqual(fs.readFileSync(one, 'utf8').split('\n'), ['write(1, "abc", 3)                      = 3', '+++ exited with 3 +++', '']);
  });

  it('-ff -o FILE: one file per thread, FILE.TID, without prefixes; the same lines as the shared view', () => {
    const dir = tmpDir();
    const r = ktrace('report', '-ff', '-o', path.join(dir, 'sh'), fixture('shf.ktr'));
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['sh.248', 'sh.253', 'sh.254']);
    const child = fs.readFileSync(path.join(dir, 'sh.253'), 'utf8').split('\n');
    // proc_exit adds nothing: exit_group printed the thread's end.
    assert.deepEqual(child.slice(-5), [
      'close(-1)                               = -1 EBADF (Bad file descriptor)',
      'lseek(0, 12345, 0x4d /* SEEK_??? */)    = -1 EINVAL (Invalid argument)',
      'exit_group(3)                           = ?',
      '+++ exited with 3 +++',
      '',
    ]);
    // The lines of thread 254, unprefixed, aligned at column 40 without a prefix;
    // an event of the thread itself still interrupts its call.
    assert.deepEqual(fs.readFileSync(path.join(dir, 'sh.254'), 'utf8').split('\n'), [
      '<... vfork resumed>)                    = 0',
      'rt_sigprocmask(SIG_SETMASK, 0x7ffd1a525a90, 0x7ffd1a525b10, 8) = 0',
      'execve("/bin/busybox", ["/bin/busybox", "true"], 0x5648381bc960 <unfinished ...>',
      'proc_exec exec_filename="/bin/busybox" old_pid=254',
      '<... execve resumed>)                   = 0',
      'brk(NULL)                               = 0x3af5b000',
      'brk(0x3af5bd40)                         = 0x3af5bd40',
      'arch_prctl(ARCH_SET_FS, 0x3af5b3c0)     = 0',
      'set_tid_address(0x3af5b690)             = 254',
      'set_robust_list(0x3af5b6a0, 24)         = 0',
      'rseq(0x3af5bce0, 0x20, 0, 0x53053053)   = 0',
      'prlimit64(0, RLIMIT_STACK, NULL, 0x7ffe8fdd4c40) = 0',
      'readlink(0x5c2c98, "/usr/bin/busybox", 4096) = 16',
      'getrandom(0x5eb7c0, 8, GRND_NONBLOCK)   = 8',
      'brk(NULL)                               = 0x3af5bd40',
      'brk(0x3af7cd40)                         = 0x3af7cd40',
      'brk(0x3af7d000)                         = 0x3af7d000',
      'mprotect(0x5db000, 28672, PROT_READ)    = 0',
      'prctl(PR_GET_NAME, 0x7ffe8fdd4b98)      = 0',
      'getuid()                                = 0',
      'exit_group(0)                           = ?',
      '+++ exited with 0 +++',
      '',
    ]);
    // In the parent's file only its own proc_fork event interrupts its vfork.
    const parent = fs.readFileSync(path.join(dir, 'sh.248'), 'utf8').split('\n');
    const at = parent.indexOf('proc_fork child_pid=253 child_tid=253');
    assert.deepEqual(parent.slice(at - 1, at + 3), [
      'vfork( <unfinished ...>',
      'proc_fork child_pid=253 child_tid=253',
      '<... vfork resumed>)                    = 253',
      'rt_sigprocmask(SIG_SETMASK, 0x7ffd1a525a90, 0x7ffd1a525b10, 8) = 0',
    ]);
    // -ff without -o is -f, as in strace.
    assert.equal(ktrace('report', '-ff', fixture('shf.ktr')).stdout, ktrace('report', '-f', fixture('shf.ktr')).stdout);
  });

  it('a system-wide trace prefixes every line, even while one process is seen', async () => {
    const wide = await liveView('known.ktr', {}, true);
    assert.equal(wide.length, 28);
    assert.ok(wide.every((l) => l.startsWith('[pid   230] ')), wide.join('\n'));
    assert.equal(wide.find((l) => l.includes('write(1')), '[pid   230] write(1, "abc", 3)          = 3');
    const targeted = await liveView('known.ktr', {}, false);
    assert.equal(targeted.length, wide.length);
    assert.equal(targeted.find((l) => l.includes('write(1')), 'write(1, "abc", 3)                      = 3');
    // To a file: the PID column on every line.
    const toFile = await liveView('known.ktr', { output: '/dev/null' }, true);
    assert.equal(toFile.find((l) => l.includes('write(1')), '230   write(1, "abc", 3)                = 3');
  });

  it('pidPrefixMode: strace printleader()\'s choices', () => {
    assert.equal(pidPrefixMode({ toFile: false, follow: 0, systemWide: false }), 'auto');
    assert.equal(pidPrefixMode({ toFile: false, follow: 1, systemWide: false }), 'auto');
    assert.equal(pidPrefixMode({ toFile: false, follow: 0, systemWide: true }), 'always');
    assert.equal(pidPrefixMode({ toFile: true, follow: 0, systemWide: false }), 'auto');
    assert.equal(pidPrefixMode({ toFile: true, follow: 1, systemWide: false }), 'column');
    assert.equal(pidPrefixMode({ toFile: true, follow: 0, systemWide: true }), 'column');
    assert.equal(pidPrefixMode({ toFile: true, follow: 0, systemWide: false, severalPids: true }), 'column');
    assert.equal(pidPrefixMode({ toFile: true, follow: 2, systemWide: true }), 'none');
  });
});

describe('report: filters', () => {
  it('-p PID: that process only, no prefixes; -p with -f: its children too', () => {
    const r = ktrace('report', '-p', '248', '--events', 'proc', fixture('shf.ktr'));
    assert.deepEqual(r.lines, [
      'proc_exec exec_filename="/bin/sh" old_pid=248',
      'proc_fork child_pid=253 child_tid=253',
      'proc_fork child_pid=254 child_tid=254',
      // Its exit_group is not shown (syscalls not asked for): proc_exit says how it ended.
      '+++ exited with 0 +++',
    ]);
    const f = ktrace('report', '-p', '248', '-f', '--events', 'proc', fixture('shf.ktr'));
    assert.deepEqual(f.lines, [
      'proc_exec exec_filename="/bin/sh" old_pid=248',
      'proc_fork child_pid=253 child_tid=253',
      '[pid   253] proc_exec exec_filename="build/progs/known_syscalls" old_pid=253',
      '[pid   253] +++ exited with 3 +++',
      'proc_fork child_pid=254 child_tid=254',
      '[pid   254] proc_exec exec_filename="/bin/busybox" old_pid=254',
      '[pid   254] +++ exited with 0 +++',
      '+++ exited with 0 +++',
    ]);
    const two = ktrace('report', '-p', '253', '-p', '254', '-e', 'trace=write,getuid', '--events', 'syscall', fixture('shf.ktr'));
    assert.deepEqual(two.lines, ['write(1, "abc", 3)                      = 3', '+++ exited with 3 +++', 'getuid()                                = 0', '+++ exited with 0 +++']);
  });

  it('--comm NAME: from the comm variable, or learned from execs and forks', () => {
    // dash.ktr recorded comm: the sleep child's lines from its exec on.
    const r = ktrace('report', '--comm', 'sleep', '--events', 'signal,proc', fixture('dash.ktr'));
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.lines, [
      'proc_exec exec_filename="/usr/bin/sleep" old_pid=196',
      // kill -USR1 without a handler: the kernel makes it a group exit at once and
      // hands the task SIGKILL without siginfo (not shown, as strace never shows
      // SIGKILL); proc_exit's status names the signal.
      '+++ killed by SIGUSR1 +++',
      'signal_generate signo=17 sig_code=2 sig_result=0 sig_target=188',
    ]);
    // shf.ktr has proc_exec; known.ktr only execve's path (the strings variable).
    const shf = ktrace('report', '--comm', 'known_syscalls', '-e', 'trace=write,exit_group', fixture('shf.ktr'));
    assert.deepEqual(shf.lines, [
      'proc_exec exec_filename="build/progs/known_syscalls" old_pid=253',
      'write(1, "abc", 3)                      = 3',
      'exit_group(3)                           = ?',
      '+++ exited with 3 +++',
    ]);
    const known = ktrace('report', '--comm', 'known_syscalls', fixture('known.ktr'));
    assert.deepEqual(known.lines.slice(0, 2), ['<... execve resumed>)                   = 0', 'brk(NULL)                               = 0x21014000']);
    assert.equal(known.lines.length, fs.readFileSync(fixture('known.report.txt'), 'utf8').split('\n').length - 1);
    assert.deepEqual(ktrace('report', '--comm', 'sh', fixture('known.ktr')).lines, []);
  });

  it('--comm on a recording that has no names is a one-line usage error', () => {
    const bytes = fs.readFileSync(fixture('known.ktr'));
    const at = RECORD_MAGIC.length;
    const length = bytes.readUInt32LE(at);
    const header = JSON.parse(bytes.subarray(at + 4, at + 4 + length).toString('utf8')) as { vars: string };
    const json = Buffer.from(JSON.stringify({ ...header, vars: '0x3' }));
    const size = Buffer.alloc(4);
    size.writeUInt32LE(json.length);
    const file = path.join(tmpDir(), 'nonames.ktr');
    fs.writeFileSync(file, Buffer.concat([RECORD_MAGIC, size, json, bytes.subarray(at + 4 + length)]));
    const r = ktrace('report', '--comm', 'x', file);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'ktrace: --comm: the recording has no command names (record with --vars comm, or strings, or --events proc)\n');
  });

  it('--from/--to: seconds since the first event, or a time of day as -tt prints it', () => {
    const expected = [
      '11:01:31.546711 +++ exited with 0 +++',
      '11:01:31.553972 signal_generate signo=17 sig_code=1 sig_result=0 sig_target=188',
      '[pid   188] 11:01:31.554698 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED} ---',
      '[pid   188] 11:01:31.557148 proc_fork child_pid=196 child_tid=196',
    ];
    const relative = ktrace('report', '-tt', '--from', '0.5', '--to', '520ms', '--events', 'proc,signal', fixture('dash.ktr'));
    assert.equal(relative.code, 0, relative.stderr);
    assert.deepEqual(relative.lines, expected);
    const clock = ktrace('report', '-tt', '--from', '11:01:31.546711', '--to', '11:01:31.557148', '--events', 'proc,signal', fixture('dash.ktr'));
    assert.deepEqual(clock.lines, expected, 'both ends are included');
    assert.deepEqual(ktrace('report', '--from', '1000', fixture('dash.ktr')).lines, []);
  });

  it('--events: families or events to show, ! to hide them', () => {
    const signals = ktrace('report', '--events', 'signal', fixture('dash.ktr')).lines;
    // Ten records; the SIGKILL delivery is not shown (strace never shows one).
    assert.equal(signals.length, 9);
    assert.ok(signals.every((l) => / (signal_generate|---) /.test(` ${l.replace(/^\[pid +\d+\] /, '')}`)), signals.join('\n'));
    // Hidden events no longer interrupt syscall lines, so compare the other events.
    const eventName = (l: string) => /^(?:\[pid +\d+\] )?([a-z_]+) /.exec(l)?.[1];
    const isSched = (l: string) => ['sched_in', 'sched_out'].includes(eventName(l) ?? '');
    const isOtherEvent = (l: string) => !isSched(l) && /^(?:\[pid +\d+\] )?[a-z_0-9]+( [a-z_0-9]+=|$)/.test(l);
    const all = ktrace('report', fixture('dash.ktr')).lines;
    const noSched = ktrace('report', '--events', '!sched', fixture('dash.ktr')).lines;
    assert.ok(all.some(isSched));
    assert.ok(!noSched.some(isSched));
    assert.deepEqual(noSched.filter(isOtherEvent), all.filter(isOtherEvent));
    const unfinished = (lines: string[]) => lines.filter((l) => l.endsWith(' <unfinished ...>')).length;
    assert.ok(unfinished(noSched) < unfinished(all), 'fewer interrupted calls');
    const syscalls = ktrace('report', '--events', 'syscall', fixture('shf.ktr')).lines;
    assert.ok(!syscalls.some((l) => / proc_/.test(` ${l}`)));
    // No proc_exec between an execve's entry and exit: the call is one line again.
    assert.deepEqual(syscalls.slice(0, 2), [
      'execve("/bin/sh", ["/bin/sh", "-c", "build/progs/known_syscalls; /bin"...], 0x560368ffa630) = 0',
      'brk(NULL)                               = 0x564841b13000',
    ]);
    assert.equal(syscalls.length, 125);
  });

  it('bad filter values are one-line usage errors (status 2)', () => {
    const cases: [string[], string][] = [
      [['-p', '12x'], 'ktrace: bad -p value: 12x (a process id, or a comma list of them)\n'],
      [['-p', '0'], 'ktrace: bad -p value: 0 (a process id, or a comma list of them)\n'],
      [['-p', ','], "ktrace: bad -p value: ',' (a process id, or a comma list of them)\n"],
      [
        ['--events', 'sched,bogus'],
        'ktrace: bad --events value: unknown event or event family: bogus; valid: all, syscall, mem, sched, lock, signal, net, fs, proc, fault, block, user, msg, ' +
          'sys_enter, sys_exit, page_alloc, page_free, sched_in, sched_out, lock_contend, lock_acquired, signal_generate, signal_deliver, ' +
          'socket_open, net_xmit, net_recv, mount, umount, proc_fork, proc_exec, proc_exit, fault_user, fault_kernel, block_issue, block_complete, oom_kill, usdt, ' +
          'msg_send, msg_recv, msg_connect, msg_accept\n',
      ],
      [['--from', 'soon'], "ktrace: bad --from value: soon (seconds since the recording's first event, e.g. 1.5 or 250ms, or a time of day HH:MM:SS[.ffffff])\n"],
      [['--from', '2', '--to', '1'], 'ktrace: bad time range: --to 1 is before --from 2\n'],
    ];
    for (const [args, stderr] of cases) {
      const r = ktrace('report', ...args, fixture('known.ktr'));
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stderr, stderr);
    }
  });

  it('parsers: pid lists, event selections, time bounds', () => {
    assert.deepEqual(parsePidList(['12,34', '56']), [12, 34, 56]);
    assert.deepEqual([...parseEventSelection('signal')].sort((a, b) => a - b), [8, 9]);
    assert.equal(parseEventSelection('!syscall').has(0), false);
    assert.equal(parseEventSelection('!syscall').has(2), true);
    assert.deepEqual(parseTimeBound('1.5', '--from'), { kind: 'since-start', ns: 1_500_000_000 });
    assert.deepEqual(parseTimeBound('250ms', '--from'), { kind: 'since-start', ns: 250_000_000 });
    assert.deepEqual(parseTimeBound('40us', '--from'), { kind: 'since-start', ns: 40_000 });
    const bound = parseTimeBound('23:59:59.5', '--to');
    assert.deepEqual(bound, { kind: 'time-of-day', hours: 23, minutes: 59, seconds: 59, fractionNs: 500_000_000, unitNs: 100_000_000 });
    // Past midnight: 00:00:01 after a start at 23:59:59 is two seconds later.
    const startWall = BigInt(Date.UTC(2026, 0, 1, 23, 59, 59)) * 1_000_000n;
    const previousTz = process.env.TZ;
    process.env.TZ = 'UTC';
    try {
      assert.equal(resolveTimeBound(parseTimeBound('00:00:01', '--to'), startWall), 2_000_000_000);
      assert.equal(resolveTimeBound(bound, startWall), 500_000_000);
    } finally {
      if (previousTz === undefined) delete process.env.TZ;
      else process.env.TZ = previousTz;
    }
  });
});
