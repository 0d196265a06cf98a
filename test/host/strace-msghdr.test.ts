// sendmsg, recvmsg, sendmmsg and recvmmsg in the strace view, from the
// module's message captures (kinds msghdr_in, msghdr_out, mmsghdr_in).
// Expected lines are the ones the guest's strace 6.1 printed for
// test/progs/msg_calls (test/vm/msghdr.test.ts compares the two live).
import { strict as assert } from 'node:assert';
import { StraceFormatter } from '../../frontend/src/views/strace/formatter';
import { formatControl } from '../../frontend/src/views/strace/cmsg';
import type { CapturedString, SyscallEvent } from '../../frontend/src/views/strace/types';
import { call } from '../support/syscalls';

function line(events: readonly SyscallEvent[]): string {
  const formatter = new StraceFormatter({ timeZone: 'utc' });
  const out = [...events.flatMap((e) => formatter.push(e)), ...formatter.flush()];
  assert.equal(out.length, 1, out.join('\n'));
  return out[0].replace(/^(.*?\)) +(= )/, '$1 $2');
}

interface Iov {
  base: number;
  data: string;
  len?: number;
}

interface Msg {
  name?: { at: number; bytes: Uint8Array; namelen?: number } | { at: number; unreadable: true; namelen: number };
  iov?: { at: number; list: Iov[]; status?: number };
  iovlen?: number;
  control?: { at: number; bytes: Uint8Array; len?: number };
  flags?: number;
  msgLen?: number;
}

const u32 = (v: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v >>> 0);
  return b;
};

/** One message as the module captures it (kmod/ktrace_sysargs.h, kinds 25-27). */
function message(m: Msg, mmsg = false): Buffer {
  const hdr = Buffer.alloc(mmsg ? 64 : 56);
  const name = m.name;
  hdr.writeBigUInt64LE(BigInt(name?.at ?? 0), 0);
  hdr.writeInt32LE(name === undefined ? 0 : name.namelen ?? ('bytes' in name ? name.bytes.length : 0), 8);
  hdr.writeBigUInt64LE(BigInt(m.iov?.at ?? 0), 16);
  hdr.writeBigUInt64LE(BigInt(m.iovlen ?? m.iov?.list.length ?? 0), 24);
  hdr.writeBigUInt64LE(BigInt(m.control?.at ?? 0), 32);
  hdr.writeBigUInt64LE(BigInt(m.control?.len ?? m.control?.bytes.length ?? 0), 40);
  hdr.writeUInt32LE(m.flags ?? 0, 48);
  if (mmsg) hdr.writeUInt32LE(m.msgLen ?? 0, 56);
  const nameBytes = name === undefined ? Buffer.alloc(0) : 'bytes' in name ? Buffer.from(name.bytes) : undefined;
  const iovs = (m.iov?.list ?? []).map((v) => {
    const e = Buffer.alloc(16);
    e.writeBigUInt64LE(BigInt(v.base), 0);
    e.writeBigUInt64LE(BigInt(v.len ?? v.data.length), 8);
    return Buffer.concat([e, u32(v.data.length), Buffer.from(v.data, 'latin1')]);
  });
  const iov = Buffer.concat(iovs);
  return Buffer.concat([
    hdr,
    nameBytes === undefined ? u32(0xffffffff) : Buffer.concat([u32(nameBytes.length), nameBytes]),
    m.control === undefined ? u32(0) : Buffer.concat([u32(m.control.bytes.length), Buffer.from(m.control.bytes)]),
    u32(iov.length),
    Buffer.from([m.iov?.status ?? 0]),
    iov,
  ]);
}

function cmsg(level: number, type: number, data: Buffer, len = 16 + data.length): Buffer {
  const h = Buffer.alloc(16);
  h.writeBigUInt64LE(BigInt(len), 0);
  h.writeInt32LE(level, 8);
  h.writeUInt32LE(type >>> 0, 12);
  const pad = (8 - ((16 + data.length) % 8)) % 8;
  return Buffer.concat([h, data, Buffer.alloc(pad)]);
}

const ints = (...v: number[]) => Buffer.concat(v.map(u32));
const sin = (port: number) => {
  const b = Buffer.alloc(16);
  b.writeUInt16LE(2, 0);
  b.writeUInt16BE(port, 2);
  b.set([127, 0, 0, 1], 4);
  return b;
};

const M = 0x7ffc1000;
const mem = (bytes: Uint8Array, truncated = false): CapturedString => ({ bytes, truncated });
const UNAVAILABLE: CapturedString = { unavailable: true };
const SIN41241 = '{sa_family=AF_INET, sin_port=htons(41241), sin_addr=inet_addr("127.0.0.1")}';
const SIN41240 = '{sa_family=AF_INET, sin_port=htons(41240), sin_addr=inet_addr("127.0.0.1")}';

describe('strace view: sendmsg, recvmsg, sendmmsg, recvmmsg', () => {
  it('sendmsg: its iovecs with their bytes and SCM_RIGHTS descriptors', () => {
    const m = message({ iov: { at: 0x1000, list: [{ base: 0x2000, data: 'abc' }, { base: 0x3000, data: 'defg' }] }, control: { at: 0x4000, bytes: cmsg(1, 1, ints(0, 1)) } });
    assert.equal(
      line(call('sendmsg', [3, M, 0], 7, { 1: mem(m) })),
      'sendmsg(3, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="abc", iov_len=3}, {iov_base="defg", iov_len=4}], msg_iovlen=2, ' +
        'msg_control=[{cmsg_len=24, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[0, 1]}], msg_controllen=24, msg_flags=0}, 0) = 7',
    );
  });

  it('recvmsg: the bytes received placed in order, msg_flags and the control as returned', () => {
    const m = message({
      iov: { at: 0x1000, list: [{ base: 0x2000, data: 'abcde', len: 5 }, { base: 0x3000, data: 'fg', len: 16 }] },
      control: { at: 0x4000, bytes: cmsg(1, 1, ints(5, 6)) },
      flags: 0x40000000,
    });
    assert.equal(
      line(call('recvmsg', [4, M, 0x40000000], 7, { 1: mem(u32(0)) }, { 1: mem(m) })),
      'recvmsg(4, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="abcde", iov_len=5}, {iov_base="fg", iov_len=16}], msg_iovlen=2, ' +
        'msg_control=[{cmsg_len=24, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[5, 6]}], msg_controllen=24, msg_flags=MSG_CMSG_CLOEXEC}, MSG_CMSG_CLOEXEC) = 7',
    );
  });

  it('recvmsg: the address with its length as given and returned; a failed one its msg_namelen', () => {
    const m = message({ name: { at: 0x5000, bytes: sin(41240) }, iov: { at: 0x1000, list: [{ base: 0x2000, data: 'hello', len: 8 }] } });
    assert.equal(
      line(call('recvmsg', [6, M, 0], 5, { 1: mem(u32(128)) }, { 1: mem(m) })),
      `recvmsg(6, {msg_name=${SIN41240}, msg_namelen=128 => 16, msg_iov=[{iov_base="hello", iov_len=8}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, 0) = 5`,
    );
    // A name longer than the caller's buffer, which ends at an unmapped page: the module kept 16 of 36 bytes; strace shows the address.
    const cut = message({ name: { at: 0x5ff0, bytes: Buffer.alloc(16, 1), namelen: 36 }, iov: { at: 0x1000, list: [{ base: 0x2000, data: 'A', len: 1 }] } });
    assert.equal(
      line(call('recvmsg', [3, M, 0x40], 1, { 1: mem(u32(40)) }, { 1: mem(cut) })),
      'recvmsg(3, {msg_name=0x5ff0, msg_namelen=40 => 36, msg_iov=[{iov_base="A", iov_len=1}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, MSG_DONTWAIT) = 1',
    );
    assert.equal(line(call('recvmsg', [4, M, 0x40], -11, { 1: mem(u32(0)) })), 'recvmsg(4, {msg_namelen=0}, MSG_DONTWAIT) = -1 EAGAIN (Resource temporarily unavailable)');
    assert.equal(line(call('recvmsg', [4, M, 0], -14, { 1: UNAVAILABLE })), `recvmsg(4, 0x${M.toString(16)}, 0) = -1 EFAULT (Bad address)`);
  });

  it('SCM_CREDENTIALS, MSG_CTRUNC, and a control cut short', () => {
    const cred = message({ iov: { at: 0x1000, list: [{ base: 0x2000, data: 'cred' }] }, control: { at: 0x4000, bytes: cmsg(1, 2, ints(138, 0, 0)), len: 32 } });
    assert.equal(
      line(call('sendmsg', [3, M, 0], 4, { 1: mem(cred) })),
      'sendmsg(3, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="cred", iov_len=4}], msg_iovlen=1, ' +
        'msg_control=[{cmsg_len=28, cmsg_level=SOL_SOCKET, cmsg_type=SCM_CREDENTIALS, cmsg_data={pid=138, uid=0, gid=0}}], msg_controllen=32, msg_flags=0}, 0) = 4',
    );
    const fds = (n: number) => ({ cmsgLen: 16 + 4 * n, fdList: Array.from({ length: n }, (_, i) => i) });
    const o = { fd: (fd: bigint) => fd.toString(), maxElements: 32 };
    const three = fds(3);
    // Only the first 20 bytes of a 28-byte cmsg kept (the module's cap): one descriptor, then `...`.
    assert.equal(
      formatControl(cmsg(1, 1, ints(...three.fdList)).subarray(0, 20), 28n, 0x4000n, o),
      '[{cmsg_len=28, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[0]}, ...]',
    );
    // Shorter than a cmsghdr: the address.
    assert.equal(formatControl(Buffer.alloc(8), 8n, 0x4000n, o), undefined);
    // A cmsg_len below the header's size, then nothing more.
    assert.equal(formatControl(cmsg(1, 1, Buffer.alloc(0), 8), 16n, 0x4000n, o), '[{cmsg_len=8, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS}]');
    // strace's msg_control.c: a cmsg_len of 0 in 17 bytes, then where its reading stopped (16 bytes on).
    const zero = Buffer.concat([cmsg(1, 1, Buffer.alloc(0), 0), Buffer.alloc(1)]);
    assert.equal(formatControl(zero, 17n, 0x4000n, o), '[{cmsg_len=0, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS}, ... /* 0x4010 */]');
    // strace's msg_control.c: SCM_SECURITY as a string; timestamps by their SO_ names, old and new, `???` when shorter than their struct.
    assert.equal(formatControl(cmsg(1, 3, Buffer.from('0')), 17n, 0x4000n, o), '[{cmsg_len=17, cmsg_level=SOL_SOCKET, cmsg_type=SCM_SECURITY, cmsg_data="0"}]');
    const tv = Buffer.alloc(16);
    tv.writeBigInt64LE(123456789n, 0);
    tv.writeBigInt64LE(987654n, 8);
    assert.equal(formatControl(cmsg(1, 29, tv), 32n, 0x4000n, o), '[{cmsg_len=32, cmsg_level=SOL_SOCKET, cmsg_type=SO_TIMESTAMP_OLD, cmsg_data={tv_sec=123456789, tv_usec=987654}}]');
    assert.equal(formatControl(cmsg(1, 63, tv), 32n, 0x4000n, o), '[{cmsg_len=32, cmsg_level=SOL_SOCKET, cmsg_type=SO_TIMESTAMP_NEW, cmsg_data={tv_sec=123456789, tv_usec=987654}}]');
    assert.equal(formatControl(cmsg(1, 64, tv), 32n, 0x4000n, o), '[{cmsg_len=32, cmsg_level=SOL_SOCKET, cmsg_type=SO_TIMESTAMPNS_NEW, cmsg_data={tv_sec=123456789, tv_nsec=987654}}]');
    assert.equal(formatControl(cmsg(1, 35, tv.subarray(0, 8)), 24n, 0x4000n, o), '[{cmsg_len=24, cmsg_level=SOL_SOCKET, cmsg_type=SO_TIMESTAMPNS_OLD, cmsg_data=???}]');
    assert.equal(
      formatControl(cmsg(1, 37, Buffer.concat([tv, tv, tv])), 64n, 0x4000n, o),
      '[{cmsg_len=64, cmsg_level=SOL_SOCKET, cmsg_type=SO_TIMESTAMPING_OLD, cmsg_data=[{tv_sec=123456789, tv_nsec=987654}, {tv_sec=123456789, tv_nsec=987654}, {tv_sec=123456789, tv_nsec=987654}]}]',
    );
    assert.equal(formatControl(cmsg(1, 0xfacefeed, Buffer.alloc(0)), 16n, 0x4000n, o), '[{cmsg_len=16, cmsg_level=SOL_SOCKET, cmsg_type=0xfacefeed /* SCM_??? */}]');
    // Another level's type in hex, its data left out.
    assert.equal(formatControl(cmsg(41, 50, ints(7)), 24n, 0x4000n, o), '[{cmsg_len=20, cmsg_level=SOL_IPV6, cmsg_type=0x32}]');
  });

  it('40 iovecs show 32; an msg_iov that cannot be read is its address; so is a msghdr', () => {
    const list = Array.from({ length: 33 }, (_, i) => ({ base: 0x2000 + i, data: String.fromCharCode(65 + (i % 26)) }));
    const many = message({ iov: { at: 0x1000, list }, iovlen: 40 });
    assert.match(
      line(call('sendmsg', [3, M, 0], 40, { 1: mem(many) })),
      /^sendmsg\(3, \{msg_name=NULL, msg_namelen=0, msg_iov=\[\{iov_base="A", iov_len=1\}, .*\{iov_base="F", iov_len=1\}, \.\.\.\], msg_iovlen=40, msg_controllen=0, msg_flags=0\}, 0\) = 40$/,
    );
    const gone = message({ iov: { at: 0x7f0000, list: [], status: 2 }, iovlen: 1 });
    assert.equal(
      line(call('sendmsg', [3, M, 0], -14, { 1: mem(gone) })),
      'sendmsg(3, {msg_name=NULL, msg_namelen=0, msg_iov=0x7f0000, msg_iovlen=1, msg_controllen=0, msg_flags=0}, 0) = -1 EFAULT (Bad address)',
    );
    assert.equal(line(call('sendmsg', [3, M, 0], -14, { 1: UNAVAILABLE })), `sendmsg(3, 0x${M.toString(16)}, 0) = -1 EFAULT (Bad address)`);
  });

  it('sendmmsg and recvmmsg: each msg_hdr with its msg_len', () => {
    const sent = (data: string) => message({ name: { at: 0x5000, bytes: sin(41241) }, iov: { at: 0x1000, list: [{ base: 0x2000, data }] }, msgLen: data.length }, true);
    const hdr = (data: string, len: number) =>
      `{msg_hdr={msg_name=${SIN41241}, msg_namelen=16, msg_iov=[{iov_base="${data}", iov_len=${len}}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, msg_len=${data.length}}`;
    assert.equal(
      line(call('sendmmsg', [5, M, 2, 0], 2, {}, { 1: mem(Buffer.concat([sent('one'), sent('three')])) })),
      `sendmmsg(5, [${hdr('one', 3)}, ${hdr('three', 5)}], 2, 0) = 2`,
    );
    // Failed: the messages as given, no msg_len.
    assert.equal(
      line(call('sendmmsg', [5, M, 1, 0], -9, {}, { 1: mem(sent('one')) })),
      `sendmmsg(5, [{msg_hdr={msg_name=${SIN41241}, msg_namelen=16, msg_iov=[{iov_base="one", iov_len=3}], msg_iovlen=1, msg_controllen=0, msg_flags=0}}], 1, 0) = -1 EBADF (Bad file descriptor)`,
    );
    const got = (data: string) =>
      message({ name: { at: 0x5000, bytes: sin(41240) }, iov: { at: 0x1000, list: [{ base: 0x2000, data, len: 8 }] }, msgLen: data.length }, true);
    const rhdr = (data: string) =>
      `{msg_hdr={msg_name=${SIN41240}, msg_namelen=128 => 16, msg_iov=[{iov_base="${data}", iov_len=8}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, msg_len=${data.length}}`;
    assert.equal(
      line(call('recvmmsg', [6, M, 2, 0, 0], 2, { 1: mem(ints(128, 128)) }, { 1: mem(Buffer.concat([got('one'), got('three')])) })),
      `recvmmsg(6, [${rhdr('one')}, ${rhdr('three')}], 2, 0, NULL) = 2`,
    );
    // A timeout: as given, and the time left after the result.
    const ts = (sec: number, nsec: number) => {
      const b = Buffer.alloc(16);
      b.writeBigInt64LE(BigInt(sec), 0);
      b.writeBigInt64LE(BigInt(nsec), 8);
      return b;
    };
    assert.equal(
      line(call('recvmmsg', [6, M, 1, 0, 0x7000], 1, { 1: mem(ints(128)), 4: mem(ts(0, 12345678)) }, { 1: mem(got('one')), 4: mem(ts(0, 12000000)) })),
      `recvmmsg(6, [${rhdr('one')}], 1, 0, {tv_sec=0, tv_nsec=12345678}) = 1 (left {tv_sec=0, tv_nsec=12000000})`,
    );
    assert.equal(
      line(call('recvmmsg', [-1 >>> 0, M, 1, 0, 0x7000], -9, { 1: mem(ints(0)), 4: mem(ts(0, 12345678)) })),
      `recvmmsg(-1, 0x${M.toString(16)}, 1, 0, {tv_sec=0, tv_nsec=12345678}) = -1 EBADF (Bad file descriptor)`,
    );
    assert.equal(
      line(call('recvmmsg', [6, M, 2, 0x40, 0], -11, { 1: mem(ints(128, 128)) })),
      `recvmmsg(6, 0x${M.toString(16)}, 2, MSG_DONTWAIT, NULL) = -1 EAGAIN (Resource temporarily unavailable)`,
    );
  });

  it('a message array the record could not hold whole ends in ...', () => {
    const sent = message({ iov: { at: 0x1000, list: [{ base: 0x2000, data: 'x' }] }, msgLen: 1 }, true);
    assert.equal(
      line(call('sendmmsg', [5, M, 3, 0], 3, {}, { 1: mem(sent, true) })),
      'sendmmsg(5, [{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="x", iov_len=1}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, msg_len=1}, ...], 3, 0) = 3',
    );
  });

  it('-e write= / -e read=: each message\'s buffers dumped as strace does (its mmsg test)', () => {
    const lines = (events: readonly SyscallEvent[]) => {
      const formatter = new StraceFormatter({ timeZone: 'utc', writeFds: (fd) => fd === 1, readFds: (fd) => fd === 0, alignColumn: 0 });
      return [...events.flatMap((e) => formatter.push(e)), ...formatter.flush()].slice(1);
    };
    const two = message({ iov: { at: 0x1000, list: [{ base: 0x2000, data: '012' }, { base: 0x2010, data: '34567' }] }, msgLen: 8 }, true);
    const one = message({ iov: { at: 0x1100, list: [{ base: 0x2020, data: '89abcde' }] }, msgLen: 7 }, true);
    assert.deepEqual(lines(call('sendmmsg', [1, M, 2, 0], 2, {}, { 1: mem(Buffer.concat([two, one])) })), [
      ' = 2 buffers in vector 0',
      ' * 3 bytes in buffer 0',
      ' | 00000  30 31 32                                          012              |',
      ' * 5 bytes in buffer 1',
      ' | 00000  33 34 35 36 37                                    34567            |',
      ' = 1 buffers in vector 1',
      ' * 7 bytes in buffer 0',
      ' | 00000  38 39 61 62 63 64 65                              89abcde          |',
    ]);
    // recvmsg: the bytes received, placed in order; sendmsg: its entry's capture; another fd: nothing.
    const got = message({ iov: { at: 0x1000, list: [{ base: 0x2000, data: 'ab', len: 2 }, { base: 0x2010, data: 'c', len: 8 }] } });
    assert.deepEqual(lines(call('recvmsg', [0, M, 0], 3, { 1: mem(Buffer.alloc(4)) }, { 1: mem(got) })), [
      ' * 2 bytes in buffer 0',
      ' | 00000  61 62                                             ab               |',
      ' * 1 bytes in buffer 1',
      ' | 00000  63                                                c                |',
    ]);
    const sent = message({ iov: { at: 0x1000, list: [{ base: 0x2000, data: 'hi' }] } });
    assert.deepEqual(lines(call('sendmsg', [1, M, 0], 2, { 1: mem(sent) })), [' * 2 bytes in buffer 0', ' | 00000  68 69                                             hi               |']);
    assert.deepEqual(lines(call('sendmsg', [2, M, 0], 2, { 1: mem(sent) })), []);
  });
});
