// select, pselect6, ppoll's time left, getsockopt and waitid's rusage in the
// strace view, from what the module captures (kinds fd_set, struct_inout,
// sigset_pack, sockopt_out). Expected lines are the ones strace 6.1's own
// tests (xselect.c, pselect6.c, so_error.c, so_linger.c,
// sockopt-sol_netlink.c) expect for the same calls.
import { strict as assert } from 'node:assert';
import { StraceFormatter } from '../../frontend/src/views/strace/formatter';
import type { CapturedString, StraceOptions, SyscallEvent } from '../../frontend/src/views/strace/types';
import { call } from '../support/syscalls';

function line(events: readonly SyscallEvent[], options: StraceOptions = {}): string {
  const formatter = new StraceFormatter({ timeZone: 'utc', ...options });
  const out = [...events.flatMap((e) => formatter.push(e)), ...formatter.flush()];
  assert.equal(out.length, 1, out.join('\n'));
  return out[0];
}

/** An fd_set as the module captures it: its set descriptors as u32s. */
function fds(...list: number[]): Uint8Array {
  const b = Buffer.alloc(4 * list.length);
  list.forEach((fd, i) => b.writeUInt32LE(fd, 4 * i));
  return b;
}

function pair(a: number | bigint, b: number | bigint): Uint8Array {
  const out = Buffer.alloc(16);
  out.writeBigInt64LE(BigInt(a), 0);
  out.writeBigUInt64LE(BigInt.asUintN(64, BigInt(b)), 8);
  return out;
}

function int(v: number): Uint8Array {
  const b = Buffer.alloc(4);
  b.writeInt32LE(v);
  return b;
}

const UNAVAILABLE: CapturedString = { unavailable: true };
const RS = 0x7fe5b87c6ff8;
const WS = 0x7fe5b87c5ff8;
const ES = 0x7fe5b87c4ff8;
const TV = 0x7fe5b87c3ff0;

describe('strace view: select and pselect6', () => {
  it('prints the sets given and, after the result, what the kernel left in them', () => {
    // xselect.c: the same set for all three; the kernel's last write (except, empty) is what all read back.
    assert.equal(line(call('select', [5, RS, RS, RS, 0], 1, { 1: fds(3, 4), 2: fds(3, 4), 3: fds(3, 4) }, { 1: fds(), 2: fds(), 3: fds() })), 'select(5, [3 4], [3 4], [3 4], NULL)    = 1 ()');
    assert.equal(
      line(call('select', [5, RS, WS, ES, TV], 3, { 1: fds(3, 4), 2: fds(1, 2, 3, 4), 3: fds(), 4: pair(0xc0de1, 0xc0de2) }, { 1: fds(), 2: fds(1, 2, 4), 3: fds(), 4: pair(0xc0de1, 0xc0de0) })),
      'select(5, [3 4], [1 2 3 4], [], {tv_sec=789985, tv_usec=789986}) = 3 (out [1 2 4], left {tv_sec=789985, tv_usec=789984})',
    );
  });

  it('counts only as many ready descriptors as the result says, in, out, except in order', () => {
    assert.equal(
      line(call('select', [8, RS, WS, ES, TV], 2, { 1: fds(3, 5), 2: fds(4), 3: fds(7), 4: pair(1, 0) }, { 1: fds(3), 2: fds(4), 3: fds(7), 4: pair(0, 999998) })),
      'select(8, [3 5], [4], [7], {tv_sec=1, tv_usec=0}) = 2 (in [3], out [4], left {tv_sec=0, tv_usec=999998})',
    );
  });

  it('a timeout with no descriptor ready, and failures, print no note', () => {
    assert.equal(line(call('select', [0, 0, 0, 0, TV], 0, { 4: pair(0, 123) }, { 4: pair(0, 0) })), 'select(0, NULL, NULL, NULL, {tv_sec=0, tv_usec=123}) = 0 (Timeout)');
    assert.equal(line(call('select', [0, 0, 0, 0, TV + 1], -14, { 4: UNAVAILABLE })), `select(0, NULL, NULL, NULL, 0x${(TV + 1).toString(16)}) = -1 EFAULT (Bad address)`);
    // nfds -1: strace reads no set and prints the addresses.
    assert.equal(line(call('select', [0xffffffff, 0, WS, 0, 0], -22)), `select(-1, NULL, 0x${WS.toString(16)}, NULL, NULL) = -1 EINVAL (Invalid argument)`);
  });

  it('a set that could not be read is its address; one with more than the module lists ends in ...', () => {
    assert.equal(
      line(call('select', [65, RS, WS, ES, 0], -9, { 1: UNAVAILABLE, 2: UNAVAILABLE, 3: UNAVAILABLE })),
      `select(65, 0x${RS.toString(16)}, 0x${WS.toString(16)}, 0x${ES.toString(16)}, NULL) = -1 EBADF (Bad file descriptor)`,
    );
    const many = { bytes: fds(...Array.from({ length: 128 }, (_, i) => i)), truncated: true };
    assert.match(line(call('select', [4096, RS, 0, 0, 0], -9, { 1: many })), /^select\(4096, \[0 1 2 .* 126 127 \.\.\.\], NULL, NULL, NULL\) = -1 EBADF/);
  });

  it('pselect6 with its sigmask pair and the time left in tv_nsec', () => {
    const noMask = pair(0, 8);
    assert.equal(
      line(call('pselect6', [5, RS, WS, ES, 0, 0x7f00b41aaff0], 1, { 1: fds(3, 4), 2: fds(3, 4), 3: fds(1, 2), 5: noMask }, { 1: fds(), 2: fds(4), 3: fds() })),
      'pselect6(5, [3 4], [3 4], [1 2], NULL, {sigmask=NULL, sigsetsize=8}) = 1 (out [4])',
    );
    const mask = Buffer.concat([pair(0x7ffd0000, 8), Buffer.from([0x01, 0x00, 0x01, 0, 0, 0, 0, 0])]);
    assert.equal(
      line(call('pselect6', [1025, RS, WS, 0, TV, 0x7f00b41aaff0], 0, { 1: fds(3), 2: fds(), 4: pair(0, 123), 5: mask }, { 4: pair(0, 0) })),
      'pselect6(1025, [3], [], NULL, {tv_sec=0, tv_nsec=123}, {sigmask=[HUP CHLD], sigsetsize=8}) = 0 (Timeout)',
    );
    assert.equal(
      line(call('pselect6', [5, 0, WS, 0, TV, 0], 3, { 2: fds(1, 2, 3, 4), 4: pair(789985, 789986) }, { 2: fds(1, 2, 4), 4: pair(789985, 789000) })),
      'pselect6(5, NULL, [1 2 3 4], NULL, {tv_sec=789985, tv_nsec=789986}, NULL) = 3 (out [1 2 4], left {tv_sec=789985, tv_nsec=789000})',
    );
    // A sigsetsize other than a sigset's: strace prints the sigmask's address.
    assert.equal(line(call('pselect6', [0, 0, 0, 0, 0, 0x7f00b41aaff0], -22, { 5: pair(0x7ffd0000, 4) })), 'pselect6(0, NULL, NULL, NULL, NULL, {sigmask=0x7ffd0000, sigsetsize=4}) = -1 EINVAL (Invalid argument)');
  });
});

describe('strace view: ppoll\'s time left', () => {
  it('follows the descriptors that had events', () => {
    const given = Buffer.from([3, 0, 0, 0, 0x01, 0, 0, 0]);
    const returned = Buffer.from([3, 0, 0, 0, 0x01, 0, 0x01, 0]);
    assert.equal(
      line(call('ppoll', [0x7ffc0000, 1, TV, 0, 8], 1, { 0: given, 2: pair(1, 0) }, { 0: returned, 2: pair(0, 999999000) })),
      'ppoll([{fd=3, events=POLLIN}], 1, {tv_sec=1, tv_nsec=0}, NULL, 8) = 1 ([{fd=3, revents=POLLIN}], left {tv_sec=0, tv_nsec=999999000})',
    );
  });
});

describe('strace view: ppoll\'s descriptors with events past the snap length', () => {
  it('lists every one the exit captured, as strace reads them all (ppoll.c with -s2)', () => {
    const pollfd = (fd: number, events: number, revents: number) => {
      const b = Buffer.alloc(8);
      b.writeInt32LE(fd, 0);
      b.writeUInt16LE(events, 4);
      b.writeUInt16LE(revents, 6);
      return b;
    };
    const given = Buffer.concat([pollfd(3, 0xc3, 0), pollfd(4, 0x304, 0)]);
    const returned = Buffer.concat([pollfd(3, 0xc3, 0), pollfd(4, 0x304, 0x104), pollfd(5, 0x03, 0), pollfd(6, 0x04, 0x04)]);
    assert.equal(
      // nfds with garbage in its upper half, as strace's test passes it: an unsigned int for both.
      line(call('ppoll', [0x7ffc0000, 0xdeadbeef00000004n, TV, 0, 8], 2, { 0: { bytes: given, truncated: true }, 2: pair(42, 999999999) }, { 0: returned, 2: pair(42, 999906039) }), { snapLength: 2 }),
      'ppoll([{fd=3, events=POLLIN|POLLPRI|POLLRDNORM|POLLRDBAND}, {fd=4, events=POLLOUT|POLLWRNORM|POLLWRBAND}, ...], 4, {tv_sec=42, tv_nsec=999999999}, NULL, 8) = 2 ' +
        '([{fd=4, revents=POLLOUT|POLLWRNORM}, {fd=6, revents=POLLOUT}], left {tv_sec=42, tv_nsec=999906039})',
    );
  });
});

describe('strace view: getsockopt', () => {
  const VAL = 0x7feb07a3fff8;
  const LEN = 0x7feb07a39ffc;

  it('the value as returned and the length given (so_linger.c)', () => {
    assert.equal(
      line(call('getsockopt', [3, 1, 13, VAL, LEN], 0, { 4: int(8) }, { 3: Buffer.alloc(8), 4: int(8) })),
      'getsockopt(3, SOL_SOCKET, SO_LINGER, {l_onoff=0, l_linger=0}, [8]) = 0',
    );
    // A length cut short: the fields it covers, a cut one in hex.
    assert.equal(
      line(call('getsockopt', [3, 1, 13, VAL, LEN], 0, { 4: int(6) }, { 3: Buffer.from([1, 0, 0, 0, 5, 0]), 4: int(6) })),
      'getsockopt(3, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger="\\x05\\x00"}, [6]) = 0',
    );
  });

  it('SO_ERROR as an errno name, a changed length as given => returned (so_error.c)', () => {
    assert.equal(line(call('getsockopt', [4, 1, 4, VAL, LEN], 0, { 4: int(4) }, { 3: int(111), 4: int(4) })), 'getsockopt(4, SOL_SOCKET, SO_ERROR, [ECONNREFUSED], [4]) = 0');
    assert.equal(line(call('getsockopt', [4, 1, 4, VAL, LEN], 0, { 4: int(5) }, { 3: int(111), 4: int(4) })), 'getsockopt(4, SOL_SOCKET, SO_ERROR, [ECONNREFUSED], [5 => 4]) = 0');
    assert.equal(line(call('getsockopt', [4, 1, 4, VAL, LEN], 0, { 4: int(1) }, { 3: Buffer.from([0x6f]), 4: int(1) })), 'getsockopt(4, SOL_SOCKET, SO_ERROR, "\\x6f", [1]) = 0');
    assert.equal(line(call('getsockopt', [4, 1, 4, VAL, LEN], 0, { 4: int(0) }, { 4: int(0) })), `getsockopt(4, SOL_SOCKET, SO_ERROR, 0x${VAL.toString(16)}, [0]) = 0`);
    assert.equal(line(call('getsockopt', [4, 1, 4, VAL, LEN], -22, { 4: int(-1) })), `getsockopt(4, SOL_SOCKET, SO_ERROR, 0x${VAL.toString(16)}, [-1]) = -1 EINVAL (Invalid argument)`);
  });

  it('netlink ints and unreadable lengths (sockopt-sol_netlink.c)', () => {
    assert.equal(line(call('getsockopt', [3, 270, 3, VAL, LEN], 0, { 4: int(5) }, { 3: int(0), 4: int(4) })), 'getsockopt(3, SOL_NETLINK, NETLINK_PKTINFO, [0], [5 => 4]) = 0');
    assert.equal(line(call('getsockopt', [3, 270, 3, 0, LEN], 0, { 4: int(0) }, { 4: int(4) })), 'getsockopt(3, SOL_NETLINK, NETLINK_PKTINFO, NULL, [0 => 4]) = 0');
    // optlen not readable at entry: both addresses, as strace prints them at entry.
    assert.equal(line(call('getsockopt', [3, 270, 3, VAL, LEN], -14, { 4: UNAVAILABLE })), `getsockopt(3, SOL_NETLINK, NETLINK_PKTINFO, 0x${VAL.toString(16)}, 0x${LEN.toString(16)}) = -1 EFAULT (Bad address)`);
  });
});

describe('strace view: socket addresses the kernel wrote, and their lengths', () => {
  const ADDR = 0x7ffd4a1c0000;
  const LEN = 0x7ffd4a1c0080;
  /** sockaddr_in 127.0.0.1:53 (port in network order). */
  const INET = Buffer.from([2, 0, 0, 53, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
  const INET_TEXT = '{sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("127.0.0.1")}';

  it('recvfrom: the source as long as the smaller length, the length as given => returned', () => {
    assert.equal(
      line(call('recvfrom', [3, 0x7ffd4a1b0000, 16, 0, ADDR, LEN], 1, { 5: int(128) }, { 1: 'x', 4: INET, 5: int(16) })),
      `recvfrom(3, "x", 16, 0, ${INET_TEXT}, [128 => 16]) = 1`,
    );
    // Failed: the address, the length as given.
    assert.equal(line(call('recvfrom', [3, 0x7ffd4a1b0000, 16, 0x40, ADDR, LEN], -11, { 5: int(128) })), `recvfrom(3, 0x7ffd4a1b0000, 16, MSG_DONTWAIT, 0x${ADDR.toString(16)}, [128]) = -1 EAGAIN (Resource temporarily unavailable)`);
    // No address asked for.
    assert.equal(line(call('recvfrom', [3, 0x7ffd4a1b0000, 16, 0, 0, 0], 1, {}, { 1: 'x' })), 'recvfrom(3, "x", 16, 0, NULL, NULL)     = 1');
  });

  it('accept4, getsockname and getpeername', () => {
    assert.equal(line(call('accept4', [3, ADDR, LEN, 0x80000], 4, { 2: int(16) }, { 1: INET, 2: int(16) })), `accept4(3, ${INET_TEXT}, [16], SOCK_CLOEXEC) = 4`);
    assert.equal(line(call('getsockname', [3, ADDR, LEN], 0, { 2: int(128) }, { 1: INET, 2: int(16) })), `getsockname(3, ${INET_TEXT}, [128 => 16]) = 0`);
    // A length smaller than the address: strace decodes only that much.
    assert.equal(line(call('getpeername', [3, ADDR, LEN], 0, { 2: int(2) }, { 1: INET.subarray(0, 2), 2: int(16) })), 'getpeername(3, {sa_family=AF_INET}, [2 => 16]) = 0');
    // Too short for a sockaddr_in: the bytes after the family, as strace prints them.
    assert.equal(line(call('getpeername', [3, ADDR, LEN], 0, { 2: int(4) }, { 1: INET, 2: int(16) })), 'getpeername(3, {sa_family=AF_INET, sa_data="\\0005"}, [4 => 16]) = 0');
    assert.equal(line(call('accept', [3, 0, 0], 4)), 'accept(3, NULL, NULL)                   = 4');
  });
});
