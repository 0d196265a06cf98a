// Files, filesystems, memory, IPC and AIO syscalls in the strace view
// (issue 18). Expected lines are the ones strace's own test programs
// (mknod, fallocate, statfs, utimensat, semop, ...) say strace prints for
// the same arguments and memory.
import { strict as assert } from 'node:assert';
import { timeComment } from '../../frontend/src/views/strace/layouts-fs';
import type { CapturedString } from '../../frontend/src/views/strace/types';
import { bytes, call, iovecs } from '../support/syscalls';
import { line } from '../support/strace-line';

const PATH = 0x4a0010;
const PTR = 0x7ffc2da22710;
const EBADF = -9;
const EINVAL = -22;
const EFAULT = -14;

describe('strace view: files, filesystems, memory, IPC and AIO', () => {
  describe('files', () => {
    it('mknod and mknodat: S_IF* types, setuid bits, makedev() only for devices', () => {
      const path = { 0: '../mknod' };
      assert.equal(line(call('mknod', [PATH, 0xffffffffffff0000n, 0xdeadbeefbadc0dedn], -17, path)), 'mknod("../mknod", 000) = -1 EEXIST (File exists)');
      assert.equal(line(call('mknod', [PATH, 0xffff, 0], -22, path)), 'mknod("../mknod", 0177777) = -1 EINVAL (Invalid argument)');
      assert.equal(line(call('mknod', [PATH, 0o100000, 0], -17, path)), 'mknod("../mknod", S_IFREG|000) = -1 EEXIST (File exists)');
      assert.equal(line(call('mknod', [PATH, 0o40006, 0], -17, path)), 'mknod("../mknod", S_IFDIR|006) = -1 EEXIST (File exists)');
      assert.equal(
        line(call('mknod', [PATH, 0o60000 | 0o7777, 0xdeadbeefbadc0dedn], -1, path)),
        'mknod("../mknod", S_IFBLK|S_ISUID|S_ISGID|S_ISVTX|0777, makedev(0xc0d, 0xbaded)) = -1 EPERM (Operation not permitted)',
      );
      assert.equal(
        line(call('mknodat', [0xffffffff, PATH, 0o20024, 0xdeadbeef00000107n], EBADF, { 1: 'mknodat_sample' })),
        'mknodat(-1, "mknodat_sample", S_IFCHR|024, makedev(0x1, 0x7)) = -1 EBADF (Bad file descriptor)',
      );
    });

    it('fsconfig: key and value by command, as strace\'s fsconfig test prints them (-s and -y aside)', () => {
      const KEY = 0x7f586f697f00;
      const VALUE = 0x7f586f685f00;
      const cut = (text: string) => ({ bytes: Buffer.from(text), truncated: true });
      const key = { 2: 'source' };
      // Unknown and CMD_ commands: key and value are addresses, aux an int.
      assert.equal(line(call('fsconfig', [3, 8, KEY, VALUE, -100], EINVAL)), 'fsconfig(3, 0x8 /* FSCONFIG_??? */, 0x7f586f697f00, 0x7f586f685f00, -100) = -1 EINVAL (Invalid argument)');
      assert.equal(line(call('fsconfig', [3, 6, KEY, VALUE, 3], EINVAL)), 'fsconfig(3, FSCONFIG_CMD_CREATE, 0x7f586f697f00, 0x7f586f685f00, 3) = -1 EINVAL (Invalid argument)');
      // SET_FLAG: the value's address; a key longer than -s cut with "...".
      assert.equal(line(call('fsconfig', [3, 0, KEY, VALUE, -100], EINVAL, key)), 'fsconfig(3, FSCONFIG_SET_FLAG, "source", 0x7f586f685f00, -100) = -1 EINVAL (Invalid argument)');
      assert.equal(line(call('fsconfig', [3, 0, KEY, 0, 0], EINVAL, { 2: cut('abcd') }), { snapLength: 4 }), 'fsconfig(3, FSCONFIG_SET_FLAG, "abcd"..., NULL, 0) = -1 EINVAL (Invalid argument)');
      // Key and string value: at most 256 bytes, as strace reads them; `...` unless the NUL came within them.
      const letters = (n: number) => Array.from({ length: n }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');
      assert.equal(line(call('fsconfig', [3, 0, KEY, VALUE, 0], EINVAL, { 2: letters(255) }), { snapLength: 300 }), `fsconfig(3, FSCONFIG_SET_FLAG, "${letters(255)}", 0x7f586f685f00, 0) = -1 EINVAL (Invalid argument)`);
      assert.equal(line(call('fsconfig', [3, 1, KEY, VALUE, 0], EINVAL, { 2: letters(256), 3: letters(299) }), { snapLength: 300 }), `fsconfig(3, FSCONFIG_SET_STRING, "${letters(256)}"..., "${letters(256)}"..., 0) = -1 EINVAL (Invalid argument)`);
      assert.equal(line(call('fsconfig', [3, 0, KEY, VALUE, 0], EINVAL, { 2: letters(32) })), `fsconfig(3, FSCONFIG_SET_FLAG, "${letters(32)}"..., 0x7f586f685f00, 0) = -1 EINVAL (Invalid argument)`);
      // SET_STRING: a string; an unreadable key its address.
      assert.equal(line(call('fsconfig', [3, 1, KEY, VALUE, 0], 0, { 2: 'ro', 3: 'yes' })), 'fsconfig(3, FSCONFIG_SET_STRING, "ro", "yes", 0) = 0');
      assert.equal(line(call('fsconfig', [3, 1, KEY, VALUE, 0], EINVAL, { 2: { unavailable: true }, 3: 'yes' })), 'fsconfig(3, FSCONFIG_SET_STRING, 0x7f586f697f00, "yes", 0) = -1 EINVAL (Invalid argument)');
      // SET_BINARY: aux bytes in hex, "" for none, the address beyond 1 MiB or for a negative aux.
      assert.equal(line(call('fsconfig', [3, 2, KEY, VALUE, 3], EINVAL, { ...key, 3: '012' })), 'fsconfig(3, FSCONFIG_SET_BINARY, "source", "\\x30\\x31\\x32", 3) = -1 EINVAL (Invalid argument)');
      assert.equal(line(call('fsconfig', [3, 2, KEY, VALUE, 0], EINVAL, key)), 'fsconfig(3, FSCONFIG_SET_BINARY, "source", "", 0) = -1 EINVAL (Invalid argument)');
      assert.equal(line(call('fsconfig', [3, 2, KEY, VALUE, 1048577], EINVAL, key)), 'fsconfig(3, FSCONFIG_SET_BINARY, "source", 0x7f586f685f00, 1048577) = -1 EINVAL (Invalid argument)');
      assert.equal(line(call('fsconfig', [3, 2, KEY, VALUE, -100], EINVAL, key)), 'fsconfig(3, FSCONFIG_SET_BINARY, "source", 0x7f586f685f00, -100) = -1 EINVAL (Invalid argument)');
      // aux is an int: upper bits in the register are not its.
      assert.equal(line(call('fsconfig', [3, 2, KEY, VALUE, 0xdefaced00000003n], EINVAL, { ...key, 3: '012' })), 'fsconfig(3, FSCONFIG_SET_BINARY, "source", "\\x30\\x31\\x32", 3) = -1 EINVAL (Invalid argument)');
      // SET_PATH and SET_PATH_EMPTY: a path and a directory descriptor; SET_FD: the value's address and a descriptor.
      assert.equal(line(call('fsconfig', [-1, 3, 0, VALUE, -100], EINVAL, { 3: '/dev/full' })), 'fsconfig(-1, FSCONFIG_SET_PATH, NULL, "/dev/full", AT_FDCWD) = -1 EINVAL (Invalid argument)');
      assert.equal(line(call('fsconfig', [3, 4, KEY, VALUE, 3], EINVAL, { ...key, 3: '' })), 'fsconfig(3, FSCONFIG_SET_PATH_EMPTY, "source", "", 3) = -1 EINVAL (Invalid argument)');
      assert.equal(line(call('fsconfig', [-100, 5, KEY, 0, -1], EINVAL, key)), 'fsconfig(-100, FSCONFIG_SET_FD, "source", NULL, -1) = -1 EINVAL (Invalid argument)');
    });

    it('paths up to PATH_MAX whole, longer ones cut at 4095 bytes with "...", whatever -s says', () => {
      const whole = '/'.repeat(4095);
      assert.equal(line(call('chdir', [PATH], 0, { 0: whole }), { snapLength: 32 }), `chdir("${whole}") = 0`);
      assert.equal(
        line(call('chdir', [PATH], -36, { 0: { bytes: Buffer.from(whole), truncated: true } }), { snapLength: 32 }),
        `chdir("${whole}"...) = -1 ENAMETOOLONG (File name too long)`,
      );
    });

    it('fallocate, readahead, sync_file_range: signed offsets, flag remainders in hex', () => {
      assert.equal(
        line(call('fallocate', [0xbeefface, 0xdeadca75, 0xbadc0dedda7a1057n, 0xbadfaceca7b0d1e5n], EBADF)),
        'fallocate(-1091568946, FALLOC_FL_KEEP_SIZE|FALLOC_FL_NO_HIDE_STALE|FALLOC_FL_ZERO_RANGE|FALLOC_FL_INSERT_RANGE|FALLOC_FL_UNSHARE_RANGE|0xdeadca00, ' +
          '-4982091772554768297, -4981072530422836763) = -1 EBADF (Bad file descriptor)',
      );
      assert.equal(line(call('readahead', [0x80000000, 0x8000000000000000n, 0], EBADF)), 'readahead(-2147483648, -9223372036854775808, 0) = -1 EBADF (Bad file descriptor)');
      assert.equal(
        line(call('sync_file_range', [0xffffffff, 0xdeadbeefbadc0dedn, 0xfacefeedcafef00dn, 0xffffffff], EBADF)),
        'sync_file_range(-1, -2401053089477161491, -374081421758762995, SYNC_FILE_RANGE_WAIT_BEFORE|SYNC_FILE_RANGE_WRITE|SYNC_FILE_RANGE_WAIT_AFTER|0xfffffff8) = -1 EBADF (Bad file descriptor)',
      );
    });

    it('splice, tee and copy_file_range: offsets in brackets, sizes unsigned', () => {
      const offsets = { 1: bytes(8, [[0, 8, 0xdeadbef1facefed1n]]), 3: bytes(8, [[0, 8, 0xdeadbef2facefed2n]]) };
      const args = [0xdeadbeefffffffffn, PTR, 0xdeadbeeffffffffen, PTR + 8, 0xdeadbef3facefed3n];
      assert.equal(
        line(call('splice', [...args, 15], EBADF, offsets)),
        'splice(-1, [-2401053079814340911], -2, [-2401053075519373614], 16045691002485145299, SPLICE_F_MOVE|SPLICE_F_NONBLOCK|SPLICE_F_MORE|SPLICE_F_GIFT) = -1 EBADF (Bad file descriptor)',
      );
      assert.equal(
        line(call('copy_file_range', [...args, 0], EBADF, offsets)),
        'copy_file_range(-1, [-2401053079814340911], -2, [-2401053075519373614], 16045691002485145299, 0) = -1 EBADF (Bad file descriptor)',
      );
      assert.equal(
        line(call('tee', [0xdeadbeefffffffffn, 0xdeadbeeffffffffen, 0xdeadbef3facefed3n, 15], EBADF)),
        'tee(-1, -2, 16045691002485145299, SPLICE_F_MOVE|SPLICE_F_NONBLOCK|SPLICE_F_MORE|SPLICE_F_GIFT) = -1 EBADF (Bad file descriptor)',
      );
      // Offsets the module could not read: their addresses.
      assert.equal(line(call('splice', [3, PTR, 4, 0, 10, 0], 10)), `splice(3, 0x${PTR.toString(16)}, 4, NULL, 10, 0) = 10`);
    });

    it('inotify: init flags, watch masks, paths', () => {
      assert.equal(line(call('inotify_init', [42], 3)), 'inotify_init() = 3');
      assert.equal(line(call('inotify_init1', [0xfacefeeddeadbeefn], EINVAL)), 'inotify_init1(IN_NONBLOCK|IN_CLOEXEC|0xdea5b6ef) = -1 EINVAL (Invalid argument)');
      assert.equal(line(call('inotify_init1', [0x55555550ff96b77bn & ~0x80800n], EINVAL)), 'inotify_init1(0xff96b77b /* IN_??? */) = -1 EINVAL (Invalid argument)');
      assert.equal(line(call('inotify_add_watch', [0, 0, 0], EINVAL)), 'inotify_add_watch(0, NULL, 0) = -1 EINVAL (Invalid argument)');
      assert.equal(
        line(call('inotify_add_watch', [0xfffffeedfffffacen, PATH, 0xffffda7affffdeadn], EBADF, { 1: '/abc\x01' })),
        'inotify_add_watch(-1330, "/abc\\1", IN_ACCESS|IN_ATTRIB|IN_CLOSE_WRITE|IN_OPEN|IN_MOVED_TO|IN_DELETE|IN_DELETE_SELF|IN_MOVE_SELF|IN_Q_OVERFLOW|' +
          'IN_IGNORED|IN_ONLYDIR|IN_DONT_FOLLOW|IN_EXCL_UNLINK|IN_MASK_CREATE|IN_MASK_ADD|IN_ISDIR|IN_ONESHOT|0x8ff1000) = -1 EBADF (Bad file descriptor)',
      );
      assert.equal(line(call('inotify_rm_watch', [0xfffffeedfffffacen, 0xfffffeedfffffacen], EBADF)), 'inotify_rm_watch(-1330, -1330) = -1 EBADF (Bad file descriptor)');
    });

    it('xattrs: names and values as strings, a value too big to be one as its address', () => {
      const value = Buffer.from('foo\0bar\0', 'latin1');
      // The module captures 0 bytes of a NULL value: still NULL.
      assert.equal(line(call('fsetxattr', [0xffffffff, 0, 0, 0, 1], EBADF, { 1: { unavailable: true }, 2: '' })), 'fsetxattr(-1, NULL, NULL, 0, XATTR_CREATE) = -1 EBADF (Bad file descriptor)');
      assert.equal(line(call('fsetxattr', [0xffffffff, 0, PTR, 0, 1], EBADF, { 1: { unavailable: true }, 2: '' })), 'fsetxattr(-1, NULL, "", 0, XATTR_CREATE) = -1 EBADF (Bad file descriptor)');
      assert.equal(
        line(call('fsetxattr', [0xffffffff, PATH, PTR, 8, 2], EBADF, { 1: 'strace.test', 2: value })),
        // strace leaves a value's last NUL out (its xattr test: "foo\\0bar" of 8 bytes).
        'fsetxattr(-1, "strace.test", "foo\\0bar", 8, XATTR_REPLACE) = -1 EBADF (Bad file descriptor)',
      );
      assert.equal(
        line(call('setxattr', [PATH, PATH + 8, PTR, 65537, 1], -7, { 0: '.', 1: 'strace.test', 2: value })),
        `setxattr(".", "strace.test", 0x${PTR.toString(16)}, 65537, XATTR_CREATE) = -1 E2BIG (Argument list too long)`,
      );
      assert.equal(line(call('fgetxattr', [3, PATH, PTR, 4], 3, { 1: 'user.a' }, { 2: 'xyz' })), 'fgetxattr(3, "user.a", "xyz", 4) = 3');
      assert.equal(line(call('fgetxattr', [3, PATH, PTR, 8], 4, { 1: 'user.a' }, { 2: 'xyz\0' })), 'fgetxattr(3, "user.a", "xyz", 8) = 4');
      // Size 0: the kernel only says how big the list is, the buffer keeps its address.
      assert.equal(line(call('listxattr', [PATH, PTR, 0], 12, { 0: '.' }, { 1: 'junk' })), `listxattr(".", 0x${PTR.toString(16)}, 0) = 12`);
      assert.equal(line(call('listxattr', [PATH, PTR, 64], 14, { 0: '.' }, { 1: 'user.a\0user.b\0' })), 'listxattr(".", "user.a\\0user.b\\0", 64) = 14');
      assert.equal(line(call('lremovexattr', [PATH, PATH + 8], -61, { 0: '.', 1: 'strace.test' })), 'lremovexattr(".", "strace.test") = -1 ENODATA (No data available)');
    });

    it('statfs and fstatfs: f_type by its magic name, f_flags when valid', () => {
      const proc = bytes(120, [[0, 8, 0x9fa0], [8, 8, 4096], [64, 8, 255], [72, 8, 4096], [80, 8, 0x1020]]);
      assert.equal(
        line(call('statfs', [PATH, PTR], 0, { 0: '/proc/self/status' }, { 1: proc })),
        'statfs("/proc/self/status", {f_type=PROC_SUPER_MAGIC, f_bsize=4096, f_blocks=0, f_bfree=0, f_bavail=0, f_files=0, f_ffree=0, ' +
          'f_fsid={val=[0, 0]}, f_namelen=255, f_frsize=4096, f_flags=ST_VALID|ST_RELATIME}) = 0',
      );
      const odd = bytes(120, [[0, 8, 0x12345678], [8, 8, 512], [16, 8, 100], [24, 8, 50], [32, 8, 40], [40, 8, 10], [48, 8, 5], [56, 4, -1], [60, 4, 7], [64, 8, 14]]);
      assert.equal(
        line(call('fstatfs', [3, PTR], 0, {}, { 1: odd })),
        'fstatfs(3, {f_type=0x12345678, f_bsize=512, f_blocks=100, f_bfree=50, f_bavail=40, f_files=10, f_ffree=5, f_fsid={val=[0xffffffff, 0x7]}, f_namelen=14, f_frsize=0}) = 0',
      );
      assert.equal(line(call('fstatfs', [0xffffffff, 0], EBADF)), 'fstatfs(-1, NULL) = -1 EBADF (Bad file descriptor)');
    });

    it('the utime family: times with their dates, UTIME_NOW and UTIME_OMIT', () => {
      const t = 1492350678;
      assert.equal(
        line(call('utime', [PATH, PTR], -2, { 0: 'utime\nfilename', 1: bytes(16, [[0, 8, t], [8, 8, t]]) })),
        'utime("utime\\nfilename", {actime=1492350678 /* 2017-04-16T13:51:18+0000 */, modtime=1492350678 /* 2017-04-16T13:51:18+0000 */}) = -1 ENOENT (No such file or directory)',
      );
      const tv = bytes(32, [[0, 8, 1492356708], [8, 8, 567891], [16, 8, 1492357086], [24, 8, 678902345]]);
      assert.equal(
        line(call('futimesat', [-100, PATH, PTR], -2, { 1: 'futimesat_sample', 2: tv })),
        'futimesat(AT_FDCWD, "futimesat_sample", [{tv_sec=1492356708, tv_usec=567891} /* 2017-04-16T15:31:48.567891+0000 */, {tv_sec=1492357086, tv_usec=678902345}]) = -1 ENOENT (No such file or directory)',
      );
      assert.equal(line(call('utimes', [0, 0], EFAULT)), 'utimes(NULL, NULL) = -1 EFAULT (Bad address)');
      const ts = bytes(32, [[0, 8, 1492358706], [8, 8, 123456789], [16, 8, 1492357068], [24, 8, 234567890]]);
      assert.equal(
        line(call('utimensat', [-100, PATH, PTR, 0x100], -2, { 1: 'utimensat\nfilename', 2: ts })),
        'utimensat(AT_FDCWD, "utimensat\\nfilename", [{tv_sec=1492358706, tv_nsec=123456789} /* 2017-04-16T16:05:06.123456789+0000 */, ' +
          '{tv_sec=1492357068, tv_nsec=234567890} /* 2017-04-16T15:37:48.234567890+0000 */], AT_SYMLINK_NOFOLLOW) = -1 ENOENT (No such file or directory)',
      );
      const nowOmit = bytes(32, [[0, 8, 0xdeadbeef], [8, 8, 0x3fffffff], [16, 8, 0xcafef00ddeadbeefn], [24, 8, 0x3ffffffe]]);
      assert.equal(
        line(call('utimensat', [-100, PATH, PTR, 0xffffffffffffffffn], EINVAL, { 1: 'f', 2: nowOmit })),
        'utimensat(AT_FDCWD, "f", [UTIME_NOW, UTIME_OMIT], AT_SYMLINK_NOFOLLOW|AT_REMOVEDIR|AT_SYMLINK_FOLLOW|AT_NO_AUTOMOUNT|AT_EMPTY_PATH|AT_RECURSIVE|0xffff60ff) = -1 EINVAL (Invalid argument)',
      );
      const wild = bytes(32, [[0, 8, -1], [8, 8, 2000000000], [16, 8, 0xcafef00ddeadbeefn], [24, 8, 0]]);
      assert.equal(
        line(call('utimensat', [-100, PATH, PTR, 0x100], EINVAL, { 1: 'f', 2: wild })),
        'utimensat(AT_FDCWD, "f", [{tv_sec=-1, tv_nsec=2000000000}, {tv_sec=-3819351491602432273, tv_nsec=0}], AT_SYMLINK_NOFOLLOW) = -1 EINVAL (Invalid argument)',
      );
    });

    it('time comments: none for zero, out-of-range fractions and dates, no fraction when zero', () => {
      assert.equal(timeComment(0n, 0n, 9, 'utc'), '');
      assert.equal(timeComment(1n, 1_000_000n, 6, 'utc'), '');
      assert.equal(timeComment(1n, 0n, 6, 'utc'), ' /* 1970-01-01T00:00:01+0000 */');
      assert.equal(timeComment(1n << 60n, 5n, 9, 'utc'), '');
    });

    it('openat2: struct open_how, the mode only when given or creating, a short one as its address', () => {
      const how = (flags: bigint, mode: bigint, resolve: bigint): Uint8Array => bytes(24, [[0, 8, flags], [8, 8, mode], [16, 8, resolve]]);
      const path = { 1: 'openat2.sample' };
      assert.equal(
        line(call('openat2', [0xffffffff, PATH, PTR, 24], EBADF, { ...path, 2: how(0o200n, 0n, 0n) })),
        'openat2(-1, "openat2.sample", {flags=O_RDONLY|O_EXCL, resolve=0}, 24) = -1 EBADF (Bad file descriptor)',
      );
      assert.equal(
        line(call('openat2', [0xffffffff, PATH, PTR, 24], EBADF, { ...path, 2: how(0o101n, 0o777n, 1n) })),
        'openat2(-1, "openat2.sample", {flags=O_WRONLY|O_CREAT, mode=0777, resolve=RESOLVE_NO_XDEV}, 24) = -1 EBADF (Bad file descriptor)',
      );
      assert.equal(
        line(call('openat2', [0xffffffff, PATH, PTR, 24], EBADF, { ...path, 2: how(0xdeadface80000000n, 0n, 0xdec0dedbeeffffc0n) })),
        'openat2(-1, "openat2.sample", {flags=O_RDONLY|0xdeadface80000000, resolve=0xdec0dedbeeffffc0 /* RESOLVE_??? */}, 24) = -1 EBADF (Bad file descriptor)',
      );
      assert.equal(line(call('openat2', [0xffffffff, PATH, PTR, 11], EINVAL, path)), `openat2(-1, "openat2.sample", 0x${PTR.toString(16)}, 11) = -1 EINVAL (Invalid argument)`);
      assert.equal(line(call('openat2', [0, 0, 0, 0xdeadc0debadc0dedn], -7)), 'openat2(0, NULL, NULL, 16045693110241201645) = -1 E2BIG (Argument list too long)');
    });

    it('getdents: the buffer and how many entries it got', () => {
      const count = (n: number, truncated = false): CapturedString => ({ bytes: bytes(4, [[0, 4, n]]), truncated });
      assert.equal(line(call('getdents', [0xdefaced00000003n, 0x4aa2e0, 0xdefaced00002000n], 328, {}, { 1: count(3) })), 'getdents(3, 0x4aa2e0 /* 3 entries */, 8192) = 328');
      assert.equal(line(call('getdents64', [3, 0x4aa2e0, 8192], 0, {}, { 1: count(0) })), 'getdents64(3, 0x4aa2e0 /* 0 entries */, 8192) = 0');
      assert.equal(line(call('getdents64', [0xffffffff, 0, 0xdeadbeef], EBADF)), 'getdents64(-1, NULL, 3735928559) = -1 EBADF (Bad file descriptor)');
      // More entries than the module counts: the address alone.
      assert.equal(line(call('getdents64', [3, 0x4aa2e0, 65536], 60000, {}, { 1: count(1024, true) })), 'getdents64(3, 0x4aa2e0, 65536) = 60000');
    });

    it('memfd_create: its name, cut at -s or where it could not be read; huge page sizes', () => {
      assert.equal(line(call('memfd_create', [PATH, 1], 3, { 0: 'abcdefgh' }), { snapLength: 4 }), 'memfd_create("abcd"..., MFD_CLOEXEC) = 3');
      assert.equal(line(call('memfd_create', [PATH, 0xfacefeed00000007n], EINVAL, { 0: { bytes: Buffer.from('0123'), truncated: true } })), 'memfd_create("0123"..., MFD_CLOEXEC|MFD_ALLOW_SEALING|MFD_HUGETLB) = -1 EINVAL (Invalid argument)');
      assert.equal(line(call('memfd_create', [PATH, 30 << 26], EINVAL, { 0: 'x' })), 'memfd_create("x", 30<<MFD_HUGE_SHIFT) = -1 EINVAL (Invalid argument)');
    });
  });

  describe('iovecs', () => {
    it('writev and pwritev: each buffer up to -s, `...` when longer', () => {
      const x = 'X'.repeat(31);
      assert.equal(
        line(call('writev', [0xffffffff, PTR, 1], EBADF, { 1: iovecs([[0x4a0000, -1, `\0${x}\0`]]) })),
        `writev(-1, [{iov_base="\\0${'X'.repeat(31)}"..., iov_len=18446744073709551615}], 1) = -1 EBADF (Bad file descriptor)`,
      );
      assert.equal(
        line(call('writev', [0xffffffff, PTR, 1], EBADF, { 1: iovecs([[0x4a0001, -1, undefined]]) })),
        'writev(-1, [{iov_base=0x4a0001, iov_len=18446744073709551615}], 1) = -1 EBADF (Bad file descriptor)',
      );
      assert.equal(
        line(call('pwritev', [0, PTR, 1, 0xdefaceddeadbeefn], 8, { 1: iovecs([[0x4a0000, 8, '\0\x01\x02\x03\x04\x05\x06\x07']]) }), { snapLength: 7 }),
        'pwritev(0, [{iov_base="\\0\\1\\2\\3\\4\\5\\6"..., iov_len=8}], 1, 1004211379570065135) = 8',
      );
      assert.equal(
        line(call('pwritev', [0, PTR, 2, 9], EFAULT, { 1: iovecs([[0x4a0007, 1, '\x07'], [PTR + 16, 0, 'element']], true) }), { snapLength: 7 }),
        `pwritev(0, [{iov_base="\\7", iov_len=1}, ... /* 0x${(PTR + 16).toString(16)} */], 2, 9) = -1 EFAULT (Bad address)`,
      );
      const seven = Array.from({ length: 7 }, (_, i) => [0x4a0000 + i, 1, String.fromCharCode(i)] as const);
      assert.equal(
        line(call('pwritev', [0, PTR, 8, 1], EFAULT, { 1: iovecs([...seven, [PTR + 112, 0, 'element']], true) }), { snapLength: 7 }),
        `pwritev(0, [${seven.map((_, i) => `{iov_base="\\${i}", iov_len=1}`).join(', ')}, ... /* 0x${(PTR + 112).toString(16)} */], 8, 1) = -1 EFAULT (Bad address)`,
      );
      assert.equal(
        line(call('pwritev', [0, PTR, 9, 1], 7, { 1: iovecs(seven, true) }), { snapLength: 7 }),
        `pwritev(0, [${seven.map((_, i) => `{iov_base="\\${i}", iov_len=1}`).join(', ')}, ...], 9, 1) = 7`,
      );
      assert.equal(line(call('pwritev', [0, PTR, 42, -2], EFAULT, { 1: { unavailable: true } })), `pwritev(0, 0x${PTR.toString(16)}, 42, -2) = -1 EFAULT (Bad address)`);
      assert.equal(line(call('writev', [1, PTR, 2], 5, { 1: iovecs([[0x4a0000, 2, 'ab'], [0x4a0010, 3, 'cde']]) })), 'writev(1, [{iov_base="ab", iov_len=2}, {iov_base="cde", iov_len=3}], 2) = 5');
    });

    it('readv and preadv: the bytes read, in order; addresses when the call failed', () => {
      assert.equal(
        line(call('preadv', [3, PTR, 2, 8], 7, {}, { 1: iovecs([[0x4a0000, 8, '89abcde'], [0x4a0010, 15, '']]) })),
        'preadv(3, [{iov_base="89abcde", iov_len=8}, {iov_base="", iov_len=15}], 2, 8) = 7',
      );
      assert.equal(
        line(call('preadv', [0, PTR, 1, -1], EINVAL, {}, { 1: iovecs([[0x4a0000, 8, '']]) })),
        'preadv(0, [{iov_base=0x4a0000, iov_len=8}], 1, -1) = -1 EINVAL (Invalid argument)',
      );
      assert.equal(line(call('preadv', [0, 0, 1, -2], EINVAL)), 'preadv(0, NULL, 1, -2) = -1 EINVAL (Invalid argument)');
      assert.equal(line(call('preadv', [0, PTR, 0, -3], EINVAL, {}, { 1: iovecs([]) })), 'preadv(0, [], 0, -3) = -1 EINVAL (Invalid argument)');
      assert.equal(line(call('readv', [3, PTR, 3], 2, {}, { 1: iovecs([[0x4a0000, 1, 'a'], [0x4a0010, 1, 'b']], true) }), { snapLength: 2 }), 'readv(3, [{iov_base="a", iov_len=1}, {iov_base="b", iov_len=1}, ...], 3) = 2');
    });

    it('process_madvise: the iovecs, an unreadable one as where it begins', () => {
      const two = bytes(32, [[0, 8, 0x8786858483828180n], [8, 8, 0x8f8e8d8c8b8a8988n], [16, 8, 0x9796959493929190n], [24, 8, 0x9f9e9d9c9b9a9998n]]);
      assert.equal(
        line(call('process_madvise', [0, PTR, 2, 0, 0xffffffff], EINVAL, { 1: two })),
        'process_madvise(0, [{iov_base=0x8786858483828180, iov_len=10344361028892658056}, {iov_base=0x9796959493929190, iov_len=11501803794301884824}], 2, MADV_NORMAL, 0xffffffff) = -1 EINVAL (Invalid argument)',
      );
      assert.equal(
        line(call('process_madvise', [0xffffffff, PTR, 2, 0xdeadc0de, 0], EINVAL, { 1: { bytes: two.subarray(16), truncated: true } })),
        `process_madvise(-1, [{iov_base=0x9796959493929190, iov_len=11501803794301884824}, ... /* 0x${(PTR + 16).toString(16)} */], 2, 0xdeadc0de /* MADV_??? */, 0) = -1 EINVAL (Invalid argument)`,
      );
      assert.equal(line(call('process_madvise', [0, PTR, 0, 21, 0xcafef00d], EINVAL, { 1: bytes(0, []) })), 'process_madvise(0, [], 0, MADV_PAGEOUT, 0xcafef00d) = -1 EINVAL (Invalid argument)');
    });
  });

  describe('memory', () => {
    it('mlock family, mincore, remap_file_pages', () => {
      assert.equal(line(call('mlock', [0x7f00c6d35c00, 1024], 0)), 'mlock(0x7f00c6d35c00, 1024) = 0');
      assert.equal(
        line(call('mlock2', [0xfacefeeddeadbeefn, 0xcafef00dbadc0dedn, 0xffffffffffffffffn], EINVAL)),
        'mlock2(0xfacefeeddeadbeef, 14627392581506174445, MLOCK_ONFAULT|0xfffffffe) = -1 EINVAL (Invalid argument)',
      );
      assert.equal(line(call('mlockall', [1], 0)), 'mlockall(MCL_CURRENT) = 0');
      assert.equal(line(call('munlockall', [1, 2], 0)), 'munlockall() = 0');
      assert.equal(line(call('mincore', [0x7f262ac2d000, 4096, 0], EFAULT)), 'mincore(0x7f262ac2d000, 4096, NULL) = -1 EFAULT (Bad address)');
      assert.equal(
        line(call('remap_file_pages', [0xfacefeeddeadbeefn, 0xdefaced1bad2f00dn, 7, 0xcaf3babebad4deedn, 0x22], EINVAL)),
        'remap_file_pages(0xfacefeeddeadbeef, 16067382020775538701, PROT_READ|PROT_WRITE|PROT_EXEC, 14624237743343197933, MAP_PRIVATE|MAP_ANONYMOUS) = -1 EINVAL (Invalid argument)',
      );
      assert.equal(
        line(call('remap_file_pages', [0, 0, 0, 0, 0x3 | 0x10 | 0x4000 | 0x40000 | (21 << 26)], EINVAL)),
        'remap_file_pages(NULL, 0, PROT_NONE, 0, MAP_SHARED_VALIDATE|MAP_FIXED|MAP_NORESERVE|MAP_HUGETLB|21<<MAP_HUGE_SHIFT) = -1 EINVAL (Invalid argument)',
      );
    });

    it('protection keys: 64-bit flag words', () => {
      assert.equal(line(call('pkey_alloc', [0, 0xbadc0ded00000002n], EINVAL)), 'pkey_alloc(0, PKEY_DISABLE_WRITE|0xbadc0ded00000000) = -1 EINVAL (Invalid argument)');
      assert.equal(line(call('pkey_alloc', [0x123456789abcdef0n, 0xbadc0de8], EINVAL)), 'pkey_alloc(0x123456789abcdef0, 0xbadc0de8 /* PKEY_??? */) = -1 EINVAL (Invalid argument)');
      assert.equal(line(call('pkey_free', [0xbadc0ded00000001n], EINVAL)), 'pkey_free(1) = -1 EINVAL (Invalid argument)');
      assert.equal(
        line(call('pkey_mprotect', [0, 0xfedcba9876543210n, 0xdeadfeed00ca7500n, 0xffffffffffffffffn], EINVAL)),
        'pkey_mprotect(NULL, 18364758544493064720, 0xdeadfeed00ca7500 /* PROT_??? */, -1) = -1 EINVAL (Invalid argument)',
      );
    });

    it('membarrier: unknown commands, cpu_id with MEMBARRIER_CMD_FLAG_CPU, a query names what it returns', () => {
      assert.equal(
        line(call('membarrier', [3, 255, 0xffffffff], EINVAL)),
        'membarrier(0x3 /* MEMBARRIER_CMD_??? */, MEMBARRIER_CMD_FLAG_CPU|0xfe, -1) = -1 EINVAL (Invalid argument)',
      );
      assert.equal(
        line(call('membarrier', [0, 0], 0x1fe)),
        'membarrier(MEMBARRIER_CMD_QUERY, 0) = 0x1fe (MEMBARRIER_CMD_GLOBAL_EXPEDITED|MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED|MEMBARRIER_CMD_PRIVATE_EXPEDITED|' +
          'MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED|MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE|MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE|' +
          'MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ|MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ)',
      );
      assert.equal(
        line(call('membarrier', [128, 1, 0xffffffff], EINVAL)),
        'membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ, MEMBARRIER_CMD_FLAG_CPU, -1) = -1 EINVAL (Invalid argument)',
      );
    });

    it('process_madvise and process_mrelease: flags in hex', () => {
      assert.equal(line(call('process_madvise', [0xffffffff, 0, 0xdeadbeefdeadbeefn, 20, 0], EINVAL)), 'process_madvise(-1, NULL, 16045690984833335023, MADV_COLD, 0) = -1 EINVAL (Invalid argument)');
      assert.equal(line(call('process_mrelease', [0xbadc0dedffffffffn, 0xbadc0ded00000000n], EBADF)), 'process_mrelease(-1, 0) = -1 EBADF (Bad file descriptor)');
      assert.equal(line(call('process_mrelease', [0, 0xfacefeed], EINVAL)), 'process_mrelease(0, 0xfacefeed) = -1 EINVAL (Invalid argument)');
    });
  });

  describe('IPC and AIO', () => {
    it('semop: sembuf arrays, an unreadable element as where it begins', () => {
      const undo = bytes(6, [[0, 2, 0], [2, 2, 1], [4, 2, 0x1000]]);
      assert.equal(line(call('semop', [5, PTR, 1], 0, { 1: undo })), 'semop(5, [{sem_num=0, sem_op=1, sem_flg=SEM_UNDO}], 1) = 0');
      // nsops is an unsigned int: high bits are not elements (the module read past the one there was).
      assert.equal(line(call('semop', [5, PTR, 0xdefaced00000001n], 0, { 1: { bytes: undo, truncated: true } })), 'semop(5, [{sem_num=0, sem_op=1, sem_flg=SEM_UNDO}], 1) = 0');
      const partial: CapturedString = { bytes: bytes(6, [[0, 2, 0xface], [2, 2, 0xf00d], [4, 2, 0xbeef]]), truncated: true };
      assert.equal(
        line(call('semop', [0xfdb97531, PTR, 2], EINVAL, { 1: partial })),
        `semop(-38177487, [{sem_num=64206, sem_op=-4083, sem_flg=SEM_UNDO|IPC_NOWAIT|0xa6ef}, ... /* 0x${(PTR + 6).toString(16)} */], 2) = -1 EINVAL (Invalid argument)`,
      );
      // The element right after the -s shown could not be read (the capture reads one more): its address, as strace.
      assert.equal(
        line(call('semop', [5, PTR, 3], EINVAL, { 1: { bytes: undo, truncated: true } }), { snapLength: 1 }),
        `semop(5, [{sem_num=0, sem_op=1, sem_flg=SEM_UNDO}, ... /* 0x${(PTR + 6).toString(16)} */], 3) = -1 EINVAL (Invalid argument)`,
      );
      assert.equal(
        line(call('semop', [5, PTR, 3], EINVAL, { 1: { bytes: Buffer.concat([undo, undo]), truncated: true } }), { snapLength: 1 }),
        'semop(5, [{sem_num=0, sem_op=1, sem_flg=SEM_UNDO}, ...], 3) = -1 EINVAL (Invalid argument)',
      );
      assert.equal(line(call('semop', [0xdefacedfdb97531n, 0, 0xdefaceddeadbeefn], -7)), 'semop(-38177487, NULL, 3735928559) = -1 E2BIG (Argument list too long)');
      assert.equal(line(call('semop', [1, 0xffffffffffffffffn, 1], EFAULT, { 1: { unavailable: true } })), 'semop(1, 0xffffffffffffffff, 1) = -1 EFAULT (Bad address)');
      const timeout = bytes(16, [[0, 8, 0xcafef00ddeadbeefn], [8, 8, 0xbadc0dedfacefeedn]]);
      assert.equal(
        line(call('semtimedop', [5, PTR, 1, PTR + 8], EINVAL, { 1: undo, 3: timeout })),
        'semtimedop(5, [{sem_num=0, sem_op=1, sem_flg=SEM_UNDO}], 1, {tv_sec=-3819351491602432273, tv_nsec=13464652301697220333}) = -1 EINVAL (Invalid argument)',
      );
      assert.equal(
        line(call('semtimedop', [0xfdb97531, 0, 0xdeadbeef, 0], -7)),
        'semtimedop(-38177487, NULL, 3735928559, NULL) = -1 E2BIG (Argument list too long)',
      );
    });

    it('shared memory: shmget permissions, shmat flags, addresses returned in hex', () => {
      assert.equal(line(call('shmget', [0, 1, 0o600], 7)), 'shmget(IPC_PRIVATE, 1, 0600) = 7');
      assert.equal(line(call('shmget', [0xdeadbeef, 1, 0o1600 | 0o2000], 7)), 'shmget(0xdeadbeef, 1, IPC_CREAT|IPC_EXCL|0600) = 7');
      assert.equal(
        line(call('shmat', [0xfdb97531, 0xdec0ded1dec0ded2n, 0xffffface], EINVAL)),
        'shmat(-38177487, 0xdec0ded1dec0ded2, SHM_RDONLY|SHM_RND|SHM_REMAP|SHM_EXEC|0xffff0ace) = -1 EINVAL (Invalid argument)',
      );
      assert.equal(line(call('shmat', [7, 0, 0o10000], 0x7f0000001000)), 'shmat(7, NULL, SHM_RDONLY) = 0x7f0000001000');
      assert.equal(line(call('shmdt', [0], EINVAL)), 'shmdt(NULL) = -1 EINVAL (Invalid argument)');
    });

    it('POSIX message queues: names, mq_attr in and out', () => {
      const attr = bytes(64, [[8, 8, 10], [16, 8, 8192]]);
      assert.equal(line(call('mq_open', [PATH, 0o100, 0o700, 0], 0, { 0: 'strace-mq-618.sample' })), 'mq_open("strace-mq-618.sample", O_RDONLY|O_CREAT, 0700, NULL) = 0');
      assert.equal(line(call('mq_open', [0, 0x8765432100000000n, 0xdec0deadfacefeedn], EFAULT)), 'mq_open(NULL, O_RDONLY) = -1 EFAULT (Bad address)');
      assert.equal(line(call('mq_getsetattr', [0, 0, PTR], 0, {}, { 2: attr })), 'mq_getsetattr(0, NULL, {mq_flags=0, mq_maxmsg=10, mq_msgsize=8192, mq_curmsgs=0}) = 0');
      assert.equal(line(call('mq_getsetattr', [0, PTR, 0], 0, { 1: attr })), 'mq_getsetattr(0, {mq_flags=0, mq_maxmsg=10, mq_msgsize=8192, mq_curmsgs=0}, NULL) = 0');
      const wild = bytes(64, [[0, 8, 0xc2c1c0bfbebdbcbbn], [8, 8, 1], [16, 8, 2]]);
      assert.equal(line(call('mq_getsetattr', [0, PTR, 0], EBADF, { 1: wild })), 'mq_getsetattr(0, {mq_flags=0xc2c1c0bfbebdbcbb, mq_maxmsg=1, mq_msgsize=2, mq_curmsgs=0}, NULL) = -1 EBADF (Bad file descriptor)');
      assert.equal(line(call('mq_unlink', [PATH], 0, { 0: 'strace-mq-618.sample' })), 'mq_unlink("strace-mq-618.sample") = 0');
      // mq_notify's sigevent (strace's mq_sendrecv test: an unknown notification and signal number).
      const event = bytes(64, [[0, 8, 0xdeadbeefbadc0dedn], [8, 4, 0xfaced0ed], [12, 4, 0xdefaced]]);
      assert.equal(
        line(call('mq_notify', [0xdeadbeef, PTR], EFAULT, { 1: event })),
        'mq_notify(-559038737, {sigev_value={sival_int=-1159983635, sival_ptr=0xdeadbeefbadc0ded}, sigev_signo=4207857901, sigev_notify=0xdefaced /* SIGEV_??? */}) = -1 EFAULT (Bad address)',
      );
      assert.equal(line(call('mq_notify', [3, 0], 0)), 'mq_notify(3, NULL) = 0');
    });

    it('mq_timedreceive: the priority the kernel stored, its address when the call failed (strace test mq_sendrecv)', () => {
      const ts = bytes(16, [[0, 8, 5], [8, 8, 0]]);
      assert.equal(
        line(call('mq_timedreceive', [3, PTR, 64, PTR + 64, PTR + 128], 2, { 4: ts }, { 1: 'ab', 3: bytes(4, [[0, 4, 42]]) })),
        'mq_timedreceive(3, "ab", 64, [42], {tv_sec=5, tv_nsec=0}) = 2',
      );
      assert.equal(
        line(call('mq_timedreceive', [3, PTR, 64, PTR + 64, PTR + 128], -110, { 4: ts })),
        'mq_timedreceive(3, 0x7ffc2da22710, 64, 0x7ffc2da22750, {tv_sec=5, tv_nsec=0}) = -1 ETIMEDOUT (Connection timed out)',
      );
    });

    it('mq_notify: the 32 bytes of a sigevent strace prints, whatever follows them (strace test mq_sendrecv)', () => {
      const sev = bytes(32, [[0, 8, 0xdeadbeefbadc0dedn], [8, 4, 0xfacefeed], [12, 4, 0xdefaced]]);
      assert.equal(
        line(call('mq_notify', [BigInt.asUintN(64, -559039906n), PTR], EFAULT, { 1: sev })),
        'mq_notify(-559039906, {sigev_value={sival_int=-1159983635, sival_ptr=0xdeadbeefbadc0ded}, sigev_signo=4207869677, sigev_notify=0xdefaced /* SIGEV_??? */}) = -1 EFAULT (Bad address)',
      );
    });

    it('AIO: contexts in hex, the one io_setup stores', () => {
      assert.equal(line(call('io_setup', [0xdeadbeef, 0], EFAULT)), 'io_setup(3735928559, NULL) = -1 EFAULT (Bad address)');
      assert.equal(line(call('io_setup', [1, PTR], 0, {}, { 1: bytes(8, [[0, 8, 0x7f1234560000]]) })), 'io_setup(1, [0x7f1234560000]) = 0');
      assert.equal(line(call('io_destroy', [0x7f1234560000], 0)), 'io_destroy(0x7f1234560000) = 0');
    });
  });
});
