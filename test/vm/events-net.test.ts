// Network events against the real module, every parameter asserted:
// socket_open (kretprobe on __sys_socket), net_xmit and net_recv over lo.
import { strict as assert } from 'node:assert';
import { cleanUp, capture, eventRow, fieldTag, launch, named, num, ofPid, show, str, text, val, type Rec } from './lib/events';
import { prog } from './lib/readers';

const AF_INET = 2;
const AF_INET6 = 10;
const SOCK_STREAM = 1;
const SOCK_DGRAM = 2;
const SOCK_CLOEXEC = 0o2000000;
const EAFNOSUPPORT = 97;
const ETH_P_IP = 0x0800;
const ETH_P_IPV6 = 0x86dd;
const ETH_HLEN = 14;
const UDP_HLEN = 8;
const IPV4_HLEN = 20;
const IPV6_HLEN = 40;
const KERNEL_SPACE = 0xffff800000000000n;

describe('events: network (in VM)', function () {
  afterEach(cleanUp);

  it('socket_open: family, type, protocol and the fd (or -errno) socket(2) returned', async function () {
    let pid = 0;
    let out = '';
    const d = await capture({ events: ['socket_open'], vars: ['pid', 'uid'] }, async () => {
      const h = launch(prog('net_lo'), ['sockets']);
      pid = h.pid;
      assert.deepEqual(await h.exited, { code: 0, signal: null }, h.stderr());
      out = h.stdout();
    });
    assert.equal(d.lost, 0n);
    // What the program saw socket() return, in order.
    assert.equal(out, `fd 3\nfd 4\nfd -${EAFNOSUPPORT}\n`);
    const got = ofPid(d.records, pid).map((r) => ({
      tid: num(r, 'tid'),
      uid: num(r, 'uid'),
      sock_family: num(r, 'sock_family'),
      sock_type: num(r, 'sock_type'),
      sock_protocol: num(r, 'sock_protocol'),
      sock_fd: num(r, 'sock_fd'),
    }));
    assert.deepEqual(
      got,
      [
        { tid: pid, uid: 0, sock_family: AF_INET, sock_type: SOCK_STREAM, sock_protocol: 0, sock_fd: 3 },
        // The type argument as passed, flags included.
        { tid: pid, uid: 0, sock_family: AF_INET6, sock_type: SOCK_DGRAM | SOCK_CLOEXEC, sock_protocol: 0, sock_fd: 4 },
        // No such family: __sys_socket() returns -EAFNOSUPPORT (an int).
        { tid: pid, uid: 0, sock_family: 1000, sock_type: SOCK_STREAM, sock_protocol: 0, sock_fd: -EAFNOSUPPORT },
      ],
      d.records.map(show).join('\n'),
    );
  });

  it('net_xmit, net_recv: one UDP datagram over ::1 and one over 127.0.0.1 with known lengths', async function () {
    const n6 = 1000;
    const n4 = 1234;
    let pid = 0;
    const d = await capture({ events: ['net_xmit', 'net_recv', 'socket_open'], vars: ['pid', 'uid'] }, async () => {
      const h = launch(prog('net_lo'), ['udp', String(n6), String(n4)]);
      pid = h.pid;
      assert.deepEqual(await h.exited, { code: 0, signal: null }, h.stderr());
      assert.equal(h.stdout(), 'ok\n');
    });
    assert.equal(d.lost, 0n);
    // The program opens 2 sockets per family; nothing else in the guest uses lo.
    assert.deepEqual(
      named(d.records, 'socket_open').map((r) => [num(r, 'pid'), num(r, 'sock_family'), num(r, 'sock_type'), num(r, 'sock_fd')]),
      [
        [pid, AF_INET6, SOCK_DGRAM, 3],
        [pid, AF_INET6, SOCK_DGRAM, 4],
        [pid, AF_INET, SOCK_DGRAM, 3],
        [pid, AF_INET, SOCK_DGRAM, 4],
      ],
    );
    const packets = d.records.filter((r) => r.name === 'net_xmit' || r.name === 'net_recv');
    const project = (r: Rec) => ({
      event: r.name,
      pid: num(r, 'pid'),
      tid: num(r, 'tid'),
      uid: num(r, 'uid'),
      ifindex: num(r, 'ifindex'),
      dev_name: text(r, 'dev_name'),
      skb_len: num(r, 'skb_len'),
      ...(r.name === 'net_xmit' ? { net_rc: num(r, 'net_rc') } : { net_protocol: num(r, 'net_protocol') }),
    });
    // On lo, net_dev_xmit sees the frame with its Ethernet header (the
    // length taken before the driver ran); loopback_xmit() then pulls that
    // header (eth_type_trans()), so netif_receive_skb sees 14 bytes less.
    // Transmit runs in the sender's context; receive in the NET_RX softirq
    // (the backlog lo queued to), which belongs to no task: pid 0, uid 0.
    assert.deepEqual(
      packets.map(project),
      [
        { event: 'net_xmit', pid, tid: pid, uid: 0, ifindex: 1, dev_name: 'lo', skb_len: n6 + UDP_HLEN + IPV6_HLEN + ETH_HLEN, net_rc: 0 },
        { event: 'net_recv', pid: 0, tid: 0, uid: 0, ifindex: 1, dev_name: 'lo', skb_len: n6 + UDP_HLEN + IPV6_HLEN, net_protocol: ETH_P_IPV6 },
        { event: 'net_xmit', pid, tid: pid, uid: 0, ifindex: 1, dev_name: 'lo', skb_len: n4 + UDP_HLEN + IPV4_HLEN + ETH_HLEN, net_rc: 0 },
        { event: 'net_recv', pid: 0, tid: 0, uid: 0, ifindex: 1, dev_name: 'lo', skb_len: n4 + UDP_HLEN + IPV4_HLEN, net_protocol: ETH_P_IP },
      ],
      packets.map(show).join('\n'),
    );
    // lo hands the very skb it was given to the receive path.
    const [x6, r6, x4, r4] = packets;
    for (const [x, r] of [
      [x6, r6],
      [x4, r4],
    ]) {
      assert.ok(val(x, 'skb_addr') >= KERNEL_SPACE, show(x));
      assert.equal(val(r, 'skb_addr'), val(x, 'skb_addr'));
    }
    for (const r of packets) assert.equal(str(r, 'dev_name')?.bytes.length, 2);

    // net_protocol: if the table says net_xmit records it, it must be the
    // packet's protocol, not what the CPU's last net_recv left behind (the
    // IPv4 transmit comes right after an IPv6 receive); if it does not,
    // net_xmit records must not carry it at all.
    const protoTag = fieldTag('net_protocol');
    if (eventRow('net_xmit').fields.includes(protoTag)) {
      assert.deepEqual(
        [num(x6, 'net_protocol'), num(x4, 'net_protocol')],
        [ETH_P_IPV6, ETH_P_IP],
        `net_xmit records net_protocol (ABI table), but not the packet's:\n${packets.map(show).join('\n')}`,
      );
    } else {
      for (const x of [x6, x4]) assert.ok(!x.carried.has(protoTag), show(x));
    }
  });
});
