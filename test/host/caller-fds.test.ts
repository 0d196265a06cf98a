// The caller's descriptors 3 and up reach the command ktrace starts, as under
// strace: which ones they are (the launcher's list, fdinfo flags), how the
// held child's descriptors are laid out, and the whole path through
// bin/ktrace and `ktrace run`.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { closeOnExec, selectCallerFds } from '../../frontend/src/session/caller-fds';
import { heldStdio } from '../../frontend/src/session/held-child';
import { UserError } from '../../frontend/src/user-error';
import { FAKE_CLI, fixture, tmpDir } from '../support/cli-run';
import { repoRoot } from '../support/paths';

// fdinfo texts as Linux 6.1 writes them: a file the shell opened for the
// caller, and one node opened (libuv adds O_CLOEXEC).
const INHERITED = 'pos:\t0\nflags:\t0100000\nmnt_id:\t26\nino:\t612\n';
const NODES_OWN = 'pos:\t0\nflags:\t02100000\nmnt_id:\t26\nino:\t612\n';
const EVENTFD = 'pos:\t0\nflags:\t02004002\nmnt_id:\t15\nino:\t1057\neventfd-count:                0\neventfd-id: 2\n';

/** A shell line that closes every descriptor from 3 up, so a test starts from what it opens itself. */
const CLOSE_ALL = 'for f in /proc/$$/fd/*; do n=${f##*/}; [ "$n" -gt 2 ] && eval "exec $n<&-"; done; ';

/** A shell line that prints each open descriptor from 3 to 63 with what it is. */
const LIST_FDS = 'n=3; while [ $n -lt 64 ]; do [ -e /proc/$$/fd/$n ] && echo "$n $(readlink /proc/$$/fd/$n)"; n=$((n + 1)); done';

describe('caller descriptors', () => {
  it('reads close-on-exec from fdinfo flags (octal, O_CLOEXEC 02000000)', () => {
    assert.equal(closeOnExec(INHERITED), false);
    assert.equal(closeOnExec(NODES_OWN), true);
    assert.equal(closeOnExec(EVENTFD), true);
    assert.equal(closeOnExec('pos:\t0\nmnt_id:\t26\n'), undefined);
  });

  it('selects the launcher\'s still open descriptors and every one not close-on-exec, 3 and up', () => {
    const open = new Map([
      [3, NODES_OWN],
      [4, EVENTFD],
      [9, NODES_OWN], // the caller's, marked close-on-exec by node's start-up
      [12, NODES_OWN],
      [20, INHERITED], // the caller's, above the range node marks
    ]);
    assert.deepEqual(selectCallerFds('9 12', open), [9, 12, 20]);
    assert.deepEqual(selectCallerFds(undefined, open), [20], 'without the launcher: only what fdinfo proves');
    assert.deepEqual(selectCallerFds('', open), [20]);
    assert.deepEqual(selectCallerFds('12 9 9 7 1 x -3', open), [9, 12, 20], 'closed, low, repeated and malformed entries');
    assert.deepEqual(selectCallerFds('9', new Map([[2, INHERITED], [9, NODES_OWN]])), [9], 'stdio is not counted');
  });

  it('lays out the held child: caller descriptors at their numbers, the gate at the lowest free one', () => {
    assert.deepEqual(heldStdio('ls', 'inherit', [], true), { gate: 3, stdio: ['inherit', 'inherit', 'inherit', 'pipe'] });
    assert.deepEqual(heldStdio('ls', 'ignore', [3, 4, 7], true), {
      gate: 5,
      stdio: ['ignore', 'ignore', 'ignore', 3, 4, 'pipe', 'ignore', 7],
    });
    assert.deepEqual(heldStdio('ls', 'inherit', [9], false), { gate: 3, stdio: ['inherit', 'inherit', 'inherit', 'pipe', 'ignore', 'ignore', 'ignore', 'ignore', 'ignore', 9] });
    const full = [3, 4, 5, 6, 7, 8, 9];
    assert.deepEqual(heldStdio('ls', 'inherit', full, true).gate, 10);
    assert.throws(
      () => heldStdio('ls', 'inherit', full, false),
      (err: unknown) =>
        err instanceof UserError &&
        err.exitCode === 1 &&
        err.message === "ls: cannot hold it before its exec: descriptors 3-9 are all the caller's and /bin/sh reads only those (bash has no such limit)",
    );
  });

  it('bin/ktrace lists the caller\'s descriptors that survive an exec, under dash, bash and busybox sh', () => {
    const dir = tmpDir();
    try {
      // A stand-in for node that shows what the launcher gives it.
      fs.writeFileSync(path.join(dir, 'node'), '#!/bin/sh\nprintf "%s|%s\\n" "$KTRACE_CALLER_FDS" "$*"\n', { mode: 0o755 });
      const launcher = path.join(repoRoot(), 'bin/ktrace');
      fs.symlinkSync(launcher, path.join(dir, 'ktrace'));
      const cli = path.join(repoRoot(), 'dist/frontend/src/cli.js');
      for (const shell of ['dash', 'bash', 'busybox sh']) {
        const script = `${CLOSE_ALL}exec 7</dev/null 9<${fixture('known.ktr')} 12<>/dev/null; ${shell} ${launcher} run -- x`;
        const r = spawnSync('bash', ['-c', script], { encoding: 'utf8', env: { ...process.env, PATH: `${dir}:${process.env.PATH}` } });
        assert.deepEqual([r.status, r.stdout, r.stderr], [0, `12 7 9|${cli} run -- x\n`, ''], shell);
      }
      // Through a symlink (npm's bin link), with no descriptor passed.
      const r = spawnSync('bash', ['-c', `${CLOSE_ALL}exec ktrace --version`], { encoding: 'utf8', env: { ...process.env, PATH: `${dir}:${process.env.PATH}` } });
      assert.deepEqual([r.status, r.stdout, r.stderr], [0, `|${cli} --version\n`, '']);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });

  it('ktrace run: the command gets the caller\'s descriptors at their numbers, and not ktrace\'s own', () => {
    const dir = tmpDir();
    const fake = { recording: fixture('dash.ktr'), atEnd: 'eof' };
    try {
      // As the launcher would start it: node has marked fds 7 and 9 close-on-exec, the list says they are the caller's.
      const script =
        `${CLOSE_ALL}exec 7</dev/null 9<${fixture('known.ktr')}; ` +
        `KTRACE_CALLER_FDS='7 9' exec ${process.execPath} ${FAKE_CLI} run -o ${dir}/trace -- sh -c '${LIST_FDS}; echo "\${KTRACE_CALLER_FDS-unset}"'`;
      const r = spawnSync('bash', ['-c', script], { encoding: 'utf8', env: { ...process.env, KTRACE_FAKE_DEVICE: JSON.stringify(fake) }, stdio: ['ignore', 'pipe', 'pipe'] });
      assert.deepEqual([r.status, r.stdout, r.stderr], [0, `7 /dev/null\n9 ${fixture('known.ktr')}\nunset\n`, '']);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  }).timeout(60000);
});
