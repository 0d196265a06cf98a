// The live `ktrace dashboard` against the real module, in tmux in the guest:
// a known workload's comm and exact syscall count appear, q restores the terminal.
import { strict as assert } from 'node:assert';
import { leftRowStarting, TmuxPane } from '../support/tmux';
import { prog } from './lib/readers';

const CALLS = 700;

describe('ktrace dashboard live (in VM)', function () {
  this.timeout(300000);

  let pane: TmuxPane;
  before(function () {
    pane = new TmuxPane(100, 30);
  });

  after(function () {
    pane.kill();
  });

  it('shows a command, its comm and its syscalls, and quits restoring the terminal', async function () {
    await pane.waitForPrompt();
    // 1 ms between calls: the command outlives the dashboard's start, then exits; its totals stay.
    pane.keys(`ktrace dashboard -- ${prog('getppid_loop')} ${CALLS} 1000; echo "dashboard exit status $?"`, 'Enter');
    let text = await pane.waitFor('exited with status 0', 240000);
    // The screen redraws every 100 ms: wait for the last record's redraw.
    text = await pane.waitFor((t) => leftRowStarting(t, 'getppid')?.includes(` ${CALLS} `) ?? false);
    const row = leftRowStarting(text, 'getppid')!.split(/\s+/);
    assert.equal(row[1], String(CALLS), `calls: ${row.join(' ')}`);
    assert.equal(row[3], '0', 'errors');
    const proc = text.split('\n').find((line) => / getppid_loop /.test(line));
    assert.ok(proc, `a process row for getppid_loop:\n${text}`);
    assert.match(text, /^\d+ rec\/s \| (behind [\d.]+s \| )?lost 0 \| /m, 'status line: nothing lost');
    assert.match(text, /kernel \S+ ABI 3 buf \d+Kx\d+ readers 1/);

    pane.keys('q');
    text = await pane.waitFor('dashboard exit status 0');
    assert.ok(!text.includes('syscalls (sort'), `the dashboard is gone from the terminal:\n${text}`);
    assert.match(text, /^dashboard exit status 0\n[$#]/m, `then the shell's prompt:\n${text}`);
  });
});
