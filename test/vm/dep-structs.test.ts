// Structs that depend on another argument or on the call's outcome,
// against the real module and the guest's strace (issue 18):
// test/progs/dep_calls makes each call with known arguments, and `ktrace
// run` must print the lines strace prints for it: fcntl's locks and owner
// by command (kind fcntl_arg), file handles as given and returned
// (file_handle), mincore's vector (page_vec), openat2's how with the bytes
// after it (struct_ext), futex_waitv's waiters, setgroups cut by an
// unmapped page, _sysctl's struct.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { prog } from './lib/readers';
import { traceBoth } from './lib/trace-both';
import { expectOwnSecretsOnly } from './lib/sec-watcher';

const PROG = prog('dep_calls');
const WATCH = path.join(__dirname, 'helpers/sec-watch.js');

const CALLS = /^(fcntl|name_to_handle_at|open_by_handle_at|mincore|openat2|futex_waitv|setgroups|_sysctl)\(/;

/** Lines both tracers must print exactly (addresses as ADDR, handle bytes as HANDLE). */
const EXACT = [
  'fcntl(3, F_SETLK, {l_type=F_RDLCK, l_whence=SEEK_SET, l_start=0, l_len=4096}) = 0',
  'fcntl(3, F_GETLK, {l_type=F_UNLCK, l_whence=SEEK_SET, l_start=0, l_len=4096, l_pid=0}) = 0',
  'fcntl(3, F_OFD_SETLK, {l_type=F_WRLCK, l_whence=SEEK_SET, l_start=100, l_len=4096}) = -1 EAGAIN (Resource temporarily unavailable)',
  'fcntl(3, F_SETLKW, ADDR) = -1 EFAULT (Bad address)',
  'fcntl(3, F_SETOWN_EX, {type=F_OWNER_PGRP, pid=0}) = 0',
  'fcntl(3, F_GETOWN_EX, {type=F_OWNER_PGRP, pid=0}) = 0',
  'mincore(ADDR, 12288, [1, 0, 1]) = 0',
  'mincore(ADDR, 4097, [1, 0]) = 0',
  'mincore(ADDR, 4096, NULL) = -1 EFAULT (Bad address)',
  'openat2(AT_FDCWD, "file", {flags=O_RDONLY, resolve=0, /* bytes 24..31 */ "\\x80\\x81\\x82\\x83\\x84\\x85\\x86\\x87"}, 32) = -1 E2BIG (Argument list too long)',
  'openat2(AT_FDCWD, "file", {flags=O_RDONLY, resolve=0}, 32) = 4',
  'openat2(AT_FDCWD, "file", {flags=O_RDONLY, resolve=0, ???}, 32) = -1 EFAULT (Bad address)',
  'futex_waitv([{val=0, uaddr=ADDR, flags=FUTEX_32|FUTEX_PRIVATE_FLAG}], 1, 0, {tv_sec=0, tv_nsec=0}, CLOCK_MONOTONIC) = -1 EAGAIN (Resource temporarily unavailable)',
  'futex_waitv([{val=0, uaddr=ADDR, flags=FUTEX_32|FUTEX_PRIVATE_FLAG}, ... /* ADDR */], 2, 0, NULL, CLOCK_MONOTONIC) = -1 EFAULT (Bad address)',
  'futex_waitv([], 0, 0, NULL, CLOCK_MONOTONIC) = -1 EINVAL (Invalid argument)',
  'setgroups(2, [1000, ... /* ADDR */]) = -1 EFAULT (Bad address)',
  '_sysctl({name=NULL, nlen=0, oldval=NULL, oldlenp=NULL, newval=NULL, newlen=0}) = -1 ENOSYS (Function not implemented)',
];

/** The calls of a trace file: alignment padding, addresses and the handles' bytes (inode numbers) normalised. */
function callLines(file: string): string[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.replace(/^(\S.*?\)) +(= .*)$/, '$1 $2').replace(/0x[0-9a-f]{6,}/g, 'ADDR').replace(/f_handle="[^"]*"/g, 'f_handle=HANDLE'))
    .filter((l) => CALLS.test(l));
}

describe('structs by another argument: fcntl locks, file handles, mincore, openat2 extension, futex_waitv, setgroups, _sysctl (in VM)', function () {
  this.timeout(900000);

  it('ktrace run prints the lines strace prints for the same calls', function () {
    const { strace, ktrace } = traceBoth(PROG, callLines);
    assert.deepEqual(ktrace, strace);
    const handles = (l: string) => /^(name_to_handle_at|open_by_handle_at)\(/.test(l);
    assert.deepEqual(ktrace.filter((l) => !handles(l)), EXACT);
    // The handle's size and type are the filesystem's; its bytes the directory's inode.
    const h = ktrace.filter(handles);
    assert.equal(h.length, 4, h.join('\n'));
    assert.match(h[0], /^name_to_handle_at\(AT_FDCWD, "\.", \{handle_bytes=0 => (\d+)\}, ADDR, AT_SYMLINK_FOLLOW\) = -1 EOVERFLOW \(Value too large for defined data type\)$/);
    assert.match(h[1], /^name_to_handle_at\(AT_FDCWD, "\.", \{handle_bytes=\d+, handle_type=-?\d+, f_handle=HANDLE\}, \[\d+\], 0\) = 0$/);
    assert.equal(h[2], h[1]);
    assert.match(h[3], /^open_by_handle_at\(-1, \{handle_bytes=\d+, handle_type=-?\d+, f_handle=HANDLE\}, O_RDONLY\|O_DIRECTORY\) = -1 EBADF \(Bad file descriptor\)$/);
  });

  it('uid 1000 gets no lock, file handle or openat2 extension bytes of a setuid-root process, and its own', async function () {
    const dir = '/tmp/ktdep';
    const secret = 'ktsec-d!ktsec-d~';
    // fcntl's flock (kind fcntl_arg), open_by_handle_at's f_handle (file_handle), openat2's rest (struct_ext): one record each.
    await expectOwnSecretsOnly(dir, secret, PROG, WATCH, 3);
  });
});
