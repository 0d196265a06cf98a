// The live `ktrace dashboard` against the real module, in tmux in the guest:
// a known workload's comm and exact syscall count appear, q restores the
// terminal; with --alert, blkin_demo's spans are monitored, the alert raised
// and, once its span left the window, cleared.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { leftRowStarting, TmuxPane } from '../support/tmux';
import { prog } from './lib/readers';

const CALLS = 700;

/** A duration as the panel shows it (formatLatency: 2 decimals, ms under a second). */
const LATENCY = '(\\d+\\.\\d\\d(?:ms|s))';
const msOf = (text: string) => Number(text.replace(/m?s$/, '')) * (text.endsWith('ms') ? 1 : 1000);

/** The log panel's entries (the right column's rows), wrapped lines joined. */
function logText(screen: string): string {
  return screen
    .split('\n')
    .map((line) => line.split('│')[3]?.trimEnd())
    .filter((row): row is string => row !== undefined)
    .join('\n')
    .replace(/\n {2}/g, ' ');
}

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

  it('--alert on the spans of a command: the panel, the alert raised at its span, cleared when the span left the window, both logged', async function () {
    // Uprobes are keyed by inode and 9p gives each lookup a new one (events-usdt.test.ts): probe a local copy.
    const dir = fs.mkdtempSync('/tmp/dash-spans-');
    const demo = path.join(dir, 'blkin_demo');
    fs.copyFileSync(prog('blkin_demo'), demo);
    fs.chmodSync(demo, 0o755);
    await pane.waitForPrompt();
    // backend_io sleeps 200 ms: over 100 ms. The request (it forks the peer and waits for it) stays under a minute, however
    // slow the guest: durations have a floor, the sleep, and no ceiling a loaded TCG guest keeps. The default idle time (5 s):
    // under TCG the demo's fork and exit take seconds, and a shorter one would end the trace between annotations.
    // A trace reaches the monitor that idle time after its last annotation, plus twice the records' recent delivery
    // latency (seconds in a guest beside a kernel build): with the default 10 s window its span could already have
    // left the window then, the alert raised and cleared in one step. A 30 s window keeps it up long enough to see.
    pane.keys(`ktrace dashboard --window 30s --alert 'backend_io>100ms' --alert 'request.p50>60s' -- ${demo} 200; echo "dashboard exit status $?"`, 'Enter');
    let text = await pane.waitFor('ALERT since', 240000);
    assert.match(text, /┌─ spans \(window 30s, idle 5s\) /);
    const raised = leftRowStarting(text, 'backend_io') ?? '';
    const io = new RegExp(`^backend_io +1 +${LATENCY} +${LATENCY} +1 +p99>100ms ALERT since (\\d+\\.\\d{6})s$`).exec(raised) ?? assert.fail(text);
    assert.equal(io[1], io[2], 'one span: its p50 is its p99');
    const ioMs = msOf(io[1]);
    assert.ok(ioMs >= 200, `backend_io lasts at least its 200 ms sleep: ${raised}`);
    const since = Number(io[3]);
    const req = new RegExp(`^request +1 +${LATENCY} +${LATENCY} +1 +p50>60s ok$`).exec(leftRowStarting(text, 'request') ?? '') ?? assert.fail(text);
    assert.equal(req[1], req[2]);
    assert.ok(msOf(req[1]) >= ioMs, 'the request encloses the peer\'s span');
    // The log's p99 is the panel's, in microseconds (the panel rounds to 10).
    const logged = /^\d+\.\d{6} alert backend_io>100ms: p99 (\d+\.\d{3})ms over 1 span$/m.exec(logText(text)) ?? assert.fail(text);
    assert.ok(Math.abs(Number(logged[1]) - ioMs) <= 0.01, `log ${logged[1]} ms, panel ${io[1]}`);

    // 30 s after the span's end it leaves the window (time moves on without records): cleared, dated then.
    text = await pane.waitFor((t) => /backend_io .* ok since/.test(t), 240000);
    const cleared = leftRowStarting(text, 'backend_io')!;
    assert.match(cleared, /^backend_io +0 +- +- +1 +p99>100ms ok since (\d+\.\d{6})s$/, text);
    assert.equal((Number(/since (\S+)s/.exec(cleared)![1]) - since).toFixed(6), '30.000000', 'cleared a window after the crossing');
    assert.match(logText(text), /^\d+\.\d{6} clear backend_io>100ms: no span in the window$/m, text);

    pane.keys('q');
    text = await pane.waitFor('dashboard exit status 0');
    assert.ok(!text.includes('spans (window'), `the dashboard is gone from the terminal:\n${text}`);
  });
});
