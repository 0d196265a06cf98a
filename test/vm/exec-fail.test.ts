// Failed execs with a NULL or unreadable environment (strace's execve and
// execveat tests make them): the module once sent their environment count
// as an unavailable field with bytes, a malformed record after which a live
// reader skipped to the next keyframe and showed nothing more of the
// command. Each exec must show as strace shows it, and the calls after it.
// Then execs whose argv and envp hold pointers that cannot be read (issue
// 18, kind argv_v): entries as their pointers, lists cut at an unmapped
// page as `... /* ADDR */`, envp `/* 4 vars, unterminated */`; and a setuid
// process's argv string that only argv_v carries reaches no uid 1000 reader.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI } from './lib/events';
import { prog } from './lib/readers';
import { expectOwnSecretsOnly } from './lib/sec-watcher';

const PROG = prog('exec_fail');
const CALLS = /^(execve|execveat|getppid)\(/;
const WATCH = path.join(__dirname, 'helpers/sec-watch.js');

/** The calls of a trace file, alignment padding removed, the program's own exec and pids left out. */
function callLines(file: string): string[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => CALLS.test(l) && !l.includes(PROG))
    .map((l) => l.replace(/^(\S.*?\)) +(= .*)$/, '$1 $2').replace(/^(getppid\(\) = )\d+$/, '$1PID'));
}

describe('failed execs with a NULL or unreadable environment (in VM)', function () {
  this.timeout(300000);

  it('ktrace run shows each as strace does, and the call after them; the stream stays well-formed', function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exec-fail-'));
    const s = spawnSync('strace', ['-qq', '-o', `${dir}/s.txt`, PROG], { encoding: 'utf8' });
    assert.equal(s.status, 0, s.stderr);
    const k = spawnSync(process.execPath, [CLI, 'run', '-o', `${dir}/k.txt`, '--', PROG], { encoding: 'utf8' });
    assert.equal(k.status, 0, k.stderr);
    assert.equal(k.stderr, '', 'no malformed stream');
    const [strace, ktrace] = [callLines(`${dir}/s.txt`), callLines(`${dir}/k.txt`)];
    assert.deepEqual(ktrace, strace);
    // An unreadable envp fails with EFAULT where the kernel counts it before opening the path (6.1), else ENOENT (6.12).
    const bad = /= -1 (EFAULT \(Bad address\)|ENOENT \(No such file or directory\))$/;
    assert.deepEqual(
      ktrace.map((l) => l.replace(bad, '= -1 ERR')),
      [
        'execve("/nonexistent/a", ["x"], NULL) = -1 ERR',
        'execve("/nonexistent/b", ["x"], 0xffffffffffffffff) = -1 ERR',
        'execveat(AT_FDCWD, "/nonexistent/c", ["x"], NULL, 0) = -1 ERR',
        'execveat(AT_FDCWD, "/nonexistent/d", NULL, 0xffffffffffffffff, 0) = -1 ERR',
        'getppid() = PID',
        'execve("/nonexistent/e", ["e", "first", 0xffffffffffffffff, 0xfffffffffffffffe, 0xfffffffffffffffd, ... /* 0x10001000 */], 0x10000fe0 /* 4 vars, unterminated */) = -1 ERR',
        'execveat(AT_FDCWD, "/nonexistent/f", 0x10001000, NULL, 0) = -1 ERR',
        'execve("/nonexistent/g", ["e", 0xffffffffffffffff, "01234567890123456789012345678901"..., "12345678901234567890123456789012"], 0x10000fe0 /* 4 vars, unterminated */) = -1 ERR',
        'getppid() = PID',
      ],
    );
    assert.ok(ktrace[0].endsWith('ENOENT (No such file or directory)') && ktrace[2].endsWith('ENOENT (No such file or directory)'), ktrace.join('\n'));
  });

  it('ktrace record keeps a stream report can read whole', function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exec-fail-'));
    const r = spawnSync(process.execPath, [CLI, 'record', '-o', `${dir}/r.ktr`, '--', PROG], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const rep = spawnSync(process.execPath, [CLI, 'report', '-o', `${dir}/r.txt`, `${dir}/r.ktr`], { encoding: 'utf8' });
    assert.equal(rep.status, 0, rep.stderr);
    assert.equal(rep.stderr, '');
    assert.equal(callLines(`${dir}/r.txt`).length, 9);
  });

  it('uid 1000 gets no argv string of a setuid-root process\'s exec, and its own only from the exit', async function () {
    const dir = '/tmp/ktexec';
    const secret = 'ktsec-e!ktsec-e~';
    // argv_v at the entry (privileged readers only) and again at the failed exec's exit.
    await expectOwnSecretsOnly(dir, secret, PROG, WATCH, 1, 2);
  });
});
