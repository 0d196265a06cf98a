// Arguments strace decodes from memory that depends on another argument
// or on the call's outcome (issue 18): fcntl's lock and owner structs,
// file handles, mincore's vector, futex_waitv's waiters, openat2's how
// larger than the struct, _sysctl's struct __sysctl_args.
// Expected lines are the ones strace's own test programs (fcntl, ...) say
// strace prints for the same arguments and memory.
import { strict as assert } from 'node:assert';
import { bytes, call } from '../support/syscalls';
import { line } from '../support/strace-line';

const PTR = 0x7f6249a06fe0n;
const EINVAL = -22;
/** strace's test fills the upper halves of fd and cmd (F8ILL_KULONG_MASK). */
const FILL = 0xffffffff00000000n;

describe('strace view: arguments read by another argument', () => {
  describe('fcntl', () => {
    const flock = (type: number, start: bigint, len: bigint, pid = 0): Uint8Array =>
      bytes(32, [
        [0, 2, type],
        [8, 8, start],
        [16, 8, len],
        [24, 4, pid],
      ]);

    it('prints the lock a set command gives at entry, its address when not read', () => {
      const fl = flock(0, 0xdefaced1facefeedn, 0xdefaced2cafef00dn);
      assert.equal(
        line(call('fcntl', [FILL, FILL | 6n, PTR], EINVAL, { 2: fl })),
        'fcntl(0, F_SETLK, {l_type=F_RDLCK, l_whence=SEEK_SET, l_start=-2379362051860529427, l_len=-2379362048367726579}) = -1 EINVAL (Invalid argument)',
      );
      assert.equal(line(call('fcntl', [0, 7, PTR + 1n], EINVAL, { 2: { unavailable: true } })), 'fcntl(0, F_SETLKW, 0x7f6249a06fe1) = -1 EINVAL (Invalid argument)');
      assert.equal(line(call('fcntl', [0, 37, PTR], 0, { 2: flock(1, 0n, 4096n) })), 'fcntl(0, F_OFD_SETLK, {l_type=F_WRLCK, l_whence=SEEK_SET, l_start=0, l_len=4096}) = 0');
      assert.equal(
        line(call('fcntl', [0, 6, PTR], EINVAL, { 2: bytes(32, [[0, 2, 0xffff], [2, 2, 7]]) })),
        'fcntl(0, F_SETLK, {l_type=0xffff /* F_??? */, l_whence=0x7 /* SEEK_??? */, l_start=0, l_len=0}) = -1 EINVAL (Invalid argument)',
      );
    });

    it('prints the lock a get command returned, with l_pid, at exit; its address when it failed', () => {
      assert.equal(
        line(call('fcntl', [0, 5, PTR], 0, undefined, { 2: flock(2, 0n, 4096n) })),
        'fcntl(0, F_GETLK, {l_type=F_UNLCK, l_whence=SEEK_SET, l_start=0, l_len=4096, l_pid=0}) = 0',
      );
      assert.equal(
        line(call('fcntl', [0, 36, PTR], 0, undefined, { 2: flock(1, 10n, 0n, 1234) })),
        'fcntl(0, F_OFD_GETLK, {l_type=F_WRLCK, l_whence=SEEK_SET, l_start=10, l_len=0, l_pid=1234}) = 0',
      );
      assert.equal(line(call('fcntl', [0, 5, PTR], EINVAL)), 'fcntl(0, F_GETLK, 0x7f6249a06fe0) = -1 EINVAL (Invalid argument)');
    });

    it('prints struct f_owner_ex for F_SETOWN_EX at entry and F_GETOWN_EX at exit', () => {
      const owner = (type: number, pid: number): Uint8Array => bytes(8, [[0, 4, type], [4, 4, pid]]);
      assert.equal(line(call('fcntl', [0, 15, PTR], 0, { 2: owner(0, 1234567890) })), 'fcntl(0, F_SETOWN_EX, {type=F_OWNER_TID, pid=1234567890}) = 0');
      assert.equal(line(call('fcntl', [0, 16, PTR], 0, undefined, { 2: owner(2, 40) })), 'fcntl(0, F_GETOWN_EX, {type=F_OWNER_PGRP, pid=40}) = 0');
      assert.equal(line(call('fcntl', [0, 15, PTR], 0, { 2: owner(9, 1) })), 'fcntl(0, F_SETOWN_EX, {type=0x9 /* F_OWNER_??? */, pid=1}) = 0');
    });

    it('prints the address for the commands that take no struct and for NULL', () => {
      assert.equal(line(call('fcntl', [0, 6, 0], -14)), 'fcntl(0, F_SETLK, NULL) = -1 EFAULT (Bad address)');
      assert.equal(line(call('fcntl', [0, 1024, 1], 0)), 'fcntl(0, F_SETLEASE, F_WRLCK) = 0');
      assert.equal(line(call('fcntl', [0, 1026, 0x80000003], -20)), 'fcntl(0, F_NOTIFY, DN_ACCESS|DN_MODIFY|DN_MULTISHOT) = -1 ENOTDIR (Not a directory)');
      assert.equal(line(call('fcntl', [0, 1033, 0x21], -22)), 'fcntl(0, F_ADD_SEALS, F_SEAL_SEAL|0x20) = -1 EINVAL (Invalid argument)');
    });

    it('prints F_GETLEASE and F_GET_SEALS results in hex with their names, F_GETSIG with its signal', () => {
      assert.equal(line(call('fcntl', [1, 1025], 2)), 'fcntl(1, F_GETLEASE) = 0x2 (F_UNLCK)');
      assert.equal(line(call('fcntl', [1, 1025], 0)), 'fcntl(1, F_GETLEASE) = 0 (F_RDLCK)');
      assert.equal(line(call('fcntl', [1, 1025], 7)), 'fcntl(1, F_GETLEASE) = 0x7');
      assert.equal(line(call('fcntl', [3, 1034], 5)), 'fcntl(3, F_GET_SEALS) = 0x5 (seals F_SEAL_SEAL|F_SEAL_GROW)');
      assert.equal(line(call('fcntl', [3, 1034], 0)), 'fcntl(3, F_GET_SEALS) = 0');
      assert.equal(line(call('fcntl', [3, 1034], -22)), 'fcntl(3, F_GET_SEALS) = -1 EINVAL (Invalid argument)');
      assert.equal(line(call('fcntl', [1, 11], 1)), 'fcntl(1, F_GETSIG) = 1 (SIGHUP)');
      assert.equal(line(call('fcntl', [1, 11], 0)), 'fcntl(1, F_GETSIG) = 0');
    });
  });

  describe('file handles', () => {
    const MOUNT_ID = 0x7ffe1411eaecn;
    const HANDLE = 0x7ffe1411e000n;
    const handle = (size: number, type: number, data = ''): Uint8Array => Buffer.concat([bytes(8, [[0, 4, size], [4, 4, type]]), Buffer.from(data, 'hex')]);
    const args = (flags: number): bigint[] => [-100n, 0x4a0010n, HANDLE, MOUNT_ID, BigInt(flags)];

    it('name_to_handle_at: the size given, the one EOVERFLOW asks for, the handle and mount id returned', () => {
      assert.equal(
        line(call('name_to_handle_at', args(0x401), EINVAL, { 1: '.', 2: handle(0, 0) })),
        'name_to_handle_at(AT_FDCWD, ".", {handle_bytes=0}, 0x7ffe1411eaec, AT_SYMLINK_FOLLOW|0x1) = -1 EINVAL (Invalid argument)',
      );
      assert.equal(
        line(call('name_to_handle_at', args(0x400), -75, { 1: '.', 2: handle(0, 0) }, { 2: handle(8, 0) })),
        'name_to_handle_at(AT_FDCWD, ".", {handle_bytes=0 => 8}, 0x7ffe1411eaec, AT_SYMLINK_FOLLOW) = -1 EOVERFLOW (Value too large for defined data type)',
      );
      assert.equal(
        line(call('name_to_handle_at', args(0x400), 0, { 1: '.', 2: handle(8, 0) }, { 2: handle(8, 1, '0a000000d2e0f1a2'), 3: bytes(4, [[0, 4, 21]]) })),
        'name_to_handle_at(AT_FDCWD, ".", {handle_bytes=8, handle_type=1, f_handle="\\x0a\\x00\\x00\\x00\\xd2\\xe0\\xf1\\xa2"}, [21], AT_SYMLINK_FOLLOW) = 0',
      );
      // The handle's bytes unreadable at exit.
      assert.equal(
        line(call('name_to_handle_at', args(0), 0, { 1: '.', 2: handle(128, 0) }, { 2: { bytes: handle(8, 1), truncated: true }, 3: bytes(4, [[0, 4, 21]]) })),
        'name_to_handle_at(AT_FDCWD, ".", {handle_bytes=128 => 8, handle_type=1, f_handle=???}, [21], 0) = 0',
      );
      assert.equal(line(call('name_to_handle_at', args(0), -14, { 1: '.', 2: { unavailable: true } })), 'name_to_handle_at(AT_FDCWD, ".", 0x7ffe1411e000, 0x7ffe1411eaec, 0) = -1 EFAULT (Bad address)');
    });

    it('open_by_handle_at: the handle given, f_handle when it was read', () => {
      assert.equal(
        line(call('open_by_handle_at', [-1, HANDLE, 0o200000], -9, { 1: handle(8, 1, '0a000000d2e0f1a2') })),
        'open_by_handle_at(-1, {handle_bytes=8, handle_type=1, f_handle="\\x0a\\x00\\x00\\x00\\xd2\\xe0\\xf1\\xa2"}, O_RDONLY|O_DIRECTORY) = -1 EBADF (Bad file descriptor)',
      );
      assert.equal(
        line(call('open_by_handle_at', [-1, HANDLE, 0], -9, { 1: { bytes: handle(300, 2), truncated: true } })),
        'open_by_handle_at(-1, {handle_bytes=300, handle_type=2, f_handle=???}, O_RDONLY) = -1 EBADF (Bad file descriptor)',
      );
      // More than MAX_HANDLE_SZ: its first 128 bytes, then `...`.
      const big = handle(130, 2, '11'.repeat(128));
      assert.equal(
        line(call('open_by_handle_at', [-1, HANDLE, 0], -9, { 1: big })),
        `open_by_handle_at(-1, {handle_bytes=130, handle_type=2, f_handle="${'\\x11'.repeat(128)}"...}, O_RDONLY) = -1 EBADF (Bad file descriptor)`,
      );
    });
  });

  describe('mincore', () => {
    const ADDR = 0x7f17248c0000n;
    const VEC = 0x7f17248bafffn;
    const vec = (n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : i % 3 === 1 ? 0xfe : 0x81));

    it("prints each page's low bit, at most -s of them, then ...", () => {
      assert.equal(line(call('mincore', [ADDR, 4096, VEC], 0, undefined, { 2: vec(1) })), 'mincore(0x7f17248c0000, 4096, [1]) = 0');
      assert.equal(line(call('mincore', [ADDR, 4097, VEC], 0, undefined, { 2: vec(2) })), 'mincore(0x7f17248c0000, 4097, [1, 0]) = 0');
      assert.equal(line(call('mincore', [ADDR, 3 * 4096 - 4095, VEC], 0, undefined, { 2: vec(3) })), 'mincore(0x7f17248c0000, 8193, [1, 0, 1]) = 0');
      assert.equal(line(call('mincore', [ADDR, 5 * 4096, VEC], 0, undefined, { 2: vec(4) }), { snapLength: 4 }), 'mincore(0x7f17248c0000, 20480, [1, 0, 1, 1, ...]) = 0');
      assert.equal(line(call('mincore', [ADDR, 4 * 4096, VEC], 0, undefined, { 2: vec(4) }), { snapLength: 4 }), 'mincore(0x7f17248c0000, 16384, [1, 0, 1, 1]) = 0');
      assert.equal(line(call('mincore', [ADDR, 0, VEC], 0, undefined, { 2: vec(0) })), 'mincore(0x7f17248c0000, 0, []) = 0');
    });

    it('prints the address when the call failed or the vector was not read', () => {
      assert.equal(line(call('mincore', [ADDR, 4096, 0], -14)), 'mincore(0x7f17248c0000, 4096, NULL) = -1 EFAULT (Bad address)');
      assert.equal(line(call('mincore', [ADDR, 4096, VEC], -12)), 'mincore(0x7f17248c0000, 4096, 0x7f17248bafff) = -1 ENOMEM (Cannot allocate memory)');
      assert.equal(line(call('mincore', [ADDR, 8192, VEC], 0, undefined, { 2: vec(1) })), 'mincore(0x7f17248c0000, 8192, 0x7f17248bafff) = 0');
      assert.equal(line(call('mincore', [ADDR, 8192, VEC], 0, undefined, { 2: { unavailable: true } })), 'mincore(0x7f17248c0000, 8192, 0x7f17248bafff) = 0');
    });
  });

  describe('futex_waitv', () => {
    const WAITERS = 0x7f50bd8e4000n;
    const TS = 0x7f50bd8de000n;
    const FILL = 0xdefaced00000000n;
    const waiter = (val: bigint, uaddr: bigint, flags: number, reserved = 0): Uint8Array =>
      bytes(24, [
        [0, 8, val],
        [8, 8, uaddr],
        [16, 4, flags],
        [20, 4, reserved],
      ]);
    const timespec = bytes(16, [[0, 8, 1], [8, 8, 2]]);

    it('prints the waiters: val in hex, uaddr, FUTEX_32|FUTEX_PRIVATE_FLAG, __reserved when not 0', () => {
      assert.equal(line(call('futex_waitv', [0, 1, 0xffffffff, 0, 1], EINVAL)), 'futex_waitv(NULL, 1, 0xffffffff, NULL, CLOCK_MONOTONIC) = -1 EINVAL (Invalid argument)');
      assert.equal(
        line(call('futex_waitv', [WAITERS + 24n, FILL, FILL | 1n, TS + 16n, FILL | 0xffffffffn], EINVAL, { 0: new Uint8Array(0) })),
        'futex_waitv([], 0, 0x1, 0x7f50bd8de010, 0xffffffff /* CLOCK_??? */) = -1 EINVAL (Invalid argument)',
      );
      assert.equal(
        line(call('futex_waitv', [WAITERS, FILL | 1n, 0, 0, 1], EINVAL, { 0: waiter(0x6a6b6c6d6e6f7071n, 0n, 0xffffffff, 0x71727374) })),
        'futex_waitv([{val=0x6a6b6c6d6e6f7071, uaddr=NULL, flags=FUTEX_32|FUTEX_PRIVATE_FLAG|0xffffff7d, __reserved=0x71727374}], 1, 0, NULL, CLOCK_MONOTONIC) = -1 EINVAL (Invalid argument)',
      );
      assert.equal(
        line(call('futex_waitv', [WAITERS, 1, 0, 0, 2], EINVAL, { 0: waiter(0xdeadbeeffacefeedn, 0xffffffffffffffffn, 0) })),
        'futex_waitv([{val=0xdeadbeeffacefeed, uaddr=0xffffffffffffffff, flags=0}], 1, 0, NULL, CLOCK_PROCESS_CPUTIME_ID) = -1 EINVAL (Invalid argument)',
      );
      assert.equal(
        line(call('futex_waitv', [WAITERS, 1, 0, TS, 1], -11, { 0: waiter(0n, 0x7f50bd8e3ffcn, 0x82), 3: timespec })),
        'futex_waitv([{val=0, uaddr=0x7f50bd8e3ffc, flags=FUTEX_32|FUTEX_PRIVATE_FLAG}], 1, 0, {tv_sec=1, tv_nsec=2}, CLOCK_MONOTONIC) = -1 EAGAIN (Resource temporarily unavailable)',
      );
    });

    it('ends the array at an unreadable waiter with its address, at -s and 128 with ...', () => {
      assert.equal(
        line(call('futex_waitv', [WAITERS, 2, 0, 0, 1], EINVAL, { 0: { bytes: waiter(0n, 0x7f50bd8e3ffcn, 2), truncated: true } })),
        'futex_waitv([{val=0, uaddr=0x7f50bd8e3ffc, flags=FUTEX_32}, ... /* 0x7f50bd8e4018 */], 2, 0, NULL, CLOCK_MONOTONIC) = -1 EINVAL (Invalid argument)',
      );
      assert.equal(line(call('futex_waitv', [WAITERS + 1n, 1, 0, TS, 0], EINVAL, { 0: { unavailable: true }, 3: timespec })), 'futex_waitv(0x7f50bd8e4001, 1, 0, {tv_sec=1, tv_nsec=2}, CLOCK_REALTIME) = -1 EINVAL (Invalid argument)');
      const three = Buffer.concat([waiter(0n, 0x1000n, 2), waiter(1n, 0x1004n, 2), waiter(2n, 0x1008n, 2)]);
      assert.equal(
        line(call('futex_waitv', [WAITERS, 3, 0, 0, 1], EINVAL, { 0: three }), { snapLength: 2 }),
        'futex_waitv([{val=0, uaddr=0x1000, flags=FUTEX_32}, {val=0x1, uaddr=0x1004, flags=FUTEX_32}, ...], 3, 0, NULL, CLOCK_MONOTONIC) = -1 EINVAL (Invalid argument)',
      );
      const many = Buffer.concat(Array.from({ length: 129 }, (_, i) => waiter(BigInt(i), 0x1000n + BigInt(4 * i), 0x82)));
      const text = line(call('futex_waitv', [WAITERS, 129, 0, 0, 1], EINVAL, { 0: many }), { snapLength: 256 });
      assert.equal((text.match(/\{val=/g) ?? []).length, 128);
      assert.ok(text.includes('{val=0x7f, uaddr=0x11fc, flags=FUTEX_32|FUTEX_PRIVATE_FLAG}, ...], 129, 0'), text);
    });
  });

  describe('openat2', () => {
    const HOW = 0x7f1e3ad3cfe8n;
    const PATH = 0x4a0010n;
    const how = (flags: bigint, mode: bigint, resolve: bigint): Uint8Array =>
      bytes(24, [
        [0, 8, flags],
        [8, 8, mode],
        [16, 8, resolve],
      ]);
    const sample = { 1: 'openat2.sample' };

    it('prints the bytes after the struct: nothing when zero, ??? when unreadable, else in hex', () => {
      const h = how(0o200n, 0n, 0n);
      assert.equal(
        line(call('openat2', [-1, PATH, HOW, 24], -14, { ...sample, 2: h })),
        'openat2(-1, "openat2.sample", {flags=O_RDONLY|O_EXCL, resolve=0}, 24) = -1 EFAULT (Bad address)',
      );
      assert.equal(
        line(call('openat2', [-1, PATH, HOW, 32], -14, { ...sample, 2: { bytes: h, truncated: true } })),
        'openat2(-1, "openat2.sample", {flags=O_RDONLY|O_EXCL, resolve=0, ???}, 32) = -1 EFAULT (Bad address)',
      );
      const tail = Buffer.from([0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87]);
      assert.equal(
        line(call('openat2', [-1, PATH, HOW, 32], -7, { ...sample, 2: Buffer.concat([h, tail]) })),
        'openat2(-1, "openat2.sample", {flags=O_RDONLY|O_EXCL, resolve=0, /* bytes 24..31 */ "\\x80\\x81\\x82\\x83\\x84\\x85\\x86\\x87"}, 32) = -1 E2BIG (Argument list too long)',
      );
      assert.equal(line(call('openat2', [-1, PATH, HOW, 32], -22, { ...sample, 2: h })), 'openat2(-1, "openat2.sample", {flags=O_RDONLY|O_EXCL, resolve=0}, 32) = -1 EINVAL (Invalid argument)');
    });

    it('cuts the rest at -s and at a page', () => {
      const h = how(1n, 0o777n, 8n);
      const rest = { bytes: Buffer.concat([h, Buffer.from([0, 1, 2, 3])]), truncated: true };
      assert.equal(
        line(call('openat2', [-1, PATH, HOW, 1n << 40n], -7, { ...sample, 2: rest }), { snapLength: 4 }),
        'openat2(-1, "openat2.sample", {flags=O_WRONLY, mode=0777, resolve=RESOLVE_BENEATH, /* bytes 24..4095 */ "\\x00\\x01\\x02\\x03"...}, 1099511627776) = -1 E2BIG (Argument list too long)',
      );
      assert.equal(line(call('openat2', [-1, PATH, HOW, 11], -22, sample)), 'openat2(-1, "openat2.sample", 0x7f1e3ad3cfe8, 11) = -1 EINVAL (Invalid argument)');
    });
  });

  describe('_sysctl', () => {
    const ARGS = 0x7feb9fdbcfb0n;
    const ENOSYS = -38;

    it('prints struct __sysctl_args, its pointers as addresses', () => {
      assert.equal(
        line(call('_sysctl', [ARGS, 0xbadc0dedbadc0dedn], ENOSYS, { 0: new Uint8Array(80) })),
        '_sysctl({name=NULL, nlen=0, oldval=NULL, oldlenp=NULL, newval=NULL, newlen=0}) = -1 ENOSYS (Function not implemented)',
      );
      const filled = bytes(80, [
        [0, 8, ARGS + 80n],
        [8, 4, 0x6c6b6a69],
        [16, 8, 0x7877767574737271n],
        [24, 8, 0x6867666564636261n],
        [32, 8, 0x706f6e6d6c6b6a69n],
        [40, 8, 0x7877767574737271n],
      ]);
      assert.equal(
        line(call('_sysctl', [ARGS], ENOSYS, { 0: filled })),
        '_sysctl({name=0x7feb9fdbd000, nlen=1818978921, oldval=0x7877767574737271, oldlenp=0x6867666564636261, newval=0x706f6e6d6c6b6a69, newlen=8680537053616894577}) = -1 ENOSYS (Function not implemented)',
      );
      assert.equal(line(call('_sysctl', [ARGS + 80n], ENOSYS, { 0: { unavailable: true } })), '_sysctl(0x7feb9fdbd000) = -1 ENOSYS (Function not implemented)');
    });
  });
});
