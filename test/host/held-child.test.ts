// How `ktrace run` starts its command: resolved through PATH as strace does,
// with argv[0] as written.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXIT_NOT_FOUND, resolveCommand } from '../../frontend/src/session/held-child';
import { UserError } from '../../frontend/src/user-error';
import { FAKE_CLI, fixture, tmpDir } from '../support/cli-run';

describe('held child', () => {
  it('resolves a command through PATH: the first executable file, an empty entry being the current directory', () => {
    const dir = tmpDir();
    const [a, b] = ['a', 'b'].map((d) => path.join(dir, d));
    fs.mkdirSync(a);
    fs.mkdirSync(b);
    fs.writeFileSync(path.join(a, 'tool'), '#!/bin/sh\n', { mode: 0o644 });
    fs.writeFileSync(path.join(b, 'tool'), '#!/bin/sh\n', { mode: 0o755 });
    fs.mkdirSync(path.join(a, 'dir-not-file'));
    assert.equal(resolveCommand('tool', `${a}:${b}`), path.join(b, 'tool'), 'not executable in a');
    assert.throws(() => resolveCommand('dir-not-file', a), /dir-not-file: command not found/, 'a directory is not a command');
    const cwd = process.cwd();
    process.chdir(b);
    try {
      assert.equal(resolveCommand('tool', `${a}::/nonexistent`), './tool', 'the empty entry');
    } finally {
      process.chdir(cwd);
    }
  }).timeout(10000);

  it('names a command it cannot run in one line, with a shell\'s status', () => {
    const attempt = (cmd: string, p: string) => {
      try {
        resolveCommand(cmd, p);
      } catch (err) {
        assert.ok(err instanceof UserError);
        return [err.message, err.exitCode];
      }
      return null;
    };
    assert.deepEqual(attempt('no-such-tool-kt', '/usr/bin:/bin'), ['no-such-tool-kt: command not found', EXIT_NOT_FOUND]);
    assert.deepEqual(attempt('/no/such/file', '/usr/bin'), ['/no/such/file: No such file or directory', EXIT_NOT_FOUND]);
    const plain = path.join(tmpDir(), 'plain');
    fs.writeFileSync(plain, '#!/bin/sh\n', { mode: 0o644 });
    assert.deepEqual(attempt(plain, '/usr/bin'), [`${plain}: Permission denied`, EXIT_NOT_FOUND]);
    fs.rmSync(path.dirname(plain), { recursive: true });
  });

  it('ktrace run: the resolved file runs with argv[0] as written; a missing command is one line and 127', () => {
    const dir = tmpDir();
    const fake = { recording: fixture('dash.ktr'), atEnd: 'eof' };
    try {
      const r = spawnSync(process.execPath, [FAKE_CLI, 'run', '-o', path.join(dir, 'trace'), '--', 'sh', '-c', 'echo "$0"; readlink /proc/$$/exe'], {
        encoding: 'utf8',
        env: { ...process.env, KTRACE_FAKE_DEVICE: JSON.stringify(fake), PATH: '/usr/bin:/bin', BASH_ENV: path.join(dir, 'nope') },
      });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, `sh\n${fs.realpathSync('/usr/bin/sh')}\n`);
      // The holding bash runs nothing of the user's: it would read ~/.bashrc with a socket for stdin and no SHLVL.
      fs.writeFileSync(path.join(dir, '.bashrc'), 'echo bashrc-ran\n');
      const env: NodeJS.ProcessEnv = { ...process.env, KTRACE_FAKE_DEVICE: JSON.stringify(fake), HOME: dir };
      delete env.SHLVL;
      const quiet = spawnSync(process.execPath, [FAKE_CLI, 'run', '-o', path.join(dir, 'trace'), '--', 'true'], { encoding: 'utf8', env, stdio: ['pipe', 'pipe', 'pipe'] });
      assert.deepEqual([quiet.status, quiet.stdout, quiet.stderr], [0, '', '']);
      const missing = spawnSync(process.execPath, [FAKE_CLI, 'run', '--', 'no-such-tool-kt'], {
        encoding: 'utf8',
        env: { ...process.env, KTRACE_FAKE_DEVICE: JSON.stringify(fake) },
      });
      assert.deepEqual([missing.status, missing.stderr], [EXIT_NOT_FOUND, 'ktrace: no-such-tool-kt: command not found\n']);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  }).timeout(60000);
});
