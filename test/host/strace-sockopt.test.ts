// setsockopt/getsockopt with strace's level and option names, and
// epoll_pwait2's signed ints: lines of strace 6.1's tests group_req,
// ip_mreq, so_error, so_linger and epoll_pwait2 whose memory is not read.
import { strict as assert } from 'node:assert';
import { StraceFormatter } from '../../frontend/src/views/strace/formatter';
import type { SyscallEvent } from '../../frontend/src/views/strace/types';
import { call } from '../support/syscalls';

function line(events: readonly SyscallEvent[]): string {
  const formatter = new StraceFormatter({ alignColumn: 0 });
  const out = [...events.flatMap((e) => formatter.push(e)), ...formatter.flush()];
  assert.equal(out.length, 1, out.join('\n'));
  return out[0];
}

const FILL = 0xdefaced00000000n;

describe('strace view: socket options', () => {
  it('names the level and the option within it; optlen is a signed int', () => {
    assert.equal(line(call('setsockopt', [0, 0, 42, 0x7f744d467f78, 0xffffffff], -22)), 'setsockopt(0, SOL_IP, MCAST_JOIN_GROUP, 0x7f744d467f78, -1) = -1 EINVAL (Invalid argument)');
    assert.equal(line(call('setsockopt', [0, 0, 35, 0x7fc9468c0ff8, 7], -22)), 'setsockopt(0, SOL_IP, IP_ADD_MEMBERSHIP, 0x7fc9468c0ff8, 7) = -1 EINVAL (Invalid argument)');
    assert.equal(line(call('setsockopt', [0, 41, 27, 0x1000, 0xffffffff], -22)), 'setsockopt(0, SOL_IPV6, IPV6_JOIN_ANYCAST, 0x1000, -1) = -1 EINVAL (Invalid argument)');
    assert.equal(line(call('setsockopt', [3, 6, 1, 0x1000, 4], 0)), 'setsockopt(3, SOL_TCP, TCP_NODELAY, 0x1000, 4) = 0');
    assert.equal(line(call('getsockopt', [4, 1, 13, 0x1000, 0x2000], 0)), 'getsockopt(4, SOL_SOCKET, SO_LINGER, 0x1000, 0x2000) = 0');
  });

  it('unknown options: hex with a comment at a known level, decimal at another; unknown levels SOL_??', () => {
    assert.equal(line(call('setsockopt', [3, 1, 0xbeef, 0, 0], -92)), 'setsockopt(3, SOL_SOCKET, 0xbeef /* SO_??? */, NULL, 0) = -1 ENOPROTOOPT (Protocol not available)');
    assert.equal(line(call('setsockopt', [3, 0x1234, 5, 0, 0], -92)), 'setsockopt(3, 0x1234 /* SOL_?? */, 5, NULL, 0) = -1 ENOPROTOOPT (Protocol not available)');
  });
});

describe('strace view: epoll_pwait2', () => {
  it('prints fd and maxevents as ints, whatever the upper halves hold (strace test epoll_pwait2)', () => {
    assert.equal(
      line(call('epoll_pwait2', [FILL | 0xffffffffn, 0x7f0849a03ff4, FILL | 3n, 0x7f08499fdff0, 0x7f08499f7ff8, 3], -22)),
      'epoll_pwait2(-1, 0x7f0849a03ff4, 3, 0x7f08499fdff0, 0x7f08499f7ff8, 3) = -1 EINVAL (Invalid argument)',
    );
  });
});

describe('strace view: epoll_ctl', () => {
  const event = (events: number, data: bigint): Uint8Array => {
    const b = new Uint8Array(12);
    const v = new DataView(b.buffer);
    v.setUint32(0, events, true);
    v.setBigUint64(4, data, true);
    return b;
  };

  it('prints the struct epoll_event the module captured (strace test epoll_ctl)', () => {
    assert.equal(
      line(call('epoll_ctl', [0xffffffff, 0xffffffff00000001n, 0xfffffffe, 0x7f9b19c96ff4], -9, { 3: event(1, 0xffffffffffffffffn) })),
      'epoll_ctl(-1, EPOLL_CTL_ADD, -2, {events=EPOLLIN, data={u32=4294967295, u64=18446744073709551615}}) = -1 EBADF (Bad file descriptor)',
    );
    assert.equal(
      line(call('epoll_ctl', [5, 3, 4, 0x1000], 0, { 3: event(0x80000005 | 0x2000, 0x100000007n) })),
      'epoll_ctl(5, EPOLL_CTL_MOD, 4, {events=EPOLLIN|EPOLLOUT|EPOLLRDHUP|EPOLLET, data={u32=7, u64=4294967303}}) = 0',
    );
  });

  it('the address for EPOLL_CTL_DEL, an unreadable struct, and NULL', () => {
    assert.equal(line(call('epoll_ctl', [0xfffffffd, 2, 0xfffffffc, 0x7f9b19c96ff4], -9, { 3: event(1, 0n) })), 'epoll_ctl(-3, EPOLL_CTL_DEL, -4, 0x7f9b19c96ff4) = -1 EBADF (Bad file descriptor)');
    assert.equal(line(call('epoll_ctl', [3, 1, 4, 0x7f9b19c96ffc], -14, { 3: { unavailable: true } })), 'epoll_ctl(3, EPOLL_CTL_ADD, 4, 0x7f9b19c96ffc) = -1 EFAULT (Bad address)');
    assert.equal(line(call('epoll_ctl', [0xffffffff, 3, 0xfffffff0, 0], -9)), 'epoll_ctl(-1, EPOLL_CTL_MOD, -16, NULL) = -1 EBADF (Bad file descriptor)');
  });
});

describe('strace view: setsockopt values the module read (sockopt_in)', () => {
  const bytes = (...parts: number[]): Uint8Array => Uint8Array.from(parts);
  const le32 = (n: number): number[] => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];

  it('ip_mreq, linger and int options when optlen covers them, the address otherwise (strace tests ip_mreq, so_linger)', () => {
    const mreq = bytes(224, 0, 0, 3, 127, 0, 0, 1);
    assert.equal(
      line(call('setsockopt', [0, 0, 35, 0x1000, 8], 0, { 3: mreq })),
      'setsockopt(0, SOL_IP, IP_ADD_MEMBERSHIP, {imr_multiaddr=inet_addr("224.0.0.3"), imr_interface=inet_addr("127.0.0.1")}, 8) = 0',
    );
    assert.equal(
      line(call('setsockopt', [0, 0, 36, 0x1000, 0x7fffffff], 0, { 3: mreq })),
      'setsockopt(0, SOL_IP, IP_DROP_MEMBERSHIP, {imr_multiaddr=inet_addr("224.0.0.3"), imr_interface=inet_addr("127.0.0.1")}, 2147483647) = 0',
    );
    assert.equal(line(call('setsockopt', [0, 0, 35, 0x1000, 7], -22, { 3: mreq.subarray(0, 7) })), 'setsockopt(0, SOL_IP, IP_ADD_MEMBERSHIP, 0x1000, 7) = -1 EINVAL (Invalid argument)');
    assert.equal(line(call('setsockopt', [0, 0, 35, 0x1001, 8], -14, { 3: { unavailable: true } })), 'setsockopt(0, SOL_IP, IP_ADD_MEMBERSHIP, 0x1001, 8) = -1 EFAULT (Bad address)');
    const linger = bytes(...le32(-15), ...le32(-42));
    assert.equal(line(call('setsockopt', [3, 1, 13, 0x1000, 9], 0, { 3: linger })), 'setsockopt(3, SOL_SOCKET, SO_LINGER, {l_onoff=-15, l_linger=-42}, 9) = 0');
    assert.equal(line(call('setsockopt', [3, 1, 2, 0x1000, 4], 0, { 3: bytes(...le32(1)) })), 'setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0');
  });

  it('group_req with its sockaddr; ipv6_mreq; an interface index no interface has stays a number', () => {
    const group = new Uint8Array(136);
    group.set(le32(0x7ffffff0), 0);
    group.set([2, 0, 0xff, 0xff, 224, 0, 0, 3], 8);
    assert.equal(
      line(call('setsockopt', [0, 0, 42, 0x1000, 136], 0, { 3: group })),
      'setsockopt(0, SOL_IP, MCAST_JOIN_GROUP, {gr_interface=2147483632, gr_group={sa_family=AF_INET, sin_port=htons(65535), sin_addr=inet_addr("224.0.0.3")}}, 136) = 0',
    );
    const mreq6 = new Uint8Array(20);
    mreq6.set([0xff, 0x01], 0);
    mreq6[15] = 0x0c;
    mreq6.set(le32(0x7ffffff0), 16);
    assert.equal(
      line(call('setsockopt', [0, 41, 20, 0x1000, 20], 0, { 3: mreq6 })),
      'setsockopt(0, SOL_IPV6, IPV6_ADD_MEMBERSHIP, {inet_pton(AF_INET6, "ff01::c", &ipv6mr_multiaddr), ipv6mr_interface=2147483632}, 20) = 0',
    );
  });
});
