import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot } from '../support/paths';

function runScript(script: string, ...args: string[]): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, [path.join(repoRoot(), 'scripts', script), ...args], { encoding: 'utf8' });
  return { status: result.status, stderr: result.stderr };
}

describe('generated files are current', function () {
  this.timeout(60_000);

  it('gen-abi --check: frontend/src/abi/generated.ts matches kmod/ktrace_*.h', () => {
    const { status, stderr } = runScript('gen-abi.js', '--check');
    assert.equal(status, 0, stderr);
  });

  it('gen-syscalls --check: the syscall table covers this host\'s unistd_64.h', () => {
    const { status, stderr } = runScript('gen-syscalls.js', '--check');
    assert.equal(status, 0, stderr);
  });
});
