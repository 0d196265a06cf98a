// `ktrace dashboard --replay` in a real terminal: tmux runs it in a detached
// 100x30 pane, the test types keys and reads the screen back.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { NO_TTY_MESSAGE } from '../../frontend/src/commands/dashboard';
import { fixturesDir } from '../support/fixtures';
import { repoRoot } from '../support/paths';
import { parseCapture } from '../support/sgr';
import { leftRowStarting, TmuxPane } from '../support/tmux';

const CLI = path.join(repoRoot(), 'dist', 'frontend', 'src', 'cli.js');
const FIXTURE = path.join(fixturesDir(), 'dash.ktr');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ktrace dashboard --replay in tmux', function () {
  this.timeout(120000);

  let pane: TmuxPane;
  before(function () {
    pane = new TmuxPane(100, 30);
  });

  after(function () {
    pane.kill();
  });

  it('plays, pauses, sorts, filters, searches, helps and quits restoring the terminal', async function () {
    const keys = (...k: string[]) => pane.keys(...k);
    const waitFor = (what: string | ((t: string) => boolean)) => pane.waitFor(what);
    const screen = () => pane.screen();
    await pane.waitForPrompt();
    keys(`node ${CLI} dashboard --replay ${FIXTURE} --speed 0.5; echo "dashboard exit status $?"`, 'Enter');
    await waitFor('syscalls (sort: calls)');

    keys('p');
    const paused = await waitFor('PAUSED');
    await sleep(1000);
    assert.equal(screen(), paused, 'paused: neither the panels nor the replay position move');
    keys('p');

    let text = await waitFor('replay 100% x0.5 end');
    assert.equal(leftRowStarting(text, 'read '), 'read                 201   201    0  541.2us  47.53ms');
    assert.match(text, /^│ {3}194 pingpong {9}X {3}222 {4}82 {3}192 {3}300K/m);
    assert.match(text, /^4945 rec\/s \| lost 0 \| 00:00:01 \| replay 100% x0\.5 end \| kernel 6\.12\.117\+deb12-amd64 ABI 2 cpus 2/m);

    keys('s');
    await waitFor('syscalls (sort: calls/s)');
    keys('s');
    text = await waitFor('syscalls (sort: errors)');
    assert.equal(leftRowStarting(text, 'newfstatat'), 'newfstatat            15    15   11  485.0us   3.87ms');

    keys('Tab', 's');
    text = await waitFor('processes (sort: flt/s)');
    assert.match(text, /^│ {3}193 mem_grow {9}X {4}27 {2}1107 {3}102 {3}8\.3M/m);

    keys('f');
    await waitFor('filter (pid or comm');
    keys('mem_grow', 'Enter');
    text = await waitFor('filter mem_grow');
    assert.equal(leftRowStarting(text, 'mmap'), 'mmap                   8     4    0  234.0us  456.6us');
    assert.equal(leftRowStarting(text, 'read '), undefined, 'mem_grow never reads');

    // The filtered processes stand out by attributes, not a colour: bold and underlined.
    const row = parseCapture(pane.screenWithEscapes()).find((cells) => cells.map((c) => c.ch).join('').includes('193 mem_grow'));
    const inPanel = row!.slice(1, row!.findIndex((c, i) => i > 0 && c.ch === '│'));
    assert.ok(inPanel.length > 40 && inPanel.filter((c) => c.ch !== ' ').every((c) => c.bold && c.fg === 'default' && c.bg === 'default'), JSON.stringify(inPanel.slice(0, 12)));

    keys('f');
    await waitFor('filter (pid or comm');
    keys('Enter');
    text = await waitFor((t: string) => !t.includes('filter mem_grow'));
    // The rows beyond those the filter left are drawn again.
    assert.equal(leftRowStarting(text, 'rt_sigaction'), 'rt_sigaction          11    11    0   11.0us   24.7us', text);
    keys('/');
    await waitFor('search log:');
    keys('SIGUSR1', 'Enter');
    text = await waitFor('sched & signals /SIGUSR1');
    assert.match(text, /SIGUSR1 sh\(188\) -> sleep\(196\)/);

    keys('?');
    await waitFor('ktrace dashboard keys');
    keys('x');
    await waitFor((t: string) => !t.includes('ktrace dashboard keys'));

    keys('q');
    text = await waitFor('dashboard exit status 0');
    assert.ok(!text.includes('syscalls (sort'), `the dashboard is gone from the terminal:\n${text}`);
    assert.match(text, /^[$#] node .*dashboard --replay/m, `the command line is back:\n${text}`);
    assert.match(text, /^dashboard exit status 0\n[$#]/m, `then the shell's prompt:\n${text}`);
  });

  it('refuses to run without a terminal, pointing to ktrace mem and the strace view', function () {
    const r = spawnSync('node', [CLI, 'dashboard', '--replay', FIXTURE], { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
    assert.equal(r.status, 2);
    assert.equal(r.stderr, `ktrace: ${NO_TTY_MESSAGE}\n`);
    assert.equal(r.stdout, '');
  });
});
