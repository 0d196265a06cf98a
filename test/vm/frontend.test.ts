// The ktrace command line against the real module: run, --pid, -f,
// record/report/dump, and the errors users hit.
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ABI_VERSION } from '../../frontend/src/abi/abi';
import { StreamDecoder } from '../../frontend/src/decode';
import { parseRecordHeader } from '../../frontend/src/record/record-file';
import { modulePath, sh } from './lib/module';
import { REPO, prog } from './lib/readers';
import { secretFixture } from './lib/sec-watcher';

const CLI = path.join(REPO, 'dist/frontend/src/cli.js');

function ktrace(args: string[], opts: { asUser?: boolean } = {}) {
  const argv = opts.asUser
    ? ['setpriv', '--reuid=1000', '--regid=1000', '--clear-groups', '--', process.execPath, CLI, ...args]
    : [process.execPath, CLI, ...args];
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, pid: r.pid };
}

/** An argv string as strace prints it with the default -s 32. */
function argvEntry(arg: string): string {
  return arg.length > 32 ? `"${arg.slice(0, 32)}"...` : `"${arg}"`;
}

/** File offsets of the records of a recording, found with the frontend's decoder. */
function recordStarts(file: Buffer): number[] {
  const header = parseRecordHeader(file, 'recording');
  assert.ok(header.kind === 'header');
  const decoder = new StreamDecoder();
  decoder.push(file.subarray(header.streamOffset));
  const starts: number[] = [];
  for (let r = decoder.next(); r.kind === 'record'; r = decoder.next()) starts.push(header.streamOffset + r.record.offset);
  return starts;
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
    // The strings variable is on by default: the path and argv as strace
    // shows them; envp stays a pointer (its strings are not captured).
    const path = prog('known_syscalls');
    assert.equal(lines[0].replace(/0x[0-9a-f]+(?: \/\* \d+ vars? \*\/)?\)/, 'ENVP)'), `execve("${path}", [${argvEntry(path)}], ENVP) = 0`);
    // Pointers vary with ASLR; everything else is exact. The program's
    // parent, hence getppid(), is the ktrace process itself.
    const expected = [
      /^write\(1, "abc", 3\) += 3$/,
      /^openat\(AT_FDCWD, "\/nonexistent", O_RDONLY\) += -1 ENOENT \(No such file or directory\)$/,
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

  it('run as uid 1000: execve\'s path and argv, from its exit, exactly as root sees them (issue 18)', function () {
    // Only the address and the number of variables are masked; both runs get the same environment.
    const mask = (line: string) => line.replace(/, 0x[0-9a-f]+ \/\* \d+ vars \*\/\) = /, ', 0x... /* N vars */) = ');
    const env = (line: string) => /\/\* (\d+) vars \*\//.exec(line)?.[1];
    const user = ktrace(['run', '--', '/bin/echo', 'hi'], { asUser: true });
    const root = ktrace(['run', '--', '/bin/echo', 'hi']);
    for (const [who, r] of [['uid 1000', user], ['root', root]] as const) {
      assert.equal(r.code, 0, `${who}: ${r.stderr}`);
      assert.equal(r.stdout, 'hi\n', who);
      const lines = r.stderr.trimEnd().split('\n');
      assert.equal(mask(lines[0]), 'execve("/bin/echo", ["/bin/echo", "hi"], 0x... /* N vars */) = 0', `${who}:\n${r.stderr}`);
      assert.ok(lines.some((l) => /^write\(1, "hi\\n", 3\) += 3$/.test(l)), `${who}:\n${r.stderr}`);
      assert.equal(lines.at(-1), '+++ exited with 0 +++', who);
    }
    assert.equal(env(user.stderr.split('\n')[0]), env(root.stderr.split('\n')[0]));
  });

  it('run as uid 1000 of a setuid-root program: its exec shows what ptrace allows (no path, argv or call after it); root sees all', function () {
    // On the guest's tmpfs: the 9p share ignores setuid bits. known_syscalls writes "abc" and exits 3.
    const dir = '/tmp/kt-run-suid';
    const arg = 'argv-secret-kt18';
    secretFixture(dir, 'file-secret-kt18', prog('known_syscalls'));
    try {
      // The exec made the process root's: its sys_exit, which carries the path and argv, and everything
      // after it are written with root's credentials, which uid 1000 may not ptrace.
      const user = ktrace(['run', '--', `${dir}/suid`, arg], { asUser: true });
      assert.deepEqual([user.code, user.stdout], [3, 'abc'], user.stderr);
      assert.match(user.stderr, /^execve\(0x[0-9a-f]+, 0x[0-9a-f]+, 0x[0-9a-f]+\) += \?\n$/);
      // The control: uid 1000's own copy, whole.
      const mine = ktrace(['run', '--', `${dir}/mine`, arg], { asUser: true });
      assert.deepEqual([mine.code, mine.stdout], [3, 'abc'], mine.stderr);
      const own = mine.stderr.trimEnd().split('\n');
      assert.match(own[0], new RegExp(`^execve\\("${dir}/mine", \\["${dir}/mine", "${arg}"\\], 0x[0-9a-f]+ /\\* \\d+ vars \\*/\\) = 0$`));
      assert.ok(own.includes('write(1, "abc", 3)                      = 3'), mine.stderr);
      assert.equal(own.at(-1), '+++ exited with 3 +++');
      // Root sees the setuid program whole.
      const root = ktrace(['run', '--', `${dir}/suid`, arg]);
      assert.deepEqual([root.code, root.stdout], [3, 'abc'], root.stderr);
      const all = root.stderr.trimEnd().split('\n');
      assert.match(all[0], new RegExp(`^execve\\("${dir}/suid", \\["${dir}/suid", "${arg}"\\], 0x[0-9a-f]+ /\\* \\d+ vars \\*/\\) = 0$`));
      assert.ok(all.includes('write(1, "abc", 3)                      = 3'), root.stderr);
      assert.equal(all.at(-1), '+++ exited with 3 +++');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('run -f: follows children, with [pid N] prefixes', function () {
    const r = ktrace(['run', '-f', '--', '/bin/sh', '-c', `${prog('known_syscalls')}; exit 5`]);
    assert.equal(r.code, 5, r.stderr);
    const prefixed = r.stderr.split('\n').filter((l) => /^\[pid +\d+\] /.test(l));
    const pids = new Set(prefixed.map((l) => /^\[pid +(\d+)\]/.exec(l)?.[1]));
    assert.ok(pids.size >= 2, `expected lines of 2 processes, got ${[...pids].join(',')}`);
    assert.ok(prefixed.some((l) => /\] write\(1, "abc", 3\) += 3$/.test(l)), 'the child\'s write is missing');
    const path = prog('known_syscalls');
    assert.ok(prefixed.some((l) => l.includes(`execve("${path}", [${argvEntry(path)}], 0x`)), 'the child\'s execve is missing');
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

  it('system-wide (no --pid): every line says which process, [pid N]', async function () {
    const target = spawn(prog('getppid_loop'), ['100000000', '2000'], { stdio: 'ignore' });
    try {
      const tracer = spawn(process.execPath, [CLI, '--events', 'syscall', '-e', 'trace=getppid'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      tracer.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const mine = new RegExp(`^\\[pid +${target.pid}\\] getppid\\(\\) += ${process.pid}$`, 'gm');
      while ((err.match(mine) ?? []).length < 10) await new Promise((r) => setTimeout(r, 50));
      tracer.kill('SIGINT');
      const code = await new Promise((r) => tracer.on('exit', r));
      assert.equal(code, 0, err);
      // Every trace line, the first included, has the padded prefix (loss markers and messages are not trace lines).
      const lines = err.trimEnd().split('\n').filter((l) => !l.startsWith('ktrace: ') && !l.startsWith('--- lost '));
      for (const l of lines) assert.match(l, /^\[pid +\d+\] /, l);
      assert.equal(`[pid ${String(target.pid).padStart(5)}] `.length, lines.find((l) => l.includes(`${target.pid}]`))?.indexOf('getppid'));
    } finally {
      target.kill('SIGKILL');
    }
  });

  it('record, report and dump round-trip a recording', function () {
    // Six CLI runs, each a Node start under TCG: past the suite's 300 s on a loaded host.
    this.timeout(600000);
    const file = tmpFile('known.ktr');
    const rec = ktrace(['record', '-o', file, '--', prog('known_syscalls')]);
    assert.equal(rec.code, 3, rec.stderr);
    assert.match(rec.stderr, /recorded \d+ records/);
    const rep = ktrace(['report', file]);
    assert.equal(rep.code, 0, rep.stderr);
    const tail = fromWrite(rep.stdout.trimEnd().split('\n'));
    assert.equal(tail.length, 7);
    assert.match(tail[0], /^write\(1, "abc", 3\) += 3$/);
    assert.match(tail[1], /^openat\(AT_FDCWD, "\/nonexistent", O_RDONLY\) += -1 ENOENT/);
    // -s at report time cuts what was recorded.
    const cut = ktrace(['report', '-s', '1', file]);
    assert.match(cut.stdout, /^write\(1, "a"\.\.\., 3\) += 3$/m);
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
    // A record's first byte near the end: bytes inside a record may be
    // string contents, where any value is valid.
    const at = recordStarts(bytes).filter((o) => o < bytes.length - 40).pop() ?? assert.fail('no record to damage');
    damaged[at] = 0x05; // a UNIVERSAL tag cannot start a record
    fs.writeFileSync(corrupt, damaged);
    const c = ktrace(['report', corrupt]);
    assert.equal(c.code, 1);
    assert.match(c.stderr, new RegExp(`malformed at offset ${at}: record tag 0x05 is not APPLICATION CONSTRUCTED`));
    assert.ok(c.stdout.includes('write(1, "abc", 3)'), 'records before the damage are missing');
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
    // The list of valid names grows with the table: check how it starts.
    assert.match(unknown.stderr, /^ktrace: unknown event or event family: syscal; valid: all, syscall, /);
    const list = ktrace(['--events', 'list']);
    assert.match(list.stdout, /^sys_enter +syscall +raw_syscalls:sys_enter +available$/m);
    const foreign = ktrace(['--pid', '1'], { asUser: true });
    assert.equal(foreign.code, 1);
    assert.match(foreign.stderr, /^ktrace: permission denied: you may not ptrace process 1 /);
    assert.equal(sh('rmmod trace').code, 0);
    try {
      const missing = ktrace(['info']);
      assert.equal(missing.code, 2);
      // The VM boots without EFI and without module signature enforcement: the diagnosis is the one line.
      assert.equal(
        missing.stderr,
        'ktrace: /dev/trace does not exist: trace.ko is not loaded. Load it with `sudo modprobe trace` ' +
          '(after make install or make dkms-install) or `sudo insmod trace.ko`\n',
      );
    } finally {
      assert.equal(sh(`insmod ${modulePath()}`).code, 0);
    }
    const info = ktrace(['info']);
    assert.equal(info.code, 0);
    assert.match(info.stdout, new RegExp(`^module ABI: +${ABI_VERSION} \\(frontend ${ABI_VERSION}\\)$`, 'm'));
  });
});
