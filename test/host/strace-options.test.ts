// strace's -x/-xx, -y, -P, -e status= (-z, -Z) and -e read=/write=: each
// expected line is what strace 6.1 prints for the same call (on x86_64).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { splitAttachedValues } from '../../frontend/src/attached-values';
import { captureSnaplen, hexStringsOf, statusOf, tracePathsOf, traceExpression, qualifierExpression } from '../../frontend/src/commands/options';
import { readProcFds } from '../../frontend/src/session/proc-fds';
import { UserError } from '../../frontend/src/user-error';
import { dumpLines } from '../../frontend/src/views/strace/dump';
import { FdTracker } from '../../frontend/src/views/strace/fds';
import { parseStatusExpression } from '../../frontend/src/views/strace/filter';
import { StraceFormatter } from '../../frontend/src/views/strace/formatter';
import type { StraceOptions, SyscallEvent } from '../../frontend/src/views/strace/types';
import { call, enter, exit, iovecs } from '../support/syscalls';

const AT_FDCWD = -100;
const O_CLOEXEC = 0o2000000;

function run(events: readonly SyscallEvent[], options: StraceOptions = {}): string[] {
  const formatter = new StraceFormatter(options);
  return [...events.flatMap((e) => formatter.push(e)), ...formatter.flush()];
}

describe('strace -x and -xx', () => {
  it('-xx: every string and buffer byte as \\xNN (strace test readlinkat)', () => {
    assert.deepEqual(run(call('readlinkat', [AT_FDCWD, 0x1000, 0x2000, 31], 3, { 1: 'ab.l' }, { 2: 'xyz' }), { hexStrings: 'all', alignColumn: 0 }), [
      'readlinkat(AT_FDCWD, "\\x61\\x62\\x2e\\x6c", "\\x78\\x79\\x7a", 31) = 3',
    ]);
  });

  it('-x: a string with a non-ASCII byte entirely in hex, plain ones as they are', () => {
    const out = run([...call('write', [1, 0x2000, 3], 3, { 1: 'a\u00e9\n' }), ...call('write', [1, 0x2000, 3], 3, { 1: 'ok\n' })], {
      hexStrings: 'non-printable',
      alignColumn: 0,
    });
    assert.deepEqual(out, ['write(1, "\\x61\\xe9\\x0a", 3) = 3', 'write(1, "ok\\n", 3) = 3']);
  });

  it('command line: -x, -xx, --strings-in-hex', () => {
    assert.equal(hexStringsOf({}), 'none');
    assert.equal(hexStringsOf({ x: 1 }), 'non-printable');
    assert.equal(hexStringsOf({ x: 2 }), 'all');
    assert.equal(hexStringsOf({ 'strings-in-hex': 'non-ascii' }), 'non-printable');
    assert.equal(hexStringsOf({ 'strings-in-hex': 'all' }), 'all');
    assert.throws(() => hexStringsOf({ 'strings-in-hex': 'some' }), (err: unknown) => err instanceof UserError && /not one of none, non-ascii, all/.test(err.message));
  });
});

describe('strace -y', () => {
  function tracker(): FdTracker {
    const fds = new FdTracker();
    fds.seed(100, [{ fd: 0, path: '/dev/pts/3', cloexec: false }, { fd: 1, path: 'pipe:[4711]', cloexec: false }, { fd: 7, path: '/tmp/held', cloexec: true }], '/home/u');
    return fds;
  }

  it('prints fd arguments and returned fds with their paths, follows open, dup2, close and exec', () => {
    const fds = tracker();
    const out = run(
      [
        ...call('read', [0, 0x1000, 4], 2, undefined, { 1: 'hi' }),
        ...call('write', [1, 0x2000, 3], 3, { 1: 'ok\n' }),
        ...call('openat', [AT_FDCWD, 0x3000, O_CLOEXEC], 3, { 1: 'notes/../a.txt' }),
        ...call('fstat', [3, 0x4000], -14),
        ...call('dup2', [3, 9], 9),
        ...call('close', [3], 0),
        ...call('close', [3], -9),
        ...call('execve', [0x5000, 0, 0], 0, { 0: '/bin/true' }),
        ...call('read', [7, 0x1000, 1], -9),
        ...call('read', [9, 0x1000, 1], 0),
        ...call('openat', [AT_FDCWD, 0x3000, 0], 3, { 1: '/etc//passwd' }),
        ...call('fcntl', [3, 0, 10], 10),
        ...call('socket', [1, 1, 0], 3),
        ...call('close', [3], 0),
      ],
      { fds, decodeFds: true, alignColumn: 0 },
    );
    assert.deepEqual(out, [
      'read(0</dev/pts/3>, "hi", 4) = 2',
      'write(1<pipe:[4711]>, "ok\\n", 3) = 3',
      // AT_FDCWD with the working directory, as strace 6.1 -y prints it.
      'openat(AT_FDCWD</home/u>, "notes/../a.txt", O_RDONLY|O_CLOEXEC) = 3</home/u/a.txt>',
      'fstat(3</home/u/a.txt>, 0x4000) = -1 EFAULT (Bad address)',
      'dup2(3</home/u/a.txt>, 9) = 9</home/u/a.txt>',
      'close(3</home/u/a.txt>) = 0',
      'close(3) = -1 EBADF (Bad file descriptor)',
      'execve("/bin/true", NULL, NULL) = 0',
      // 7 was close-on-exec; dup2's copy is not.
      'read(7, 0x1000, 1) = -1 EBADF (Bad file descriptor)',
      'read(9</home/u/a.txt>, "", 1) = 0',
      'openat(AT_FDCWD</home/u>, "/etc//passwd", O_RDONLY) = 3</etc/passwd>',
      'fcntl(3</etc/passwd>, F_DUPFD, 10) = 10</etc/passwd>',
      // A socket made during the trace: its inode is unknown, the number stays bare.
      'socket(AF_UNIX, SOCK_STREAM, 0) = 3',
      'close(3) = 0',
    ]);
  });

  it('follows chdir for relative paths and dirfds, and copies the table to a forked child', () => {
    const fds = tracker();
    const out = run(
      [
        ...call('chdir', [0x1000], 0, { 0: '/srv' }),
        ...call('openat', [AT_FDCWD, 0x3000, 0x10000], 4, { 1: 'www' }),
        ...call('openat', [4, 0x3000, 0], 5, { 1: 'index.html' }),
        ...call('clone', [0x1200011, 0, 0, 0, 0], 200),
        ...call('read', [5, 0x1000, 1], 1, undefined, { 1: 'x' }, { tid: 200 }),
        ...call('eventfd2', [0, O_CLOEXEC], 6),
      ],
      { fds, decodeFds: true, alignColumn: 0, pids: 'none' },
    );
    assert.deepEqual(out, [
      'chdir("/srv") = 0',
      'openat(AT_FDCWD</srv>, "www", O_RDONLY|O_DIRECTORY) = 4</srv/www>',
      'openat(4</srv/www>, "index.html", O_RDONLY) = 5</srv/www/index.html>',
      'clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=NULL) = 200',
      'read(5</srv/www/index.html>, "x", 1) = 1',
      'eventfd2(0, EFD_CLOEXEC) = 6<anon_inode:[eventfd]>',
    ]);
  });

  it('without -y the tracker changes nothing printed', () => {
    const out = run(call('read', [0, 0x1000, 4], 2, undefined, { 1: 'hi' }), { fds: tracker(), alignColumn: 0 });
    assert.deepEqual(out, ['read(0, "hi", 4) = 2']);
  });

  it('reads what a process has open from /proc (its own here)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ktrace-fds-'));
    const file = path.join(dir, 'open.txt');
    const fd = fs.openSync(file, 'w');
    try {
      const open = readProcFds(process.pid);
      assert.equal(open.cwd, process.cwd());
      assert.deepEqual(open.fds.find((f) => f.fd === fd), { fd, path: fs.realpathSync(file), cloexec: true });
      assert.deepEqual(readProcFds(0x7ffffff0), { fds: [], cwd: undefined });
    } finally {
      fs.closeSync(fd);
      fs.rmSync(dir, { recursive: true });
    }
  });
});

describe('strace -P', () => {
  it('shows only calls naming the path or using a descriptor known to refer to it', () => {
    const fds = new FdTracker();
    fds.seed(100, [], '/etc');
    const out = run(
      [
        ...call('openat', [AT_FDCWD, 0x3000, 0], 3, { 1: '/etc/hosts' }),
        ...call('openat', [AT_FDCWD, 0x3000, 0], 4, { 1: 'passwd' }),
        ...call('read', [3, 0x1000, 4], 4, undefined, { 1: 'abcd' }),
        ...call('read', [4, 0x1000, 4], 4, undefined, { 1: 'root' }),
        ...call('access', [0x3000, 0], 0, { 0: '/etc/passwd' }),
        ...call('getpid', [], 100),
        ...call('close', [4], 0),
        ...call('close', [3], 0),
      ],
      { fds, tracePaths: ['/etc/passwd'], alignColumn: 0 },
    );
    assert.deepEqual(out, [
      'openat(AT_FDCWD, "passwd", O_RDONLY) = 4',
      'read(4, "root", 4) = 4',
      'access("/etc/passwd", F_OK) = 0',
      'close(4) = 0',
    ]);
  });

  it('command line: -P repeatable, -PPATH in one word, relative paths also made absolute', () => {
    assert.deepEqual(splitAttachedValues(['run', '-P/etc/passwd', '--status=failed', '--write=1', '--']), ['run', '-P', '/etc/passwd', '-e', 'status=failed', '-e', 'write=1', '--']);
    assert.deepEqual(tracePathsOf(['/a', 'b']), ['/a', 'b', path.resolve('b')]);
    assert.equal(tracePathsOf(undefined), undefined);
  });
});

describe('strace -e status=, -z, -Z', () => {
  const calls = (): SyscallEvent[] => [
    ...call('access', [0x3000, 0], -2, { 0: '/nope' }),
    ...call('getpid', [], 100),
    enter('read', [0, 0x1000, 1]),
    enter('getppid', [], undefined, { tid: 101, pid: 100 }),
    exit('getppid', 1, undefined, { tid: 101, pid: 100 }),
    exit('read', 1, { 1: 'x' }),
    enter('exit_group', [0]),
  ];

  it('-z: successful calls only, printed whole (no <unfinished ...>)', () => {
    assert.deepEqual(run(calls(), { statusFilter: parseStatusExpression('successful'), alignColumn: 0, exitLines: false }), [
      'getpid() = 100',
      '[pid   101] getppid() = 1',
      '[pid   100] read(0, "x", 1) = 1',
    ]);
  });

  it('-Z: failed calls only', () => {
    assert.deepEqual(run(calls(), { statusFilter: parseStatusExpression('failed'), alignColumn: 0, exitLines: false }), [
      'access("/nope", F_OK) = -1 ENOENT (No such file or directory)',
    ]);
  });

  it('status=unfinished: calls that never returned', () => {
    assert.deepEqual(run(calls(), { statusFilter: parseStatusExpression('unfinished'), alignColumn: 0, exitLines: false }), ['[pid   100] exit_group(0) = ?']);
    assert.deepEqual(run([enter('pause', [])], { statusFilter: parseStatusExpression('!successful,failed'), alignColumn: 0 }), ['pause() = ?']);
  });

  it('command line: -e status= wins over -z/-Z; bad names are usage errors', () => {
    assert.equal(statusOf({ z: true }), 'successful');
    assert.equal(statusOf({ Z: true }), 'failed');
    assert.equal(statusOf({ z: true, e: 'status=unfinished' }), 'unfinished');
    assert.equal(traceExpression(['status=failed', 'trace=read']), 'read');
    assert.throws(() => statusOf({ e: 'status=good' }), (err: unknown) => err instanceof UserError && err.message === "-e status=good: invalid status 'good' (successful, failed, unfinished, unavailable, detached)");
  });
});

describe('strace -e read= and -e write=', () => {
  it('dumps the data of the selected fds after the call, as strace', () => {
    const data = 'abcdefghijklmnopq\n\u0001';
    const out = run(
      [
        ...call('write', [1, 0x2000, 19], 19, { 1: data }),
        ...call('write', [2, 0x2000, 3], 3, { 1: 'err' }),
        ...call('read', [0, 0x1000, 8], 3, undefined, { 1: 'hi\n' }),
        ...call('write', [1, 0x2000, 3], -32, { 1: 'abc' }),
      ],
      { writeFds: (fd) => fd === 1, readFds: (fd) => fd === 0, alignColumn: 0 },
    );
    assert.deepEqual(out, [
      'write(1, "abcdefghijklmnopq\\n\\1", 19) = 19',
      ' | 00000  61 62 63 64 65 66 67 68  69 6a 6b 6c 6d 6e 6f 70  abcdefghijklmnop |',
      ' | 00010  71 0a 01                                          q..              |',
      'write(2, "err", 3) = 3',
      'read(0, "hi\\n", 8) = 3',
      ' | 00000  68 69 0a                                          hi.              |',
      'write(1, "abc", 3) = -1 EPIPE (Broken pipe)',
    ]);
  });

  it('iovec calls: a dump per buffer, each announced, up to the bytes moved (strace test vmsplice; readv, writev)', () => {
    const out = run(
      [
        ...call('vmsplice', [1, 0x2000, 3, 2], 15, { 1: iovecs([[0x4a0000, 3, '012'], [0x4a0010, 5, '34567'], [0x4a0020, 7, '89abcde']]) }),
        // readv placed 4 bytes: 3 in the first buffer, 1 in the second; an empty buffer ends the dump.
        ...call('readv', [0, 0x3000, 3], 4, undefined, { 1: iovecs([[0x4b0000, 3, 'abc'], [0x4b0010, 8, 'd'], [0x4b0020, 8, '']]) }),
        ...call('writev', [1, 0x2000, 2], 2, { 1: iovecs([[0x4a0000, 0, ''], [0x4a0010, 2, 'xy']]) }),
        ...call('writev', [1, 0x2000, 1], 2, { 1: iovecs([[0x4a0000, 2, undefined]]) }),
      ],
      { writeFds: (fd) => fd === 1, readFds: (fd) => fd === 0, alignColumn: 0 },
    );
    assert.deepEqual(out, [
      'vmsplice(1, [{iov_base="012", iov_len=3}, {iov_base="34567", iov_len=5}, {iov_base="89abcde", iov_len=7}], 3, SPLICE_F_NONBLOCK) = 15',
      ' * 3 bytes in buffer 0',
      ' | 00000  30 31 32                                          012              |',
      ' * 5 bytes in buffer 1',
      ' | 00000  33 34 35 36 37                                    34567            |',
      ' * 7 bytes in buffer 2',
      ' | 00000  38 39 61 62 63 64 65                              89abcde          |',
      'readv(0, [{iov_base="abc", iov_len=3}, {iov_base="d", iov_len=8}, {iov_base="", iov_len=8}], 3) = 4',
      ' * 3 bytes in buffer 0',
      ' | 00000  61 62 63                                          abc              |',
      ' * 1 bytes in buffer 1',
      ' | 00000  64                                                d                |',
      'writev(1, [{iov_base="", iov_len=0}, {iov_base="xy", iov_len=2}], 2) = 2',
      'writev(1, [{iov_base=0x4a0000, iov_len=2}], 1) = 2',
      ' * 2 bytes in buffer 0',
      ' * 2 bytes not captured',
    ]);
  });

  it('says how much was not captured instead of inventing it', () => {
    const captured = { bytes: Buffer.from('0123456789abcdefXY'), truncated: true };
    assert.deepEqual(dumpLines(captured, 2000), [
      ' | 00000  30 31 32 33 34 35 36 37  38 39 61 62 63 64 65 66  0123456789abcdef |',
      ' | 00010  58 59                                             XY               |',
      ' * 1982 bytes not captured',
    ]);
  });

  it('command line: fd sets; the capture grows to 1024 bytes for the dumps', () => {
    assert.equal(qualifierExpression(['read=0,3', 'trace=read'], 'read'), '0,3');
    assert.equal(qualifierExpression(['w=all'], 'write'), 'all');
    assert.equal(captureSnaplen({ s: 32, e: 'write=1' }), 1024);
    assert.equal(captureSnaplen({ s: 32, e: 'trace=write' }), 32);
    assert.throws(() => qualifierExpression('read=x', 'read'), (err: unknown) => err instanceof UserError && err.message === "-e read=x: invalid descriptor 'x'");
  });
});
