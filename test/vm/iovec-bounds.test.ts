// Capture bounds of iovecs, directory entries and strings that fault
// (issue 18). test/progs/iovec_many writes 64 iovecs of 100 bytes, reads
// 12 KiB into three 4 KiB iovecs (readv, preadv), writes 1024 one-byte
// iovecs (pwritev), splices two (vmsplice), lists a directory of 402
// entries (getdents64) and passes a memfd name and a path that end at an
// unmapped page. At the default -s every line is strace's; at -s 1024 the
// writev and pwritev iovecs outgrow the record's 6144 bytes of strings, and
// each array ends where the module ran out of room (`...`), never past it,
// while the three readv and preadv buffers fit whole: exact lines,
// and a kernel log with no report in it.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI } from './lib/events';
import { prog } from './lib/readers';

const PROG = prog('iovec_many');

const CALLS = /^(writev|readv|preadv|pwritev|vmsplice|getdents64|memfd_create|chdir)\(/;

/** The calls of a trace file, alignment padding removed and mmap addresses as ADDR. */
function callLines(file: string): string[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.replace(/^(\S.*?\)) +(= .*)$/, '$1 $2').replace(/\b0x7[ef][0-9a-f]{10}\b/g, 'ADDR'))
    .filter((l) => CALLS.test(l) && !l.startsWith('chdir("'));
}

function run(argv: string[], out: string, dir: string): string[] {
  fs.mkdirSync(dir);
  const r = spawnSync(argv[0], [...argv.slice(1), '-o', out, '--', PROG, dir], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return callLines(out);
}

/** The directory's 400 files, . and ..; then its end. */
const DIRENTS = ['getdents64(7, BUF /* 402 entries */, 65536) = 9648', 'getdents64(7, BUF /* 0 entries */, 65536) = 0'];

const letters = (i: number) => String.fromCharCode(97 + (i % 26));
const elems = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join(', ');

/** Kernel log lines after the first @from that report a bug. */
function reports(from: number): string[] {
  const log = spawnSync('dmesg', { encoding: 'utf8' }).stdout.split('\n');
  return log.slice(from).filter((l) => /WARNING|BUG|KASAN|UBSAN|Oops|general protection|kmemleak|lockdep|circular locking/.test(l));
}

describe('iovec, dirents and string capture bounds: many and large iovecs, a big directory, strings that fault (in VM)', function () {
  this.timeout(900000);
  let dir: string;
  let dmesgFrom: number;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'iovec-bounds-'));
    dmesgFrom = spawnSync('dmesg', { encoding: 'utf8' }).stdout.split('\n').length - 1;
  });

  it('at the default -s, ktrace run prints the lines strace prints', function () {
    const strace = run(['strace', '-qq'], `${dir}/s.txt`, `${dir}/s`);
    const ktrace = run([process.execPath, CLI, 'run'], `${dir}/k.txt`, `${dir}/k`);
    const s32 = (c: string) => `"${c.repeat(32)}"...`;
    assert.deepEqual(ktrace.filter((l) => !l.startsWith('getdents64(')), [
      `writev(3, [${elems(32, (i) => `{iov_base=${s32(letters(i))}, iov_len=100}`)}, ...], 64) = 6400`,
      `readv(4, [{iov_base=${s32('K')}, iov_len=4096}, {iov_base=${s32('L')}, iov_len=4096}, {iov_base=${s32('M')}, iov_len=4096}], 3) = 12288`,
      `preadv(4, [{iov_base=${s32('L')}, iov_len=4096}, {iov_base=${s32('M')}, iov_len=4096}, {iov_base="", iov_len=4096}], 3, 4096) = 8192`,
      `pwritev(3, [${elems(32, (i) => `{iov_base="${i % 10}", iov_len=1}`)}, ...], 1024, 0) = 1024`,
      `vmsplice(6, [{iov_base=${s32('a')}, iov_len=40}, {iov_base=${s32('b')}, iov_len=40}], 2, 0) = 80`,
      `memfd_create(${s32('n')}, 0) = -1 EINVAL (Invalid argument)`,
      'chdir(ADDR) = -1 EFAULT (Bad address)',
    ]);
    assert.deepEqual(ktrace.filter((l) => l.startsWith('getdents64(')).map((l) => l.replace(/0x[0-9a-f]+/, 'BUF')), DIRENTS);
    assert.deepEqual(ktrace, strace);
  });

  it('at -s 1024, each iovec array ends where the record has no room left, with exact bytes', function () {
    const ktrace = run([process.execPath, CLI, 'run', '-s', '1024'], `${dir}/k1024.txt`, `${dir}/k1024`);
    const cut = (c: string, n: number) => `"${c.repeat(n)}"...`;
    // 6143 bytes of strings: iovec 16 + count 4 + bytes each; the first snaplen + 1 = 1025 of a buffer.
    // writev: 51 x (20 + 100) = 6120, then 20 + 3. readv: 3 x (20 + 1025) = 3135; preadv's third
    // buffer got nothing. pwritev: 292 x 21 = 6132.
    assert.deepEqual(ktrace.filter((l) => !l.startsWith('getdents64(')), [
      `writev(3, [${elems(51, (i) => `{iov_base="${letters(i).repeat(100)}", iov_len=100}`)}, {iov_base=${cut(letters(51), 3)}, iov_len=100}, ...], 64) = 6400`,
      `readv(4, [{iov_base=${cut('K', 1024)}, iov_len=4096}, {iov_base=${cut('L', 1024)}, iov_len=4096}, {iov_base=${cut('M', 1024)}, iov_len=4096}], 3) = 12288`,
      `preadv(4, [{iov_base=${cut('L', 1024)}, iov_len=4096}, {iov_base=${cut('M', 1024)}, iov_len=4096}, {iov_base="", iov_len=4096}], 3, 4096) = 8192`,
      `pwritev(3, [${elems(292, (i) => `{iov_base="${i % 10}", iov_len=1}`)}, ...], 1024, 0) = 1024`,
      `vmsplice(6, [{iov_base="${'a'.repeat(40)}", iov_len=40}, {iov_base="${'b'.repeat(40)}", iov_len=40}], 2, 0) = 80`,
      // The name's 300 bytes before the unmapped page, cut there.
      `memfd_create(${cut('n', 300)}, 0) = -1 EINVAL (Invalid argument)`,
      'chdir(ADDR) = -1 EFAULT (Bad address)',
    ]);
    assert.deepEqual(ktrace.filter((l) => l.startsWith('getdents64(')).map((l) => l.replace(/0x[0-9a-f]+/, 'BUF')), DIRENTS);
  });

  it('leaves no report in the kernel log', function () {
    assert.deepEqual(reports(dmesgFrom), []);
  });
});
