// uid isolation: an unprivileged reader sees only its own user's processes
// and never a kernel address, and may not target another user's process.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { prog } from './lib/readers';

const SETPRIV = ['--reuid=1000', '--regid=1000', '--clear-groups', '--'];

function runAsUser(args: string[], stdin: 'ignore' | 'pipe' = 'ignore'): ReturnType<typeof spawn> {
  return spawn('setpriv', [...SETPRIV, ...args], { stdio: [stdin, 'pipe', 'pipe'] });
}

describe('uid isolation (in VM)', function () {
  it('gives a uid-1000 reader none of root\'s records, only its own', async function () {
    const reader = runAsUser([process.execPath, path.join(__dirname, 'helpers/uid-reader.js'), '1'], 'pipe');
    let out = '';
    let err = '';
    reader.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    reader.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    while (!out.includes('started')) await new Promise((r) => setTimeout(r, 50));
    // Root's workload and the user's own, at the same time.
    const rootLoad = spawn(prog('getppid_loop'), ['20000'], { stdio: 'ignore' });
    const userLoad = runAsUser([prog('getppid_loop'), '5000']);
    const exited = (p: ReturnType<typeof spawn>) => new Promise((r) => p.on('exit', r));
    await Promise.all([exited(rootLoad), exited(userLoad)]);
    reader.stdin?.end();
    await exited(reader);
    assert.equal(err, '');
    const summary = JSON.parse(out.split('\n')[1]) as {
      targetErrno: string;
      events: number;
      foreign: number;
      kernelAddresses: number;
      pids: number[];
    };
    assert.equal(summary.targetErrno, 'EPERM', 'targeting init (root) must be refused');
    assert.equal(summary.foreign, 0, 'records of another uid');
    assert.equal(summary.kernelAddresses, 0, 'kernel addresses leaked');
    assert.ok(summary.pids.includes(userLoad.pid ?? -1), 'the user did not see its own workload');
    assert.ok(!summary.pids.includes(rootLoad.pid ?? -1), 'the user saw root\'s workload');
    assert.ok(summary.events >= 10000, `only ${summary.events} own events`);
  });
});
