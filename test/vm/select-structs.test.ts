// select, pselect6, ppoll, getsockopt and waitid against the real module and
// the guest's strace (issue 18): test/progs/select_calls makes each call with
// known arguments, and `ktrace run` must print the lines strace prints for
// it: the fd_sets given and left (`= 3 (in [3], out [1 4], left {...})`),
// pselect6's sigmask pair, ppoll's time left, getsockopt's value and its
// length as given and returned (sys_exit's str_arg4), waitid's rusage,
// recvfrom's source address and accept4's peer with their lengths.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI } from './lib/events';
import { prog } from './lib/readers';
import { expectOwnSecretsOnly } from './lib/sec-watcher';

const PROG = prog('select_calls');
const WATCH = path.join(__dirname, 'helpers/sec-watch.js');
const CALLS = /^(select|pselect6|ppoll|getsockopt|waitid|recvfrom|getsockname|accept4|getpeername)\(/;

/** Lines both tracers must print exactly (addresses as ADDR, the child's pid as PID, rusage times as N). */
const EXACT = [
  'select(5, [3 4], [3 4], [3 4], NULL) = 1 ()',
  'select(5, [3 4], [1 4], NULL, {tv_sec=0, tv_usec=0}) = 3 (in [3], out [1 4], left {tv_sec=0, tv_usec=0})',
  'pselect6(5, [3], [4], NULL, {tv_sec=0, tv_nsec=0}, {sigmask=[HUP CHLD], sigsetsize=8}) = 2 (in [3], out [4], left {tv_sec=0, tv_nsec=0})',
  'pselect6(0, NULL, NULL, NULL, {tv_sec=0, tv_nsec=0}, {sigmask=NULL, sigsetsize=8}) = 0 (Timeout)',
  'select(-1, NULL, ADDR, NULL, NULL) = -1 EINVAL (Invalid argument)',
  'ppoll([{fd=3, events=POLLIN}], 1, {tv_sec=0, tv_nsec=0}, NULL, 8) = 1 ([{fd=3, revents=POLLIN}], left {tv_sec=0, tv_nsec=0})',
  'getsockopt(5, SOL_SOCKET, SO_LINGER, {l_onoff=0, l_linger=0}, [8]) = 0',
  'getsockopt(5, SOL_SOCKET, SO_TYPE, [2], [5 => 4]) = 0',
  'getsockopt(5, SOL_IP, IP_OPTIONS, "\\7\\23\\24abcdefghijklmnop\\0", [40 => 20]) = 0',
  'getsockopt(-1, SOL_SOCKET, SO_TYPE, ADDR, [4]) = -1 EBADF (Bad file descriptor)',
  'recvfrom(6, "x", 16, 0, {sa_family=AF_INET, sin_port=htons(41234), sin_addr=inet_addr("127.0.0.1")}, [128 => 16]) = 1',
  'recvfrom(6, ADDR, 16, MSG_DONTWAIT, ADDR, [128]) = -1 EAGAIN (Resource temporarily unavailable)',
  'getsockname(7, {sa_family=AF_INET, sin_port=htons(41234), sin_addr=inet_addr("127.0.0.1")}, [128 => 16]) = 0',
  'accept4(8, {sa_family=AF_INET, sin_port=htons(41237), sin_addr=inet_addr("127.0.0.1")}, [16], SOCK_CLOEXEC) = FD',
  'getpeername(FD, {sa_family=AF_INET, sa_data="\\241\\25"}, [4 => 16]) = 0',
  'waitid(P_PID, PID, {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=PID, si_uid=0, si_status=7, si_utime=0, si_stime=0}, WEXITED, ' +
    '{ru_utime={tv_sec=N, tv_usec=N}, ru_stime={tv_sec=N, tv_usec=N}, ...}) = 0',
];

/** The calls of a trace file: alignment padding, addresses, the child's pid and its times normalised. */
function callLines(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const pid = text.match(/^waitid\(P_PID, (\d+),/m)?.[1];
  return text
    .split('\n')
    .filter((l) => CALLS.test(l))
    .map((l) => l.replace(/^(\S.*?\)) +(= .*)$/, '$1 $2').replace(/\b0x7[ef][0-9a-f]{10}\b/g, 'ADDR'))
    .map((l) => (pid === undefined ? l : l.replaceAll(`P_PID, ${pid},`, 'P_PID, PID,').replaceAll(`si_pid=${pid},`, 'si_pid=PID,')))
    .map((l) => l.replace(/(ru_[us]time=\{tv_sec=)\d+, tv_usec=\d+/g, '$1N, tv_usec=N'))
    // The accepted socket's number depends on the descriptors the tracer's child inherits.
    .map((l) => l.replace(/^(accept4\(.*\) = )\d+$/, '$1FD').replace(/^getpeername\(\d+,/, 'getpeername(FD,'));
}

describe('select, pselect6, ppoll, getsockopt and waitid: fd_sets, time left, optval and optlen (in VM)', function () {
  this.timeout(900000);

  it('ktrace run prints the lines strace prints for the same calls', function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'select-calls-'));
    const s = spawnSync('strace', ['-qq', '-o', `${dir}/s.txt`, PROG], { encoding: 'utf8' });
    assert.equal(s.status, 0, s.stderr);
    const k = spawnSync(process.execPath, [CLI, 'run', '-o', `${dir}/k.txt`, '--', PROG], { encoding: 'utf8' });
    assert.equal(k.status, 0, k.stderr);
    const [strace, ktrace] = [callLines(`${dir}/s.txt`), callLines(`${dir}/k.txt`)];
    assert.deepEqual(ktrace, strace);
    assert.deepEqual(ktrace, EXACT);
  });

  it('uid 1000 gets no getsockopt value bytes of a setuid-root process, and its own', async function () {
    const dir = '/tmp/ktselect';
    const secret = 'ktsec-s!ktsec-s~';
    // getsockopt's value at exit is the only capture with the secret (setsockopt's IP_OPTIONS is not read).
    await expectOwnSecretsOnly(dir, secret, PROG, WATCH, 1);
  });
});
