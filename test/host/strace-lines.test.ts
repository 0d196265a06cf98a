// Single calls: each expected line is what strace 6.1 printed for the same
// arguments on x86_64 (where we have the memory strace read).
import { strict as assert } from 'node:assert';
import { StraceFormatter } from '../../frontend/src/views/strace/formatter';
import type { StraceOptions, SyscallEvent } from '../../frontend/src/views/strace/types';
import { call, enter, exit } from '../support/syscalls';

function lines(events: readonly SyscallEvent[], options: StraceOptions = {}): string[] {
  const formatter = new StraceFormatter(options);
  return [...events.flatMap((e) => formatter.push(e)), ...formatter.flush()];
}

function line(events: readonly SyscallEvent[], options: StraceOptions = {}): string {
  const out = lines(events, options);
  assert.equal(out.length, 1, out.join('\n'));
  return out[0];
}

const AT_FDCWD = -100;
const ELF_HEAD = Uint8Array.from([
  0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 3, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0x3e, 0, 1, 0, 0, 0, 0x10, 0x74, 2, 0, 0, 0, 0, 0, 0x40, 0, 0, 0,
]);

describe('strace lines', () => {
  it('openat with flags', () => {
    assert.equal(
      line(call('openat', [AT_FDCWD, 0x1000, 0o2000000], 3, { 1: '/etc/ld.so.cache' })),
      'openat(AT_FDCWD, "/etc/ld.so.cache", O_RDONLY|O_CLOEXEC) = 3',
    );
  });

  it('an ENOENT error', () => {
    assert.equal(
      line(call('access', [0x1000, 4], -2, { 0: '/etc/ld.so.preload' })),
      'access("/etc/ld.so.preload", R_OK)      = -1 ENOENT (No such file or directory)',
    );
  });

  it('pads short lines to column 40', () => {
    assert.equal(line(call('close', [3], 0)), 'close(3)                                = 0');
    assert.equal(line(call('brk', [0], 0x55d4603e2000)), 'brk(NULL)                               = 0x55d4603e2000');
    assert.equal(line(call('getuid', [], 0)), 'getuid()                                = 0');
  });

  it('-a N aligns at column N instead (strace -a21, -a0)', () => {
    assert.equal(line(call('close', [3], 0), { alignColumn: 21 }), 'close(3)             = 0');
    assert.equal(line(call('getuid', [], 1000), { alignColumn: 9 }), 'getuid() = 1000');
    assert.equal(line(call('getuid', [], 1000), { alignColumn: 0 }), 'getuid() = 1000');
    assert.equal(
      line(call('access', [0x1000, 4], -2, { 0: '/etc/ld.so.preload' }), { alignColumn: 21 }),
      'access("/etc/ld.so.preload", R_OK) = -1 ENOENT (No such file or directory)',
    );
  });

  it('write with a string', () => {
    assert.equal(line(call('write', [1, 0x2000, 6], 6, { 1: 'hello\n' })), 'write(1, "hello\\n", 6)                  = 6');
  });

  it('escapes like strace: letters, octal, three digits before an octal digit', () => {
    const data = Buffer.from('a\0b\x01c\tq"\\\x7f\x80\xff1\n\r\v\f\x07\x08\x007end', 'latin1');
    assert.equal(
      line(call('write', [1, 0x2000, 24], 24, { 1: data })),
      'write(1, "a\\0b\\1c\\tq\\"\\\\\\177\\200\\3771\\n\\r\\v\\f\\7\\10\\0007end", 24) = 24',
    );
  });

  it('read shows the bytes read, cut at 32 with "..."', () => {
    assert.equal(
      line(call('read', [3, 0x7ffd0000, 832], 832, undefined, { 1: ELF_HEAD })),
      'read(3, "\\177ELF\\2\\1\\1\\3\\0\\0\\0\\0\\0\\0\\0\\0\\3\\0>\\0\\1\\0\\0\\0\\20t\\2\\0\\0\\0\\0\\0"..., 832) = 832',
    );
  });

  it('pointers when memory was not captured, NULL for zero', () => {
    assert.equal(line(call('read', [3, 0x7ffd4a2b1c30, 832], 832)), 'read(3, 0x7ffd4a2b1c30, 832)            = 832');
    assert.equal(line(call('read', [-1, 0, 5], -9)), 'read(-1, NULL, 5)                       = -1 EBADF (Bad file descriptor)');
    assert.equal(
      line(call('openat', [AT_FDCWD, 0x1000, 0], 3, { 1: { unavailable: true } })),
      'openat(AT_FDCWD, 0x1000, O_RDONLY)      = 3',
    );
  });

  it('mmap flags and a hex result', () => {
    assert.equal(
      line(call('mmap', [0, 8192, 3, 0x22, -1, 0], 0x7f087e5a1000)),
      'mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f087e5a1000',
    );
    assert.equal(
      line(call('mmap', [0x7f087e3db000, 1400832, 5, 0x812, 3, 0x26000], 0x7f087e3db000)),
      'mmap(0x7f087e3db000, 1400832, PROT_READ|PROT_EXEC, MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE, 3, 0x26000) = 0x7f087e3db000',
    );
    assert.equal(
      line(call('mmap', [0, 4096, 0, 0x20021 | 0x8000 | 0x800000, -1, 0], 0x7fd03c848000)),
      'mmap(NULL, 4096, PROT_NONE, MAP_SHARED|MAP_ANONYMOUS|MAP_POPULATE|MAP_STACK|0x800000, -1, 0) = 0x7fd03c848000',
    );
    assert.equal(
      line(call('mmap', [0, 2n ** 50n, 1, 0x4022, -1, 0], -12)),
      'mmap(NULL, 1125899906842624, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE, -1, 0) = -1 ENOMEM (Cannot allocate memory)',
    );
  });

  it('open flags in strace order, mode only with O_CREAT or O_TMPFILE', () => {
    assert.equal(
      line(call('openat', [-5, 0x1000, 0o100 | 0o400 | 0o1000 | 0o4000 | 0o1000000 | 0o2000000 | 0o10000000 | 0o200000, 0], -2, { 1: '/nonexist' })),
      'openat(-5, "/nonexist", O_RDONLY|O_CREAT|O_NOCTTY|O_TRUNC|O_NONBLOCK|O_NOATIME|O_CLOEXEC|O_PATH|O_DIRECTORY, 000) = -1 ENOENT (No such file or directory)',
    );
    assert.equal(line(call('openat', [AT_FDCWD, 0x1000, 0o20200002, 0o600], 8, { 1: '/tmp' })), 'openat(AT_FDCWD, "/tmp", O_RDWR|O_TMPFILE, 0600) = 8');
    assert.equal(line(call('openat', [AT_FDCWD, 0x1000, 0x80000000], -2, { 1: '/n' })), 'openat(AT_FDCWD, "/n", O_RDONLY|0x80000000) = -1 ENOENT (No such file or directory)');
    assert.equal(line(call('open', [0x1000, 3], -2, { 0: '/tmp/xx2' })), 'open("/tmp/xx2", O_ACCMODE)             = -1 ENOENT (No such file or directory)');
  });

  it('sockets', () => {
    assert.equal(line(call('socket', [2, 0o2004001, 0], 3)), 'socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK, IPPROTO_IP) = 3');
    assert.equal(line(call('socket', [1, 2, 0], 4)), 'socket(AF_UNIX, SOCK_DGRAM, 0)          = 4');
    assert.equal(line(call('socket', [16, 3, 0], 6)), 'socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE) = 6');
    assert.equal(line(call('socket', [99, 1, 0], -97)), 'socket(0x63 /* AF_??? */, SOCK_STREAM, 0) = -1 EAFNOSUPPORT (Address family not supported by protocol)');
    const sin = Uint8Array.from([2, 0, 0, 9, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert.equal(
      line(call('connect', [3, 0x1000, 16], -115, { 1: sin })),
      'connect(3, {sa_family=AF_INET, sin_port=htons(9), sin_addr=inet_addr("127.0.0.1")}, 16) = -1 EINPROGRESS (Operation now in progress)',
    );
    assert.equal(
      line(call('sendto', [3, 0x1000, 2, 0x4040, 0, 0], -111, { 1: 'hi' })),
      'sendto(3, "hi", 2, MSG_DONTWAIT|MSG_NOSIGNAL, NULL, 0) = -1 ECONNREFUSED (Connection refused)',
    );
    assert.equal(line(call('shutdown', [3, 2], -107)), 'shutdown(3, SHUT_RDWR)                  = -1 ENOTCONN (Transport endpoint is not connected)');
  });

  it('fcntl by command, with decoded flag results', () => {
    assert.equal(line(call('fcntl', [3, 3], 0x802)), 'fcntl(3, F_GETFL)                       = 0x802 (flags O_RDWR|O_NONBLOCK)');
    assert.equal(line(call('fcntl', [3, 1], 1)), 'fcntl(3, F_GETFD)                       = 0x1 (flags FD_CLOEXEC)');
    assert.equal(line(call('fcntl', [3, 2, 1], 0)), 'fcntl(3, F_SETFD, FD_CLOEXEC)           = 0');
    assert.equal(line(call('fcntl', [3, 4, 0o4002], 0)), 'fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK)    = 0');
    assert.equal(line(call('fcntl', [3, 1030, 5], 7)), 'fcntl(3, F_DUPFD_CLOEXEC, 5)            = 7');
    assert.equal(line(call('fcntl', [3, 999, 0], -22)), 'fcntl(3, 0x3e7 /* F_??? */, 0)          = -1 EINVAL (Invalid argument)');
    assert.equal(line(call('fcntl', [0, 3], 0x8000)), 'fcntl(0, F_GETFL)                       = 0x8000 (flags O_RDONLY|O_LARGEFILE)');
  });

  it('processes, signals and futexes', () => {
    assert.equal(
      line(call('clone', [0x1200011, 0, 0, 0x7f1d407b7a10, 0], 21528)),
      'clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f1d407b7a10) = 21528',
    );
    assert.equal(line(call('clone', [0x100, 0x1000, 0, 0, 0], 15402)), 'clone(child_stack=0x1000, flags=CLONE_VM) = 15402');
    assert.equal(line(call('kill', [999999, 15], -3)), 'kill(999999, SIGTERM)                   = -1 ESRCH (No such process)');
    assert.equal(line(call('tgkill', [1, 999999, 34], -3)), 'tgkill(1, 999999, SIGRT_2)              = -1 ESRCH (No such process)');
    assert.equal(line(call('tgkill', [1, 999999, 32], -3)), 'tgkill(1, 999999, SIGRTMIN)             = -1 ESRCH (No such process)');
    assert.equal(line(call('wait4', [-1, 0, 0x40000001, 0], -10)), 'wait4(-1, NULL, WNOHANG|__WALL, NULL)   = -1 ECHILD (No child processes)');
    assert.equal(line(call('rt_sigprocmask', [0, 0x1000, 0x2000, 8], -14)), 'rt_sigprocmask(SIG_BLOCK, 0x1000, 0x2000, 8) = -1 EFAULT (Bad address)');
    assert.equal(
      line(call('futex', [0x7ffdecb30078, 0x89, 1, 0, 0, 0xffffffff], -11)),
      'futex(0x7ffdecb30078, FUTEX_WAIT_BITSET_PRIVATE, 1, NULL, FUTEX_BITSET_MATCH_ANY) = -1 EAGAIN (Resource temporarily unavailable)',
    );
    assert.equal(line(call('futex', [0x7ffdecb30078, 129, 1], 0)), 'futex(0x7ffdecb30078, FUTEX_WAKE_PRIVATE, 1) = 0');
    assert.equal(line(call('futex', [0, 10, 1, 0, 0, 5], -14)), 'futex(NULL, FUTEX_WAKE_BITSET, 1, 0x5)  = -1 EFAULT (Bad address)');
    assert.equal(
      line(call('futex', [0x7ffdecb30078, 0x63, 1, 0, 0, 0], -38)),
      'futex(0x7ffdecb30078, 0x63 /* FUTEX_??? */, 1, NULL, NULL, 0) = -1 ENOSYS (Function not implemented)',
    );
    assert.equal(line(call('arch_prctl', [0x1002, 0x7f087e3b2740], 0)), 'arch_prctl(ARCH_SET_FS, 0x7f087e3b2740) = 0');
    assert.equal(line(call('arch_prctl', [0x3001, 0], -22)), 'arch_prctl(0x3001 /* ARCH_??? */, 0)    = -1 EINVAL (Invalid argument)');
    assert.equal(line(call('arch_prctl', [0x1011], 1)), 'arch_prctl(ARCH_GET_CPUID)              = 1');
  });

  it('files, memory and the rest', () => {
    assert.equal(line(call('lseek', [0, -1, 7], -22)), 'lseek(0, -1, 0x7 /* SEEK_??? */)        = -1 EINVAL (Invalid argument)');
    assert.equal(line(call('mkdirat', [AT_FDCWD, 0x1000, 0], 0, { 1: '/tmp/m' })), 'mkdirat(AT_FDCWD, "/tmp/m", 000)        = 0');
    assert.equal(line(call('mkdir', [0x1000, 0o1755], -17, { 0: '/tmp/m' })), 'mkdir("/tmp/m", 01755)                  = -1 EEXIST (File exists)');
    assert.equal(line(call('unlinkat', [AT_FDCWD, 0x1000, 0x200], -2, { 1: '/tmp/nonexist' })), 'unlinkat(AT_FDCWD, "/tmp/nonexist", AT_REMOVEDIR) = -1 ENOENT (No such file or directory)');
    assert.equal(
      line(call('statx', [AT_FDCWD, 0, 0x4100, 0x7ff, 0], -14)),
      'statx(AT_FDCWD, NULL, AT_STATX_DONT_SYNC|AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, NULL) = -1 EFAULT (Bad address)',
    );
    assert.equal(line(call('pipe2', [0x1000, 0o4000 | 0o2000000], 0, undefined, { 0: Uint8Array.from([13, 0, 0, 0, 14, 0, 0, 0]) })), 'pipe2([13, 14], O_NONBLOCK|O_CLOEXEC)   = 0');
    assert.equal(
      line(call('ioctl', [0, 0xc0986b09, 0x7fff89e79e30], -25)),
      'ioctl(0, _IOC(_IOC_READ|_IOC_WRITE, 0x6b, 0x9, 0x98), 0x7fff89e79e30) = -1 ENOTTY (Inappropriate ioctl for device)',
    );
    assert.equal(line(call('ioctl', [1, 0x5401, 0x7fff89e79e30], -25)), 'ioctl(1, TCGETS, 0x7fff89e79e30)        = -1 ENOTTY (Inappropriate ioctl for device)');
    assert.equal(line(call('poll', [0, 0, 1], 0)), 'poll(NULL, 0, 1)                        = 0 (Timeout)');
    assert.equal(line(call('umask', [0o22], 0o22)), 'umask(022)                              = 022');
    assert.equal(line(call('mount', [0, 0, 0, 0xc0ed0000, 0], -14)), 'mount(NULL, NULL, NULL, MS_MGC_VAL, NULL) = -1 EFAULT (Bad address)');
    assert.equal(line(call('getcwd', [0x1000, 300], 5, undefined, { 0: '/tmp\0' })), 'getcwd("/tmp", 300)                     = 5');
    assert.equal(line(call('readlink', [0x1000, 0x2000, 300], 6, { 0: '/proc/self/exe' }, { 1: '/tmp/w' })), 'readlink("/proc/self/exe", "/tmp/w", 300) = 6');
    assert.equal(line(call('getrandom', [0x1000, 4, 3], 4, undefined, { 0: Uint8Array.from([0x43, 0xb2, 0x01, 0xbb]) })), 'getrandom("\\x43\\xb2\\x01\\xbb", 4, GRND_NONBLOCK|GRND_RANDOM) = 4');
    assert.equal(line(call('set_robust_list', [0x7f087e3b2a20, 24], 0)), 'set_robust_list(0x7f087e3b2a20, 24)     = 0');
    assert.equal(line(call('rseq', [0x7f087e3b3060, 0x20, 0, 0x53053053], 0)), 'rseq(0x7f087e3b3060, 0x20, 0, 0x53053053) = 0');
    assert.equal(line(call('prlimit64', [0, 7, 0, 0], 0)), 'prlimit64(0, RLIMIT_NOFILE, NULL, NULL) = 0');
    assert.equal(line(call('madvise', [0, 0, 77], -22)), 'madvise(NULL, 0, 0x4d /* MADV_??? */)   = -1 EINVAL (Invalid argument)');
    const ts = Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0x40, 0x42, 0x0f, 0, 0, 0, 0, 0]);
    assert.equal(line(call('clock_nanosleep', [0, 0, 0x1000, 0], 0, { 2: ts })), 'clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=0, tv_nsec=1000000}, NULL) = 0');
  });

  it('unknown syscalls as syscall_0x..., six hex arguments', () => {
    assert.equal(
      line(call(0x3e8, [1, 2, -128, 5, 6, 0], -38)),
      'syscall_0x3e8(0x1, 0x2, 0xffffffffffffff80, 0x5, 0x6, 0) = -1 ENOSYS (Function not implemented)',
    );
  });

  it('restart codes as `= ? ERESTARTSYS`', () => {
    assert.equal(line(call('read', [0, 0x1000, 10], -512)), 'read(0, 0x1000, 10)                     = ? ERESTARTSYS (To be restarted if SA_RESTART is set)');
  });

  it('exit_group never returns: `= ?` and the exit status line', () => {
    assert.deepEqual(lines([enter('exit_group', [-1])]), ['exit_group(-1)                          = ?', '+++ exited with 255 +++']);
  });

  it('-s: buffers cut at the snap length, paths never', () => {
    const digits = '0123456789012345678901234567890123456789';
    assert.equal(line(call('write', [1, 0x1000, 40], 40, { 1: digits })), 'write(1, "01234567890123456789012345678901"..., 40) = 40');
    assert.equal(line(call('write', [1, 0x1000, 40], 40, { 1: digits }), { snapLength: 5 }), 'write(1, "01234"..., 40)                = 40');
    assert.equal(line(call('openat', [AT_FDCWD, 0x1000, 0], 3, { 1: '/etc/hostname' }), { snapLength: 3 }), 'openat(AT_FDCWD, "/etc/hostname", O_RDONLY) = 3');
    assert.equal(
      line(call('openat', [AT_FDCWD, 0x1000, 0], 3, { 1: { bytes: Buffer.from('/very/long'), truncated: true } })),
      'openat(AT_FDCWD, "/very/long"..., O_RDONLY) = 3',
    );
  });

  it('-x and -xx', () => {
    assert.equal(line(call('write', [1, 0x1000, 3], 3, { 1: 'a\x1bb' }), { hexStrings: 'non-printable' }), 'write(1, "\\x61\\x1b\\x62", 3)             = 3');
    assert.equal(line(call('write', [1, 0x1000, 4], 4, { 1: 'a\tb\n' }), { hexStrings: 'non-printable' }), 'write(1, "a\\tb\\n", 4)                   = 4');
    assert.equal(
      line(call('openat', [AT_FDCWD, 0x1000, 0], 3, { 1: '/etc/hostname' }), { hexStrings: 'all' }),
      'openat(AT_FDCWD, "\\x2f\\x65\\x74\\x63\\x2f\\x68\\x6f\\x73\\x74\\x6e\\x61\\x6d\\x65", O_RDONLY) = 3',
    );
  });

  it('exits without entries and entries without exits', () => {
    assert.deepEqual(lines([exit('read', 3)]), ['<... read resumed>)                     = 3']);
    assert.deepEqual(lines([enter('read', [3, 0x1000, 64]), enter('close', [3])]), ['read(3, 0x1000, 64)                     = ?', 'close(3)                                = ?']);
  });
});
