// `ktrace run` towards its command, compared with strace in the same guest:
// the caller's descriptors 3 and up reach it (and none of ktrace's), the
// command is found through PATH before its one execve, and a missing one is
// one line. ktrace runs as users run it: the launcher on PATH (bin/ktrace).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** First in each shell: closes every descriptor from 3 up that the test runner left, so only the test's own count. */
const CLOSE_ALL = 'for f in /proc/$$/fd/*; do n=${f##*/}; [ "$n" -gt 2 ] && eval "exec $n<&-"; done; ';

/** A command line that prints each open descriptor from 3 to 63 of its shell with what it is. */
const LIST_FDS = ['sh', '-c', 'n=3; while [ $n -lt 64 ]; do [ -e /proc/$$/fd/$n ] && echo "$n $(readlink /proc/$$/fd/$n)"; n=$((n + 1)); done'];

const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;

/** Runs @setup then @tracer (ktrace or strace, with its arguments) in one shell. */
function shell(setup: string, tracer: string[]) {
  const r = spawnSync('sh', ['-c', `${CLOSE_ALL}${setup} exec ${tracer.map(quote).join(' ')}`], { encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The envp argument of execve: its address differs between runs. */
const maskEnvp = (line: string) => line.replace(/, 0x[0-9a-f]+(?: \/\* \d+ vars? \*\/)?\) = /, ', ENVP) = ');

describe('ktrace command line: run as strace runs a command', function () {
  let dir: string;
  let file: string;
  before(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'run-command-'));
    file = path.join(dir, 'nine');
    fs.writeFileSync(file, 'fd nine\n');
  });
  after(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the command reads the caller\'s fd 9 (and fd 3, where ktrace used to hold it), as under strace', function () {
    const setup = `exec 3</dev/null 9<${quote(file)};`;
    const cmd = ['busybox', 'cat', '/proc/self/fd/9'];
    const k = shell(setup, ['ktrace', 'run', '-e', 'trace=openat', '--', ...cmd]);
    const s = shell(setup, ['strace', '-e', 'trace=openat', ...cmd]);
    assert.deepEqual([k.code, k.stdout], [0, 'fd nine\n'], k.stderr);
    assert.deepEqual([s.code, s.stdout], [0, 'fd nine\n'], s.stderr);
    // The open of /proc/self/fd/9 succeeds on the lowest free fd: 4, fd 3 being the caller's too.
    const open = 'openat(AT_FDCWD, "/proc/self/fd/9", O_RDONLY) = 4';
    assert.ok(s.stderr.split('\n').includes(open), s.stderr);
    assert.deepEqual(k.stderr.split('\n'), s.stderr.split('\n'));
    const gate = shell(setup, ['ktrace', 'run', '-o', path.join(dir, 'trace'), '--', 'busybox', 'cat', '/proc/self/fd/3', '/proc/self/fd/9']);
    assert.deepEqual([gate.code, gate.stdout, gate.stderr], [0, 'fd nine\n', '']);
  });

  it('the command has exactly the caller\'s descriptors: not /dev/trace, not the -o file, not node\'s; record\'s too', function () {
    const setup = `exec 9<${quote(file)};`;
    const expected = `9 ${file}\n`;
    assert.deepEqual(shell(setup, LIST_FDS), { code: 0, stdout: expected, stderr: '' }, 'untraced');
    assert.deepEqual(shell(setup, ['strace', '-o', '/dev/null', ...LIST_FDS]), { code: 0, stdout: expected, stderr: '' }, 'strace');
    const trace = path.join(dir, 'fds.trace');
    assert.deepEqual(shell(setup, ['ktrace', 'run', '-o', trace, '--', ...LIST_FDS]), { code: 0, stdout: expected, stderr: '' }, 'ktrace -o');
    const traced = fs.readFileSync(trace, 'utf8');
    assert.ok(traced.startsWith('execve("/usr/bin/sh", ["sh", "-c", "n=3; while [ $n -lt 64 ]; do [ -"...], 0x'), traced);
    assert.ok(traced.endsWith('\n+++ exited with 0 +++\n'), traced);
    const onStderr = shell(setup, ['ktrace', 'run', '--', ...LIST_FDS]);
    assert.deepEqual([onStderr.code, onStderr.stdout], [0, expected], onStderr.stderr);
    // record starts its command the same way: the recording's fd stays ktrace's.
    const recording = path.join(dir, 'fds.ktr');
    const recorded = shell(setup, ['ktrace', 'record', '-o', recording, '--', ...LIST_FDS]);
    assert.deepEqual([recorded.code, recorded.stdout], [0, expected], recorded.stderr);
    assert.match(recorded.stderr, new RegExp(`^ktrace: recorded \\d+ records \\(\\d+ bytes\\) to ${recording}\n$`));
  });

  it('sh -c true: one execve, of the file PATH gives, first; the same line as strace\'s, as root and as uid 1000', function () {
    const uid1000 = ['setpriv', '--reuid=1000', '--regid=1000', '--clear-groups', '--'];
    const k = shell('', ['ktrace', 'run', '--', 'sh', '-c', 'true']);
    const s = shell('', ['strace', 'sh', '-c', 'true']);
    const ku = shell('', [...uid1000, 'ktrace', 'run', '--', 'sh', '-c', 'true']);
    const su = shell('', [...uid1000, 'strace', 'sh', '-c', 'true']);
    for (const r of [k, s, ku, su]) assert.equal(r.code, 0, r.stderr);
    const first = 'execve("/usr/bin/sh", ["sh", "-c", "true"], ENVP) = 0';
    const runs = [['ktrace', k.stderr], ['strace', s.stderr], ['uid 1000 ktrace', ku.stderr], ['uid 1000 strace', su.stderr]];
    for (const [who, text] of runs) {
      const lines = text.trimEnd().split('\n');
      assert.equal(maskEnvp(lines[0]), first, `${who}:\n${text}`);
      assert.deepEqual(lines.filter((l) => l.startsWith('execve(')).length, 1, `${who}:\n${text}`);
      assert.equal(lines.at(-1), '+++ exited with 0 +++', who);
    }
  });

  it('execve\'s envp: strace\'s `/* N vars */`, and exactly the caller\'s environment', function () {
    // No PWD (ktrace's launcher shell adds one, which the command must not get); SHLVL as any shell's
    // environment has it (without, the bash holding the command adds SHLVL=0: docs/ktrace.1).
    const env = ['env', '-i', 'KT_A=1', 'KT_B=2', `PATH=${process.env.PATH ?? '/usr/bin:/bin'}`, 'SHLVL=1'];
    const first = 'execve("/usr/bin/true", ["true"], ADDR /* 4 vars */) = 0';
    const addr = (line: string) => line.replace(/, 0x[0-9a-f]+ /, ', ADDR ');
    // uid 1000 gets the path, argv and count from the exec's exit (docs/abi.md), root from its entry.
    const uid1000 = ['setpriv', '--reuid=1000', '--regid=1000', '--clear-groups', '--'];
    for (const [who, pre] of [['root', []], ['uid 1000', uid1000]] as const) {
      const k = shell('', [...pre, ...env, 'ktrace', 'run', '--', 'true']);
      const s = shell('', [...pre, ...env, 'strace', 'true']);
      assert.equal(k.code, 0, `${who}: ${k.stderr}`);
      assert.equal(s.code, 0, `${who}: ${s.stderr}`);
      assert.equal(addr(k.stderr.split('\n')[0]), first, `${who} ktrace:\n${k.stderr}`);
      assert.equal(addr(s.stderr.split('\n')[0]), first, `${who} strace:\n${s.stderr}`);
    }
  });

  it('a command not on PATH: one line and 127, nothing started', function () {
    const k = shell('', ['ktrace', 'run', '--', 'no-such-command-kt', 'arg']);
    assert.deepEqual(k, { code: 127, stdout: '', stderr: 'ktrace: no-such-command-kt: command not found\n' });
    // strace says it differently, with 1: `strace: Can't stat 'no-such-command-kt': No such file or directory`.
    const s = shell('', ['strace', 'no-such-command-kt', 'arg']);
    assert.deepEqual([s.code, s.stderr], [1, "strace: Can't stat 'no-such-command-kt': No such file or directory\n"]);
  });
});
