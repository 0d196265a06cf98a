// `ktrace dashboard --replay test/fixtures/spans.ktr` in a real terminal
// (tmux, 100x30): the span panel appears by itself for a recording with the
// zipkin probes; --alert thresholds below the recorded durations (request
// 238.359 ms, backend_io 208.181 ms) are raised, highlighted and logged,
// one above them is not.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fixturesDir } from '../support/fixtures';
import { repoRoot } from '../support/paths';
import { parseCapture, unreadableCells, type Cell } from '../support/sgr';
import { TmuxPane } from '../support/tmux';

const CLI = path.join(repoRoot(), 'dist', 'frontend', 'src', 'cli.js');
const SPANS = path.join(fixturesDir(), 'spans.ktr');
const DASH = path.join(fixturesDir(), 'dash.ktr');

/** The rows (cells) of the panel whose top border starts with @label, inside its borders. */
function panelCells(screen: Cell[][], label: string): Cell[][] {
  const text = (cells: Cell[]) => cells.map((c) => c.ch).join('');
  const top = screen.findIndex((cells) => text(cells).includes(`┌─ ${label}`));
  assert.ok(top >= 0, `no panel ${label}:\n${screen.map(text).join('\n')}`);
  const left = text(screen[top]).indexOf(`┌─ ${label}`);
  const right = screen[top].findIndex((c, i) => i > left && c.ch === '┐');
  const rows: Cell[][] = [];
  for (let r = top + 1; r < screen.length && screen[r][left]?.ch === '│'; r++) rows.push(screen[r].slice(left + 1, right));
  return rows;
}

const rowText = (cells: Cell[]) => cells.map((c) => c.ch).join('').trimEnd();

describe('ktrace dashboard span monitor in tmux', function () {
  this.timeout(120000);

  let pane: TmuxPane | undefined;
  afterEach(() => pane?.kill());

  it('replays spans.ktr: per-name window, raised alerts highlighted with their crossing time, in the log too', async function () {
    pane = new TmuxPane(100, 30);
    await pane.waitForPrompt();
    pane.keys(`node ${CLI} dashboard --replay ${SPANS} --speed 4 --alert 'request>200ms' --alert 'backend_io.p50>250ms' --window 2s; echo "dashboard exit status $?"`, 'Enter');
    await pane.waitFor('end |');
    // One more redraw after the end, so what is read back is final.
    await pane.waitFor('ALERT since');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const screen = parseCapture(pane.screenWithEscapes());
    assert.deepEqual(unreadableCells(screen).map(({ row, col, cell }) => `${row}:${col} ${cell.ch} fg ${cell.fg} bg ${cell.bg}`), []);
    const panel = panelCells(screen, 'spans (window 2s, idle 5s)');
    assert.deepEqual(panel.map(rowText), [
      'span                         count      p50      p99  total  alerts',
      'request                          1 238.36ms 238.36ms      1  p99>200ms ALERT since 0.326628s',
      'backend_io                       1 208.18ms 208.18ms      1  p50>250ms ok',
      '',
      '',
    ]);
    // The raised row across the panel's width: white on red, bold; the others as the terminal draws text.
    const red = (c: Cell) => c.bg === 1 && c.fg === 7 && c.bold;
    assert.ok(panel[1].every(red), JSON.stringify(panel[1].slice(0, 3)));
    assert.ok(panel[2].every((c) => c.bg === 'default' && c.fg === 'default' && !c.bold), JSON.stringify(panel[2].slice(0, 3)));
    const log = panelCells(screen, 'sched, signals & span alerts').map(rowText);
    // Logged when its trace completed (the replay's end), dated at the crossing; wrapped at the panel's width.
    assert.deepEqual(log.slice(-5), ['0.333467 180 [R] -> (untraced)', '0.333603 (untraced) -> 180', '0.326628 alert request>200ms: p99 238.359ms', '  over 1 span', '0.335595 180 [I] -> (untraced)']);
    assert.equal(log.filter((l) => l.includes('alert')).length, 1, log.join('\n'));

    pane.keys('q');
    const text = await pane.waitFor('dashboard exit status 0');
    assert.ok(!text.includes('spans (window'), `the dashboard is gone from the terminal:\n${text}`);
  });

  it('--spans on a recording without the zipkin probes: one line, status 2', async function () {
    pane = new TmuxPane(160, 10);
    await pane.waitForPrompt();
    pane.keys(`cd ${path.dirname(DASH)} && node ${CLI} dashboard --replay dash.ktr --spans; echo "dashboard exit status $?"`, 'Enter');
    const text = await pane.waitFor((t) => /^dashboard exit status \d/m.test(t));
    assert.match(text, /^ktrace: dash\.ktr: recorded without the zipkin probes \(record with `ktrace spans --record FILE -- CMD`\)\ndashboard exit status 2$/m);
  });

  it('a bad --alert or --window is a usage error before anything else', function () {
    for (const [args, message] of [
      [['--alert', 'request'], "ktrace: --alert request: expected NAME>DURATION or NAME.p50>DURATION (e.g. 'osd_op>5ms')\n"],
      [['--window', '0s'], 'ktrace: --window 0s: expected a positive duration with its unit (ns, us, ms, s)\n'],
      [['--binary', '/bin/true'], 'ktrace: dashboard: --binary places probes live; a recording has its own\n'],
    ] as const) {
      const r = spawnSync('node', [CLI, 'dashboard', '--replay', SPANS, ...args], { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
      assert.equal(r.stderr, message);
      assert.equal(r.status, 2);
    }
  });
});
