// The live commands on the host, their device a FakeDevice replaying
// dash.ktr: Ctrl-C ends a trace with every line shown and status 0; `mem`
// ends quietly with 141 when its reader goes away.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FAKE_CLI, fixture, ktrace, ktraceIntoPipe, tmpDir } from '../support/cli-run';

const dash = fixture('dash.ktr');

describe('live commands over the fake device', function () {
  this.timeout(120_000);

  it('ktrace --pid shows every record until Ctrl-C, then exits 0', async () => {
    const dir = tmpDir();
    const reference = path.join(dir, 'ref');
    const ref = ktrace({ args: ['--pid', '7', '-o', reference], fake: { recording: dash, atEnd: 'eof' } });
    assert.equal(ref.code, 0, ref.stderr);
    const want = fs.readFileSync(reference, 'utf8');
    fs.rmSync(dir, { recursive: true });

    // A live reader: after the recording, reads wait until the trace is stopped.
    const child = spawn(process.execPath, [FAKE_CLI, '--pid', '7'], {
      env: { ...process.env, KTRACE_FAKE_DEVICE: JSON.stringify({ recording: dash, recordsPerRead: 32 }) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    const exited = new Promise<number | string | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
    await new Promise<void>((resolve, reject) => {
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (text: string) => {
        stderr += text;
        if (stderr.length >= want.length) resolve();
      });
      child.on('exit', () => reject(new Error(`ktrace exited before showing everything: ${stderr.slice(-500)}`)));
    });
    child.kill('SIGINT');
    assert.equal(await exited, 0);
    assert.equal(stderr, want);
  });

  it('ktrace mem ends quietly with 141 when its reader closes the pipe', () => {
    const r = ktraceIntoPipe({ args: ['mem', '--interval', '10', '--count', '1000'], fake: { recording: dash } }, { closeAfter: 200 });
    assert.equal(r.code, 141);
    assert.equal(r.stderr, '');
    assert.equal(r.piped.length, 200);
    assert.match(r.piped.toString(), /^ +time +free +total +flt\/s/);
  });

  it('ktrace --events list goes through the same output (141 when cut)', () => {
    const whole = ktrace({ args: ['--events', 'list'], fake: { recording: dash } });
    assert.equal(whole.code, 0, whole.stderr);
    assert.match(whole.stdout, /^sys_enter +syscall +raw_syscalls:sys_enter +available$/m);
    const cut = ktraceIntoPipe({ args: ['--events', 'list'], fake: { recording: dash } }, { closeAfter: 10 });
    // The list fits in the pipe: ktrace may finish before the reader closes it, or meet EPIPE.
    assert.ok(cut.code === 0 || cut.code === 141, `status ${cut.code}`);
    assert.equal(cut.stderr, '');
  });
});
