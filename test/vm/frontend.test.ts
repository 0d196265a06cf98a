// The ktrace command line against the real module: run, --pid, -f,
// record/report/dump, and the errors users hit.
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { modulePath, sh } from './lib/module';
import { REPO, prog } from './lib/readers';

const CLI = path.join(REPO, 'dist/frontend/src/cli.js');

function ktrace(args: string[], opts: { asUser?: boolean } = {}) {
  const argv = opts.asUser
    ? ['setpriv', '--reuid=1000', '--regid=1000', '--clear-groups', '--', process.execPath, CLI, ...args]
    : [process.execPath, CLI, ...args];
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, pid: r.pid };
}

function tmpFile(name: string): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ktrace-')), name);
}

/** The lines from the known program's first write on (its static startup varies by libc). */
function fromWrite(lines: string[]): string[] {
  const at = lines.findIndex((l) => l.startsWith('write(1, '));
  assert.ok(at >= 0, `no write line in:\n${lines.join('\n')}`);
  return lines.slice(at);
}

describe('ktrace command line (in VM)', function () {
  it('run: traces a program from its execve with strace lines and its exit status', function () {
    const r = ktrace(['run', '--', prog('known_syscalls')]);
    assert.equal(r.code, 3, r.stderr);
    assert.equal(r.stdout, 'abc');
    const lines = r.stderr.trimEnd().split('\n');
    assert.match(lines[0], /^execve\(0x[0-9a-f]+, 0x[0-9a-f]+, 0x[0-9a-f]+\) += 0$/);
    // Pointers vary with ASLR; everything else is exact. The program's
    // parent, hence getppid(), is the ktrace process itself.
    const expected = [
      /^write\(1, 0x[0-9a-f]+, 3\) += 3$/,
      /^openat\(AT_FDCWD, 0x[0-9a-f]+, O_RDONLY\) += -1 ENOENT \(No such file or directory\)$/,
      new RegExp(`^getppid\\(\\) += ${r.pid}$`),
      /^close\(-1\) += -1 EBADF \(Bad file descriptor\)$/,
      /^lseek\(0, 12345, 0x4d \/\* SEEK_\?\?\? \*\/\) += -1 EINVAL \(Invalid argument\)$/,
      /^exit_group\(3\) += \?$/,
      /^\+\+\+ exited with 3 \+\+\+$/,
    ];
    const tail = fromWrite(lines);
    assert.equal(tail.length, expected.length, tail.join('\n'));
    tail.forEach((line, i) => assert.match(line, expected[i]));
  });

  it('run -f: follows children, with [pid N] prefixes', function () {
    const r = ktrace(['run', '-f', '--', '/bin/sh', '-c', `${prog('known_syscalls')}; exit 5`]);
    assert.equal(r.code, 5, r.stderr);
    const prefixed = r.stderr.split('\n').filter((l) => /^\[pid +\d+\] /.test(l));
    const pids = new Set(prefixed.map((l) => /^\[pid +(\d+)\]/.exec(l)?.[1]));
    assert.ok(pids.size >= 2, `expected lines of 2 processes, got ${[...pids].join(',')}`);
    assert.ok(prefixed.some((l) => /\] write\(1, 0x[0-9a-f]+, 3\) += 3$/.test(l)), 'the child\'s write is missing');
    assert.ok(r.stderr.includes('+++ exited with 5 +++'));
  });

  it('--pid: attaches to a running process until interrupted', async function () {
    // Throttled: an unthrottled loop outruns a JS reader under TCG, and
    // losses are the lost-records test's subject, not this one's.
    const target = spawn(prog('getppid_loop'), ['100000000', '2000'], { stdio: 'ignore' });
    try {
      const tracer = spawn(process.execPath, [CLI, '--pid', String(target.pid), '-e', 'trace=getppid'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      tracer.stderr.on('data', (d: Buffer) => (err += d.toString()));
      while ((err.match(/\n/g) ?? []).length < 20) await new Promise((r) => setTimeout(r, 50));
      tracer.kill('SIGINT');
      const code = await new Promise((r) => tracer.on('exit', r));
      assert.equal(code, 0, err);
      const lines = err.trimEnd().split('\n').filter((l) => l.startsWith('getppid'));
      assert.ok(lines.length >= 20);
      for (const l of lines.slice(1, -1)) assert.match(l, new RegExp(`^getppid\\(\\) += ${process.pid}$`), err);
    } finally {
      target.kill('SIGKILL');
    }
  });

  it('record, report and dump round-trip a recording', function () {
    const file = tmpFile('known.ktr');
    const rec = ktrace(['record', '-o', file, '--', prog('known_syscalls')]);
    assert.equal(rec.code, 3, rec.stderr);
    assert.match(rec.stderr, /recorded \d+ records/);
    const rep = ktrace(['report', file]);
    assert.equal(rep.code, 0, rep.stderr);
    const tail = fromWrite(rep.stdout.trimEnd().split('\n'));
    assert.equal(tail.length, 7);
    assert.match(tail[1], /^openat\(AT_FDCWD, 0x[0-9a-f]+, O_RDONLY\) += -1 ENOENT/);
    const json = ktrace(['report', '--json', file]);
    const objects = json.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { syscall?: string; ret?: unknown });
    assert.ok(objects.some((o) => o.syscall === 'getppid' && String(o.ret) === String(rec.pid)), json.stdout);
    const summary = ktrace(['report', '-c', file]);
    assert.match(summary.stdout, /^ +\d+\.\d+ +\d+\.\d+ +\d+ +1 +1 lseek$/m);
    const dump = ktrace(['dump', file]);
    assert.equal(dump.code, 0, dump.stderr);
    assert.match(dump.stdout, /\[APPLICATION 64\] keyframe/);
    assert.match(dump.stdout, /\[CONTEXT 15\] ret = -2 \(fe\)/);
  });

  it('report: a truncated or corrupt recording reports what precedes the damage, and where', function () {
    const file = tmpFile('known.ktr');
    ktrace(['record', '-o', file, '--', prog('known_syscalls')]);
    const bytes = fs.readFileSync(file);
    const truncated = tmpFile('trunc.ktr');
    fs.writeFileSync(truncated, bytes.subarray(0, bytes.length - 3));
    const t = ktrace(['report', truncated]);
    assert.equal(t.code, 1);
    assert.match(t.stderr, /truncated: the last \d+ bytes do not form a whole record/);
    assert.ok(t.stdout.includes('getppid()'), 'records before the damage are missing');
    const corrupt = tmpFile('corrupt.ktr');
    const damaged = Buffer.from(bytes);
    const at = damaged.length - 40;
    damaged[at] = 0x05; // a UNIVERSAL tag cannot start a record
    fs.writeFileSync(corrupt, damaged);
    const c = ktrace(['report', corrupt]);
    assert.equal(c.code, 1);
    assert.match(c.stderr, /malformed at offset \d+/);
    const notOurs = tmpFile('not.ktr');
    fs.writeFileSync(notOurs, 'hello world, not a trace');
    const n = ktrace(['report', notOurs]);
    assert.equal(n.code, 1);
    assert.match(n.stderr, /not a ktrace recording \(bad magic at offset 0\)/);
  });

  it('explains bad pids, unknown events, foreign processes and a missing module', function () {
    const bad = ktrace(['--pid', '3999999']);
    assert.equal(bad.code, 1);
    assert.equal(bad.stderr, 'ktrace: no process with pid 3999999\n');
    const unknown = ktrace(['--events', 'syscal']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown event or event family: syscal; valid: all, syscall, proc, sys_enter/);
    const list = ktrace(['--events', 'list']);
    assert.match(list.stdout, /^sys_enter +syscall +raw_syscalls:sys_enter +available$/m);
    const foreign = ktrace(['--pid', '1'], { asUser: true });
    assert.equal(foreign.code, 1);
    assert.match(foreign.stderr, /permission denied: process 1 belongs to another user/);
    assert.equal(sh('rmmod trace').code, 0);
    try {
      const missing = ktrace(['info']);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /the ktrace module is not loaded; load it with `sudo insmod trace.ko`/);
    } finally {
      assert.equal(sh(`insmod ${modulePath()}`).code, 0);
    }
    const info = ktrace(['info']);
    assert.equal(info.code, 0);
    assert.match(info.stdout, /^module ABI: +1 \(frontend 1\)$/m);
  });
});
