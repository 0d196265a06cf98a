// Structs the strings variable captures (kmod/ktrace_sysargs.h), against the
// real module and the guest's strace: test/progs/struct_calls makes each
// call with known values, `ktrace run` must print exactly these lines, and
// strace (6.1 in the guest) prints the same ones. An unprivileged reader
// gets none of a setuid-root process's struct bytes.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SecSummary } from './helpers/sec-watch';
import { CLI } from './lib/events';
import { prog } from './lib/readers';
import { as, secretFixture, started, summary, watch } from './lib/sec-watcher';

const WATCH = path.join(__dirname, 'helpers/sec-watch.js');
const PROG = prog('struct_calls');

/** Lines both tracers must print exactly, in this order (the calls' pids normalised to CHILD). */
const EXACT = [
  'stat("struct_file", {st_mode=S_IFREG|0640, st_size=1234, ...}) = 0',
  'fstat(3, {st_mode=S_IFREG|0640, st_size=1234, ...}) = 0',
  'lstat("struct_file", {st_mode=S_IFREG|0640, st_size=1234, ...}) = 0',
  'newfstatat(AT_FDCWD, "struct_file", {st_mode=S_IFREG|0640, st_size=1234, ...}, 0) = 0',
  'stat("no_such_file", ADDR) = -1 ENOENT (No such file or directory)',
  'pipe2([3, 4], O_CLOEXEC) = 0',
  'setrlimit(RLIMIT_NOFILE, {rlim_cur=1024, rlim_max=512*1024}) = 0',
  'getrlimit(RLIMIT_NOFILE, {rlim_cur=1024, rlim_max=512*1024}) = 0',
  'prlimit64(0, RLIMIT_NOFILE, NULL, {rlim_cur=1024, rlim_max=512*1024}) = 0',
  'nanosleep({tv_sec=0, tv_nsec=1000}, NULL) = 0',
  'clock_getres(CLOCK_MONOTONIC, {tv_sec=0, tv_nsec=1}) = 0',
  `uname({sysname="Linux", nodename="${os.hostname()}", ...}) = 0`,
  'rt_sigprocmask(SIG_BLOCK, [USR1 TERM], [], 8) = 0',
  'rt_sigprocmask(SIG_SETMASK, [], NULL, 8) = 0',
  'poll([{fd=3, events=POLLIN}], 1, 0) = 1 ([{fd=3, revents=POLLIN}])',
  'wait4(CHILD, [{WIFEXITED(s) && WEXITSTATUS(s) == 3}], 0, NULL) = CHILD',
];

/** Lines whose values change from run to run: their form. */
const SHAPES = [
  /^sysinfo\(\{uptime=\d+, loads=\[\d+, \d+, \d+\], totalram=\d+, freeram=\d+, sharedram=\d+, bufferram=\d+, totalswap=\d+, freeswap=\d+, procs=\d+, totalhigh=0, freehigh=0, mem_unit=1\}\) = 0$/,
  /^clock_gettime\(CLOCK_REALTIME, \{tv_sec=\d{10}, tv_nsec=\d+\}\) = 0$/,
  // The handler and restorer: addresses in the static program, the same in both runs (no PIE).
  /^rt_sigaction\(SIGUSR2, \{sa_handler=0x4[0-9a-f]{5}, sa_mask=\[INT\], sa_flags=SA_RESTORER\|SA_RESTART, sa_restorer=0x4[0-9a-f]{5}\}, \{sa_handler=SIG_DFL, sa_mask=\[\], sa_flags=0\}, 8\) = 0$/,
  /^getrusage\(RUSAGE_SELF, \{ru_utime=\{tv_sec=\d+, tv_usec=\d+\}, ru_stime=\{tv_sec=\d+, tv_usec=\d+\}, \.\.\.\}\) = 0$/,
  /^wait4\(CHILD, \[\{WIFEXITED\(s\) && WEXITSTATUS\(s\) == 0\}\], 0, \{ru_utime=\{tv_sec=\d+, tv_usec=\d+\}, ru_stime=\{tv_sec=\d+, tv_usec=\d+\}, \.\.\.\}\) = CHILD$/,
];

const STRUCT_CALLS = /^(stat|fstat|lstat|newfstatat|pipe2|setrlimit|getrlimit|prlimit64|nanosleep|clock_getres|clock_gettime|uname|sysinfo|rt_sigprocmask|rt_sigaction|getrusage|poll|wait4)\(/;

/** The struct calls of a trace file: alignment padding and pids of forked children normalised. */
function structLines(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const children = [...text.matchAll(/^clone\(.*\) += (\d+)$/gm)].map((m) => m[1]);
  return text
    .split('\n')
    .map((l) => l.replace(/^(\S.*?\)) +(= .*)$/, '$1 $2').replace(/\b0x7[ef][0-9a-f]{10}\b/g, 'ADDR'))
    .filter((l) => STRUCT_CALLS.test(l) && !l.includes('RLIMIT_STACK'))
    // The children's pids, in wait4's lines only: other numbers (sysinfo's uptime) may equal one.
    .map((l) => (l.startsWith('wait4(') ? children.reduce((acc, pid) => acc.replace(new RegExp(`\\b${pid}\\b`, 'g'), 'CHILD'), l) : l));
}

function traceBoth(extra: string[] = []): { strace: string[]; ktrace: string[]; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'structs-'));
  fs.mkdirSync(`${dir}/s`);
  fs.mkdirSync(`${dir}/k`);
  const s = spawnSync('strace', ['-qq', ...extra, '-o', `${dir}/s.txt`, PROG, `${dir}/s`], { encoding: 'utf8' });
  assert.equal(s.status, 0, s.stderr);
  const k = spawnSync(process.execPath, [CLI, 'run', ...extra, '-o', `${dir}/k.txt`, '--', PROG, `${dir}/k`], { encoding: 'utf8' });
  assert.equal(k.status, 0, k.stderr);
  return { strace: structLines(`${dir}/s.txt`), ktrace: structLines(`${dir}/k.txt`), dir };
}

function expectLines(lines: string[], who: string): void {
  const fixed = lines.filter((l) => !SHAPES.some((re) => re.test(l)));
  assert.deepEqual(fixed, EXACT, who);
  for (const re of SHAPES) assert.equal(lines.filter((l) => re.test(l)).length, 1, `${who}: one line like ${re}\n${lines.join('\n')}`);
  assert.equal(lines.length, EXACT.length + SHAPES.length, `${who}:\n${lines.join('\n')}`);
}


describe('captured structs: stat, timespec, int[2], rlimit, wait status, rusage, utsname, sysinfo, sigset, sigaction, pollfd (in VM)', function () {
  this.timeout(900000);

  it('ktrace run prints the struct lines strace prints, with the known values', function () {
    const { strace, ktrace } = traceBoth();
    expectLines(strace, 'strace');
    expectLines(ktrace, 'ktrace');
    // Where the values vary (sysinfo, clock_gettime, rusage), both have the form; the rest is equal line for line.
    assert.deepEqual(ktrace.filter((l) => !SHAPES.some((re) => re.test(l))), strace.filter((l) => !SHAPES.some((re) => re.test(l))));
    const sigaction = (lines: string[]) => lines.filter((l) => l.startsWith('rt_sigaction('));
    assert.deepEqual(sigaction(ktrace), sigaction(strace));
  });

  it('-v: every field, as strace -v', function () {
    const { strace, ktrace, dir } = traceBoth(['-v']);
    const uname = (lines: string[]) => lines.filter((l) => l.startsWith('uname('));
    assert.deepEqual(uname(ktrace), uname(strace));
    assert.match(uname(ktrace)[0], /^uname\(\{sysname="Linux", nodename="[^"]+", release="[^"]+", version="[^"]+", machine="x86_64", domainname="[^"]*"\}\) = 0$/);
    // The file is each run's own: inode and times differ between the two runs, the rest is the same.
    const stat = (lines: string[]) =>
      lines.filter((l) => l.startsWith('stat("struct_file"')).map((l) => l.replace(/st_ino=\d+/, 'st_ino=N').replace(/(st_[amc]time(?:_nsec)?)=\d+( \/\* [^*]+ \*\/)?/g, '$1=T'));
    assert.deepEqual(stat(ktrace), stat(strace));
    assert.match(
      stat(ktrace)[0],
      /^stat\("struct_file", \{st_dev=makedev\(0(x[0-9a-f]+)?, 0(x[0-9a-f]+)?\), st_ino=N, st_mode=S_IFREG\|0640, st_nlink=1, st_uid=0, st_gid=0, st_blksize=4096, st_blocks=\d+, st_size=1234, st_atime=T, st_atime_nsec=T, st_mtime=T, st_mtime_nsec=T, st_ctime=T, st_ctime_nsec=T\}\) = 0$/,
    );
    // The dates after the times are strace's, in the guest's zone.
    const dates = (file: string) => [...fs.readFileSync(file, 'utf8').matchAll(/st_mtime=\d+ \/\* (\S+) \*\//g)].map((m) => m[1].replace(/\d/g, 'D'));
    assert.deepEqual(dates(`${dir}/k.txt`)[0], 'DDDD-DD-DDTDD:DD:DD.DDDDDDDDD+DDDD');
    const rusage = ktrace.find((l) => l.startsWith('wait4(') && l.includes('ru_maxrss='));
    assert.match(rusage ?? '', /ru_nivcsw=\d+\}\) = CHILD$/);
  });

  it('uid 1000 gets no struct bytes of a setuid-root process: its rlimit and stat from a root-only file', async function () {
    const dir = '/tmp/ktstruct';
    // rlim_cur ('ktsec-r!' as a little-endian u64) below rlim_max ('ktsec-r~'): prlimit64 succeeds.
    const secret = 'ktsec-r!ktsec-r~';
    const suid = `${dir}/suid`;
    const mine = `${dir}/mine`;
    secretFixture(dir, secret, PROG);
    const env = { ...process.env, SECRET: secret };
    const readArgs = [process.execPath, WATCH, 'read', 'syscall', 'regs,pid,uid,strings'];
    const user = watch(as(1000, readArgs), env);
    const root = watch(readArgs, env);
    let suidPid = 0;
    let minePid = 0;
    try {
      await started(user);
      await started(root);
      // The setuid-root copy reads root's file; the plain copy, run by uid 1000, reads uid 1000's own.
      const s = spawnSync('setpriv', ['--reuid=1000', '--regid=1000', '--clear-groups', '--', suid, '--secret', `${dir}/root-secret`]);
      assert.equal(s.status, 0, String(s.stderr));
      suidPid = s.pid;
      const m = spawnSync('setpriv', ['--reuid=1000', '--regid=1000', '--clear-groups', '--', mine, '--secret', `${dir}/user-secret`]);
      assert.equal(m.status, 0, String(m.stderr));
      minePid = m.pid;
    } catch (err) {
      user.child.kill('SIGKILL');
      root.child.kill('SIGKILL');
      throw err;
    }
    const [seen, all] = [await summary(user), await summary(root)];
    const hits = (sum: SecSummary) => [suidPid, minePid].map((pid) => sum.pids[String(pid)]?.secretHits ?? 0);
    const stats = (sum: SecSummary, pid: number) => sum.pids[String(pid)]?.counts['sys_exit:5'] ?? 0;
    console.log(`      secret hits [setuid, own]: uid 1000 ${JSON.stringify(hits(seen))}, privileged ${JSON.stringify(hits(all))}`);
    // The bytes read() returned, the rlimit at prlimit64's entry and at getrlimit's exit; uid 1000 only of its own
    // process (the control: the test can fail).
    assert.deepEqual(hits(seen), [0, 3]);
    assert.deepEqual(hits(all), [3, 3]);
    // Not even the fstat of root's file.
    assert.deepEqual([stats(seen, suidPid), stats(seen, minePid), stats(all, suidPid), stats(all, minePid)], [0, 1, 1, 1]);
    assert.equal(seen.secretHits, 3, 'none from other processes either');
    assert.equal(seen.kernelAddresses, 0);
  });
});
