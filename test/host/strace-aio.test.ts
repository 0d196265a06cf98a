// Native AIO in the strace view (issue 18): io_submit's iocbs (kind iocbs),
// io_cancel's iocb, the io_events io_getevents and io_cancel return. The
// expected lines are those strace 6.1 prints for its own aio test.
import { strict as assert } from 'node:assert';
import type { CapturedString } from '../../frontend/src/views/strace/types';
import { bytes, call, iovecs } from '../support/syscalls';
import { line } from '../support/strace-line';

const CTX = 0x7f6b70a4d000n;
const BOGUS_CTX = 0xface1e55deadbeefn;
const CBS = 0x7f6b70a1a000n;
const EINVAL = -22;
const EFAULT = -14;
const EBADF = -9;

interface IocbFields {
  data?: bigint;
  key?: number;
  rwFlags?: number;
  opcode?: number;
  reqprio?: number;
  fildes?: number;
  buf?: bigint;
  nbytes?: bigint;
  offset?: bigint;
  flags?: number;
  resfd?: number;
}

function iocb(f: IocbFields): Uint8Array {
  return bytes(64, [
    [0, 8, f.data ?? 0n],
    [8, 4, f.key ?? 0],
    [12, 4, f.rwFlags ?? 0],
    [16, 2, f.opcode ?? 0],
    [18, 2, f.reqprio ?? 0],
    [20, 4, f.fildes ?? 0],
    [24, 8, f.buf ?? 0n],
    [32, 8, f.nbytes ?? 0n],
    [40, 8, f.offset ?? 0n],
    [56, 4, f.flags ?? 0],
    [60, 4, f.resfd ?? 0],
  ]);
}

type Element =
  | { readonly null: true }
  | { readonly unreadable: bigint }
  | { readonly pointerUnreadable: bigint }
  | { readonly at: bigint; readonly cb: Uint8Array; readonly buffer?: Uint8Array; readonly status?: number };

function head(state: number, v: bigint): Buffer {
  const b = Buffer.alloc(9);
  b[0] = state;
  b.writeBigUInt64LE(BigInt.asUintN(64, v), 1);
  return b;
}

/** The module's iocbs capture (kmod/ktrace_sysargs.h, IOCBS). */
function iocbs(elements: readonly Element[], truncated = false): CapturedString {
  const parts = elements.map((e) => {
    if ('null' in e) return head(0, 0n);
    if ('unreadable' in e) return head(1, e.unreadable);
    if ('pointerUnreadable' in e) return head(3, e.pointerUnreadable);
    const buffer = Buffer.from(e.buffer ?? new Uint8Array());
    const tail = Buffer.alloc(5);
    tail.writeUInt32LE(buffer.length, 0);
    tail[4] = e.status ?? 0;
    return Buffer.concat([head(2, e.at), Buffer.from(e.cb), tail, buffer]);
  });
  return { bytes: Buffer.concat(parts), truncated };
}

function bytesOf(s: CapturedString): Uint8Array {
  assert.ok(!('unavailable' in s));
  return s.bytes;
}

describe('strace view: native AIO (strace aio test)', () => {
  it('io_submit: NULL, an unreadable or negative-count array as addresses', () => {
    assert.equal(
      line(call('io_submit', [BOGUS_CTX, 0xca7faceddeadf00dn, 0], EINVAL)),
      'io_submit(0xface1e55deadbeef, -3855172618362687475, NULL) = -1 EINVAL (Invalid argument)',
    );
    assert.equal(
      line(call('io_submit', [CTX, 2, CBS], EFAULT, { 2: { unavailable: true } })),
      'io_submit(0x7f6b70a4d000, 2, 0x7f6b70a1a000) = -1 EFAULT (Bad address)',
    );
    assert.equal(line(call('io_submit', [CTX, -1, 0x7f6b70a19ff0n], EINVAL)), 'io_submit(0x7f6b70a4d000, -1, 0x7f6b70a19ff0) = -1 EINVAL (Invalid argument)');
    assert.equal(line(call('io_submit', [CTX, 0, CBS], 0, { 2: iocbs([]) })), 'io_submit(0x7f6b70a4d000, 0, []) = 0');
    // More pointers than the address space holds: strace does not read them.
    assert.equal(line(call('io_submit', [CTX, 1n << 61n, CBS], EINVAL, { 2: iocbs([{ null: true }]) })), 'io_submit(0x7f6b70a4d000, 2305843009213693952, 0x7f6b70a1a000) = -1 EINVAL (Invalid argument)');
  });

  it('io_submit: PREAD iocbs with their buffers as addresses, reqprio when set', () => {
    const cbs = iocbs([
      { at: 0x7f6b70a3df80n, cb: iocb({ data: 0xfeedface11111111n, reqprio: 11, buf: 0x7f6b70a4a000n, nbytes: 4096n, offset: 0xdeface1facefeedn }) },
      { at: 0x7f6b70a3dfc0n, cb: iocb({ data: 0xfeedface22222222n, reqprio: 22, buf: 0x7f6b70a43000n, nbytes: 8192n, offset: 0xdeface2cafef00dn }) },
    ]);
    assert.equal(
      line(call('io_submit', [CTX, 2, 0x7f6b70a19ff0n], 2, { 2: cbs })),
      'io_submit(0x7f6b70a4d000, 2, [{aio_data=0xfeedface11111111, aio_lio_opcode=IOCB_CMD_PREAD, aio_reqprio=11, aio_fildes=0, aio_buf=0x7f6b70a4a000, aio_nbytes=4096, aio_offset=1004211328502398701}, ' +
        '{aio_data=0xfeedface22222222, aio_lio_opcode=IOCB_CMD_PREAD, aio_reqprio=22, aio_fildes=0, aio_buf=0x7f6b70a43000, aio_nbytes=8192, aio_offset=1004211331995201549}]) = 2',
    );
  });

  it('io_submit: unknown opcodes, I/O priorities, flags and resfd, PWRITE strings, invalid vectors, NULL and unreadable pointers', () => {
    const common = { key: 0xdefaced0, opcode: 1, reqprio: 0xbeef, fildes: 0xdefaced1, offset: 0xdeadda7abadc0dedn };
    const data2 = Buffer.from('\0\x01\x02\x03cat test test test 0123456789abcdef\0', 'latin1');
    const cbs = iocbs(
      [
        { at: 0x7f6b70a0d000n, cb: iocb({ data: 0xbadfacedc0ffeeedn, key: 0xdefaced0, opcode: 0xf00d, fildes: 0xdefaced1 }) },
        { at: 0x7f6b70a0d040n, cb: iocb({ ...common, nbytes: 0x1020304050607080n, flags: 0xfacef157, resfd: 0xded1ca7e }) },
        { at: 0x7f6b70a0d080n, cb: iocb({ ...common, buf: 0xbadc0ffeedefacedn, nbytes: 0x8090a0b0c0d0e0f0n }) },
        { at: 0x7f6b70a0d0c0n, cb: iocb({ ...common, buf: 0x5a0000n, nbytes: BigInt(data2.length) }), buffer: data2.subarray(0, 32), status: 1 },
        { at: 0x7f6b70a0d100n, cb: iocb({ ...common, opcode: 8, nbytes: 0x8090a0b0c0d0e0f0n }) },
        { null: true },
        { unreadable: 0xffffffffffffffffn },
        { pointerUnreadable: 0x7f6b70a0e000n },
      ],
      true,
    );
    assert.equal(
      line(call('io_submit', [CTX, 1057, 0x7f6b70a0dfc8n], EBADF, { 2: cbs })),
      'io_submit(0x7f6b70a4d000, 1057, [{aio_data=0xbadfacedc0ffeeed, aio_key=3740978896, aio_lio_opcode=61453 /* IOCB_CMD_??? */, aio_fildes=-553988399}, ' +
        '{aio_data=0, aio_key=3740978896, aio_lio_opcode=IOCB_CMD_PWRITE, aio_reqprio=IOPRIO_PRIO_VALUE(0x5 /* IOPRIO_CLASS_??? */, 7919), aio_fildes=-553988399, aio_buf=NULL, aio_nbytes=1161981756646125696, aio_offset=-2401022805662757395, aio_flags=IOCB_FLAG_RESFD|IOCB_FLAG_IOPRIO|0xfacef154, aio_resfd=-556676482}, ' +
        '{aio_data=0, aio_key=3740978896, aio_lio_opcode=IOCB_CMD_PWRITE, aio_reqprio=-16657, aio_fildes=-553988399, aio_buf=0xbadc0ffeedefaced, aio_nbytes=9264081114510713072, aio_offset=-2401022805662757395}, ' +
        '{aio_data=0, aio_key=3740978896, aio_lio_opcode=IOCB_CMD_PWRITE, aio_reqprio=-16657, aio_fildes=-553988399, aio_buf="\\0\\1\\2\\3cat test test test 012345678"..., aio_nbytes=40, aio_offset=-2401022805662757395}, ' +
        '{aio_data=0, aio_key=3740978896, aio_lio_opcode=IOCB_CMD_PWRITEV, aio_reqprio=-16657, aio_fildes=-553988399, aio_buf=0, aio_nbytes=9264081114510713072, aio_offset=-2401022805662757395}, ' +
        'NULL, 0xffffffffffffffff, ... /* 0x7f6b70a0e000 */]) = -1 EBADF (Bad file descriptor)',
    );
  });

  it('io_submit: PREADV buffers as iovec addresses, PWRITEV as strings; rw_flags, poll events, an unreadable buffer', () => {
    const iov0 = iovecs([
      [0x7f6b70a4a000n, 1024, ''],
      [0x7f6b70a4a400n, 3072, ''],
    ]);
    const cbs = iocbs([
      { at: 0x7f6b70a3df00n, cb: iocb({ data: 0xfeed11111111facen, opcode: 7, reqprio: 111, buf: 0x7f6b70a3e000n, nbytes: 2n, offset: 0xdeface1facefeedn }), buffer: bytesOf(iov0) },
    ]);
    assert.equal(
      line(call('io_submit', [CTX, 1, 0x7f6b70a19ff0n], 1, { 2: cbs })),
      'io_submit(0x7f6b70a4d000, 1, [{aio_data=0xfeed11111111face, aio_lio_opcode=IOCB_CMD_PREADV, aio_reqprio=111, aio_fildes=0, aio_buf=[{iov_base=0x7f6b70a4a000, iov_len=1024}, {iov_base=0x7f6b70a4a400, iov_len=3072}], aio_offset=1004211328502398701}]) = 1',
    );
    const written = iovecs([[0x5a0000n, 5, 'hello']]);
    const more = iocbs([
      { at: 0x7f6b70a3df00n, cb: iocb({ rwFlags: 0x3, opcode: 8, fildes: 3, buf: 0x7f6b70a3e000n, nbytes: 1n }), buffer: bytesOf(written) },
      { at: 0x7f6b70a3df40n, cb: iocb({ opcode: 5, fildes: 4, buf: 0x5n }) },
      { at: 0x7f6b70a3df80n, cb: iocb({ opcode: 1, fildes: 5, buf: 0x1000n, nbytes: 4n }), status: 2 },
      { at: 0x7f6b70a3dfc0n, cb: iocb({ opcode: 2, fildes: 6, resfd: 7 }) },
    ]);
    assert.equal(
      line(call('io_submit', [CTX, 4, 0x7f6b70a19ff0n], EBADF, { 2: more })),
      'io_submit(0x7f6b70a4d000, 4, [{aio_data=0, aio_rw_flags=RWF_HIPRI|RWF_DSYNC, aio_lio_opcode=IOCB_CMD_PWRITEV, aio_fildes=3, aio_buf=[{iov_base="hello", iov_len=5}], aio_offset=0}, ' +
        '{aio_data=0, aio_lio_opcode=IOCB_CMD_POLL, aio_fildes=4, aio_buf=POLLIN|POLLOUT}, ' +
        '{aio_data=0, aio_lio_opcode=IOCB_CMD_PWRITE, aio_fildes=5, aio_buf=0x1000, aio_nbytes=4, aio_offset=0}, ' +
        '{aio_data=0, aio_lio_opcode=IOCB_CMD_FSYNC, aio_fildes=6}]) = -1 EBADF (Bad file descriptor)',
    );
  });

  it('io_submit: at most -s iocbs, then ...', () => {
    const cb = { at: 0x7f6b70a3df00n, cb: iocb({ opcode: 6 }) };
    const cbs = iocbs([cb, cb], true);
    assert.equal(
      line(call('io_submit', [CTX, 3, CBS], EINVAL, { 2: cbs }), { snapLength: 2 }),
      'io_submit(0x7f6b70a4d000, 3, [{aio_data=0, aio_lio_opcode=IOCB_CMD_NOOP, aio_fildes=0}, {aio_data=0, aio_lio_opcode=IOCB_CMD_NOOP, aio_fildes=0}, ...]) = -1 EINVAL (Invalid argument)',
    );
  });

  it('io_cancel: the iocb header, the io_event on success', () => {
    assert.equal(line(call('io_cancel', [BOGUS_CTX, 0, 0], EFAULT)), 'io_cancel(0xface1e55deadbeef, NULL, NULL) = -1 EFAULT (Bad address)');
    assert.equal(
      line(call('io_cancel', [CTX, 0x7f6b70a20000n, 0x7f6b70a01fc0n], EFAULT, { 1: { unavailable: true } })),
      'io_cancel(0x7f6b70a4d000, 0x7f6b70a20000, 0x7f6b70a01fc0) = -1 EFAULT (Bad address)',
    );
    const cbc = iocb({ data: 0xdeadbeefbadc0dedn, reqprio: 99, fildes: -42 });
    assert.equal(
      line(call('io_cancel', [CTX, 0x7f6b70a1ffc0n, 0x7f6b70a01fc0n], EINVAL, { 1: cbc })),
      'io_cancel(0x7f6b70a4d000, {aio_data=0xdeadbeefbadc0ded, aio_lio_opcode=IOCB_CMD_PREAD, aio_reqprio=99, aio_fildes=-42}, 0x7f6b70a01fc0) = -1 EINVAL (Invalid argument)',
    );
    const event = bytes(32, [[0, 8, 1], [8, 8, 0x7f6b70a1ffc0n], [16, 8, -4n]]);
    assert.equal(
      line(call('io_cancel', [CTX, 0x7f6b70a1ffc0n, 0x7f6b70a01fc0n], 0, { 1: cbc }, { 2: event })),
      'io_cancel(0x7f6b70a4d000, {aio_data=0xdeadbeefbadc0ded, aio_lio_opcode=IOCB_CMD_PREAD, aio_reqprio=99, aio_fildes=-42}, {data=0x1, obj=0x7f6b70a1ffc0, res=-4, res2=0}) = 0',
    );
  });

  it('io_getevents: the events returned; addresses when it failed, [] for none', () => {
    assert.equal(
      line(call('io_getevents', [BOGUS_CTX, 0xca7faceddeadf00dn, 0xba5e1e505ca571e0n, 0x7f6b70a01fe0n, 0], EINVAL)),
      'io_getevents(0xface1e55deadbeef, -3855172618362687475, -5017539604343590432, 0x7f6b70a01fe0, NULL) = -1 EINVAL (Invalid argument)',
    );
    const ts = bytes(16, [[8, 8, 123456789]]);
    const events = Buffer.concat([
      bytes(32, [[0, 8, 0xfeedface11111111n], [8, 8, 0x7f6b70a3df80n], [16, 8, 4096]]),
      bytes(32, [[0, 8, 0xfeedface22222222n], [8, 8, 0x7f6b70a3dfc0n], [16, 8, 8192]]),
    ]);
    assert.equal(
      line(call('io_getevents', [CTX, 2, 3, 0x7f6b70a01fc0n, 0x7f6b70a01ff0n], 2, { 4: ts }, { 3: events })),
      'io_getevents(0x7f6b70a4d000, 2, 3, [{data=0xfeedface11111111, obj=0x7f6b70a3df80, res=4096, res2=0}, {data=0xfeedface22222222, obj=0x7f6b70a3dfc0, res=8192, res2=0}], {tv_sec=0, tv_nsec=123456789}) = 2',
    );
    assert.equal(
      line(call('io_getevents', [CTX, 0, 1, 0x7f6b70a01fc0n, 0x7f6b70a01ff0n], 0, { 4: ts })),
      'io_getevents(0x7f6b70a4d000, 0, 1, [], {tv_sec=0, tv_nsec=123456789}) = 0',
    );
  });
});
