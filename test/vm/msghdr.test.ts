// sendmsg, recvmsg, sendmmsg and recvmmsg against the real module and the
// guest's strace (issue 18): test/progs/msg_calls makes each call with
// known arguments, and `ktrace run` must print the lines strace prints for
// it: msg_name, the iovecs with their bytes (received ones placed as
// readv's), SCM_RIGHTS and SCM_CREDENTIALS control messages, MSG_CTRUNC,
// 40 iovecs (32 shown), an msg_iov and a msghdr that cannot be read, a
// failed recvmsg's `{msg_namelen=0}`, and both mmsghdr vectors with msg_len;
// 64 messages each way: 32 shown at the default -s, as strace; at -s 64 they
// end where the record has no room left (`...`).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI } from './lib/events';
import { prog } from './lib/readers';
import { expectOwnSecretsOnly } from './lib/sec-watcher';

const PROG = prog('msg_calls');
const WATCH = path.join(__dirname, 'helpers/sec-watch.js');
const CALLS = /^(sendmsg|recvmsg|sendmmsg|recvmmsg)\(/;

const iovs = (n: number) =>
  Array.from({ length: n }, (_, i) => `{iov_base="${String.fromCharCode(65 + (i % 26))}", iov_len=1}`).join(', ');
const SIN = (port: number) => `{sa_family=AF_INET, sin_port=htons(${port}), sin_addr=inet_addr("127.0.0.1")}`;
const NONAME = 'msg_name=NULL, msg_namelen=0';
const rights = (len: number, fds: string) => `msg_control=[{cmsg_len=${len}, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[${fds}]}]`;
const cred = 'msg_control=[{cmsg_len=28, cmsg_level=SOL_SOCKET, cmsg_type=SCM_CREDENTIALS, cmsg_data={pid=PID, uid=0, gid=0}}]';
const sent = (data: string) =>
  `{msg_hdr={msg_name=${SIN(41241)}, msg_namelen=16, msg_iov=[{iov_base="${data}", iov_len=${data.length}}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, msg_len=${data.length}}`;
const got = (data: string) =>
  `{msg_hdr={msg_name=${SIN(41240)}, msg_namelen=128 => 16, msg_iov=[{iov_base="${data}", iov_len=8}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, msg_len=${data.length}}`;

/** Lines both tracers must print exactly (addresses as ADDR, the program's pid as PID). */
function exact(shown: number): string[] {
  return [
    `sendmsg(3, {${NONAME}, msg_iov=[{iov_base="abc", iov_len=3}, {iov_base="defg", iov_len=4}], msg_iovlen=2, ${rights(24, '0, 1')}, msg_controllen=24, msg_flags=0}, 0) = 7`,
    `recvmsg(4, {${NONAME}, msg_iov=[{iov_base="abcde", iov_len=5}, {iov_base="fg", iov_len=16}], msg_iovlen=2, ${rights(24, '5, 6')}, msg_controllen=24, msg_flags=MSG_CMSG_CLOEXEC}, MSG_CMSG_CLOEXEC) = 7`,
    `sendmsg(3, {${NONAME}, msg_iov=[{iov_base="x", iov_len=1}], msg_iovlen=1, ${rights(28, '0, 1, 2')}, msg_controllen=28, msg_flags=0}, 0) = 1`,
    `recvmsg(4, {${NONAME}, msg_iov=[{iov_base="x", iov_len=16}], msg_iovlen=1, ${rights(24, '5, 6')}, msg_controllen=24, msg_flags=MSG_CTRUNC}, 0) = 1`,
    `sendmsg(3, {${NONAME}, msg_iov=[{iov_base="cred", iov_len=4}], msg_iovlen=1, ${cred}, msg_controllen=32, msg_flags=0}, 0) = 4`,
    `recvmsg(4, {${NONAME}, msg_iov=[{iov_base="cred", iov_len=16}], msg_iovlen=1, ${cred}, msg_controllen=32, msg_flags=0}, 0) = 4`,
    `sendmsg(3, {${NONAME}, msg_iov=[${iovs(shown)}${shown < 40 ? ', ...' : ''}], msg_iovlen=40, msg_controllen=0, msg_flags=0}, 0) = 40`,
    `recvmsg(4, {${NONAME}, msg_iov=[{iov_base="${'ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMN'.slice(0, shown)}"${shown < 40 ? '...' : ''}, iov_len=48}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, 0) = 40`,
    'recvmsg(4, {msg_namelen=0}, MSG_DONTWAIT) = -1 EAGAIN (Resource temporarily unavailable)',
    `sendmsg(3, {${NONAME}, msg_iov=ADDR, msg_iovlen=1, msg_controllen=0, msg_flags=0}, 0) = -1 EFAULT (Bad address)`,
    'sendmsg(3, ADDR, 0) = -1 EFAULT (Bad address)',
    `sendmsg(5, {msg_name=${SIN(41241)}, msg_namelen=16, msg_iov=[{iov_base="hello", iov_len=5}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, 0) = 5`,
    `recvmsg(6, {msg_name=${SIN(41240)}, msg_namelen=128 => 16, msg_iov=[{iov_base="hello", iov_len=8}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, 0) = 5`,
    `sendmmsg(5, [${sent('one')}, ${sent('three')}], 2, 0) = 2`,
    `recvmmsg(6, [${got('one')}, ${got('three')}], 2, 0, NULL) = 2`,
    'recvmmsg(6, ADDR, 2, MSG_DONTWAIT, NULL) = -1 EAGAIN (Resource temporarily unavailable)',
  ];
}

/**
 * 64 one-byte datagrams each way. At the default -s (32) both tracers show
 * 32 messages, then `...`. At -s 64 a message takes 114 bytes of the
 * record's 6143 bytes of strings (64 + 4 + 16 + 4 + 5 + 16 + 4 + 1): the
 * record holds HELD whole (6042 bytes), and of the next the struct, its
 * name and no room for its iovec (`msg_iov=[...]`), then `...` (never more
 * than it has room for), where strace shows all 64.
 */
const HELD = 53;
const letter = (i: number) => String.fromCharCode(97 + (i % 26));
const msg1 = (port: number, namelen: string, iov: string) =>
  `{msg_hdr={msg_name=${SIN(port)}, msg_namelen=${namelen}, msg_iov=${iov}, msg_iovlen=1, msg_controllen=0, msg_flags=0}, msg_len=1}`;
const sent1 = (i: number) => msg1(41241, '16', `[{iov_base="${letter(i)}", iov_len=1}]`);
const got1 = (i: number) => msg1(41240, '128 => 16', `[{iov_base="${letter(i)}", iov_len=1}]`);
const list = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join(', ');
/** @shown whole messages, then (@cut) one without its iovec, then `...` unless all 64 are shown. */
const many = (shown: number, cut: boolean) => {
  const end = shown === 64 ? '' : ', ...';
  const sentCut = cut ? `, ${msg1(41241, '16', '[...]')}` : '';
  const gotCut = cut ? `, ${msg1(41240, '128 => 16', '[...]')}` : '';
  return [`sendmmsg(5, [${list(shown, sent1)}${sentCut}${end}], 64, 0) = 64`, `recvmmsg(6, [${list(shown, got1)}${gotCut}${end}], 64, 0, NULL) = 64`];
};
const TIMED = `recvmmsg(6, [${msg1(41240, '128 => 16', '[{iov_base="z", iov_len=1}]')}], 1, 0, {tv_sec=1, tv_nsec=0}) = 1 (left {tv_sec=S, tv_nsec=N})`;
const isMany = (l: string) => /^(send|recv)mmsg\(\d+, .*, 64, 0(, NULL)?\) = 64$/.test(l);

/**
 * The strace lines against ktrace's: equal, except at -s 64 the 64-message
 * vectors, where ktrace's are strace's first HELD messages, then `...`.
 */
function compare(ktrace: string[], strace: string[], shown: number, snap: number): void {
  assert.deepEqual(ktrace.filter((l) => !isMany(l)), strace.filter((l) => !isMany(l)));
  assert.deepEqual(ktrace, [...exact(shown), ...many(Math.min(snap, HELD), snap > HELD), TIMED]);
  assert.deepEqual(strace.filter(isMany), many(snap, false));
}

/** The calls of a trace file: alignment padding, addresses and the program's pid normalised. */
function callLines(file: string): string[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => CALLS.test(l))
    .map((l) => l.replace(/^(\S.*?\)) +(= .*)$/, '$1 $2').replace(/0x7[ef][0-9a-f]{8,}/g, 'ADDR').replace(/\{pid=\d+,/g, '{pid=PID,'))
    .map((l) => l.replace(/\(left \{tv_sec=\d+, tv_nsec=\d+\}\)$/, '(left {tv_sec=S, tv_nsec=N})'));
}

function run(argv: string[], out: string): string[] {
  const r = spawnSync(argv[0], [...argv.slice(1), '-o', out, '--', PROG], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return callLines(out);
}

/** Kernel log lines after the first @from that report a bug. */
function reports(from: number): string[] {
  const log = spawnSync('dmesg', { encoding: 'utf8' }).stdout.split('\n');
  return log.slice(from).filter((l) => /WARNING|BUG|KASAN|UBSAN|Oops|general protection|kmemleak|lockdep|circular locking/.test(l));
}

describe('sendmsg, recvmsg, sendmmsg, recvmmsg: msghdr, iovecs, cmsgs, mmsghdr vectors (in VM)', function () {
  this.timeout(900000);
  let dir: string;
  let dmesgFrom: number;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msghdr-'));
    dmesgFrom = spawnSync('dmesg', { encoding: 'utf8' }).stdout.split('\n').length - 1;
  });

  it('ktrace run prints the lines strace prints for the same calls', function () {
    const strace = run(['strace', '-qq'], `${dir}/s.txt`);
    const ktrace = run([process.execPath, CLI, 'run'], `${dir}/k.txt`);
    compare(ktrace, strace, 32, 32);
  });

  it('at -s 64, all 40 iovecs and their bytes, as strace -s 64', function () {
    const strace = run(['strace', '-qq', '-s', '64'], `${dir}/s64.txt`);
    const ktrace = run([process.execPath, CLI, 'run', '-s', '64'], `${dir}/k64.txt`);
    compare(ktrace, strace, 40, 64);
  });

  it('uid 1000 gets no message bytes of a setuid-root process, and its own', async function () {
    const tmp = '/tmp/ktmsghdr';
    const secret = 'ktsec-m!ktsec-m~';
    // sendmsg's message at entry and recvmsg's at exit carry the secret.
    await expectOwnSecretsOnly(tmp, secret, PROG, WATCH, 2);
  });

  it('leaves no report in the kernel log', function () {
    assert.deepEqual(reports(dmesgFrom), []);
  });
});
