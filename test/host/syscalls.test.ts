import { strict as assert } from 'node:assert';
import { allSyscalls, errnoMessage, errnoName, errnoNumber, signatureOf, syscallName, syscallNumber, TRACE_CLASSES } from '../../frontend/src/syscalls';
import { SIGNATURES } from '../../frontend/src/syscalls/signatures';

describe('syscall tables', () => {
  it('names x86_64 syscalls by number and back', () => {
    assert.equal(syscallName(0), 'read');
    assert.equal(syscallName(257), 'openat');
    assert.equal(syscallName(231), 'exit_group');
    assert.equal(syscallNumber('execve'), 59);
    assert.equal(syscallName(100_000), undefined);
    const numbers = allSyscalls().map(([nr]) => nr);
    assert.deepEqual(numbers, [...numbers].sort((a, b) => a - b));
  });

  it('has signatures only for real syscalls, and for the common ones', () => {
    for (const name of Object.keys(SIGNATURES)) assert.notEqual(syscallNumber(name), undefined, name);
    const common = [
      'read', 'write', 'openat', 'close', 'fstat', 'newfstatat', 'stat', 'lstat', 'mmap', 'mprotect', 'munmap', 'brk',
      'rt_sigaction', 'rt_sigprocmask', 'ioctl', 'pread64', 'pwrite64', 'readv', 'writev', 'access', 'faccessat', 'pipe',
      'pipe2', 'dup', 'dup2', 'dup3', 'nanosleep', 'clock_nanosleep', 'getpid', 'getppid', 'getuid', 'socket', 'connect',
      'bind', 'accept', 'accept4', 'sendto', 'recvfrom', 'shutdown', 'clone', 'clone3', 'fork', 'vfork', 'execve', 'exit',
      'exit_group', 'wait4', 'kill', 'tgkill', 'uname', 'fcntl', 'getdents64', 'getcwd', 'chdir', 'fchdir', 'rename',
      'renameat', 'renameat2', 'mkdir', 'mkdirat', 'rmdir', 'unlink', 'unlinkat', 'readlink', 'readlinkat', 'chmod',
      'fchmodat', 'lseek', 'set_tid_address', 'set_robust_list', 'rseq', 'prlimit64', 'getrandom', 'arch_prctl', 'futex',
      'poll', 'ppoll', 'select', 'pselect6', 'epoll_create1', 'epoll_ctl', 'epoll_wait', 'epoll_pwait', 'sysinfo', 'statx',
      'mount', 'umount2', 'sched_getaffinity', 'madvise',
    ];
    for (const name of common) assert.notEqual(signatureOf(name), undefined, name);
    assert.equal(signatureOf('toString'), undefined);
  });

  it('lists only real syscalls in the trace classes', () => {
    for (const [cls, members] of Object.entries(TRACE_CLASSES)) {
      for (const name of members) assert.notEqual(syscallNumber(name), undefined, `%${cls}: ${name}`);
    }
  });
});

describe('errno', () => {
  it('names errnos the way strace does', () => {
    assert.equal(errnoName(2), 'ENOENT');
    assert.equal(errnoName(11), 'EAGAIN');
    assert.equal(errnoName(35), 'EDEADLK');
    assert.equal(errnoName(95), 'EOPNOTSUPP');
    assert.equal(errnoName(133), 'EHWPOISON');
    assert.equal(errnoName(512), 'ERESTARTSYS');
    assert.equal(errnoNumber('ENOTSUP'), 95);
    assert.equal(errnoName(4000), undefined);
  });

  it('has glibc\'s messages', () => {
    assert.equal(errnoMessage(2), 'No such file or directory');
    assert.equal(errnoMessage(13), 'Permission denied');
    assert.equal(errnoMessage(11), 'Resource temporarily unavailable');
    assert.equal(errnoMessage(25), 'Inappropriate ioctl for device');
    assert.equal(errnoMessage(115), 'Operation now in progress');
    assert.equal(errnoMessage(4000), 'Unknown error 4000');
  });
});
