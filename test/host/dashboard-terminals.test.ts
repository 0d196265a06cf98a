// The dashboard as terminals of every kind show it: at 80x24 and 200x50,
// under several TERM values, tmux reads back each character with its
// colours. Nothing may be drawn in a colour that is some terminal's
// background, the status line and the log must fit, and a wide terminal's
// room must be used. A damaged recording must say so on the screen.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fixturesDir } from '../support/fixtures';
import { repoRoot } from '../support/paths';
import { parseCapture, unreadableCells, type Cell } from '../support/sgr';
import { TmuxPane } from '../support/tmux';

const CLI = path.join(repoRoot(), 'dist', 'frontend', 'src', 'cli.js');
const FIXTURE = path.join(fixturesDir(), 'dash.ktr');

const text = (cells: Cell[]) => cells.map((c) => c.ch).join('');

/** The rows of the panel whose top border carries @label, inside its borders, from the left edge @left. */
function panelRows(lines: string[], label: string): string[] {
  const top = lines.findIndex((l) => l.includes(`─ ${label}`));
  assert.ok(top >= 0, `no panel ${label}:\n${lines.join('\n')}`);
  const chars = [...lines[top]];
  const left = [...lines[top]].findIndex((c, i) => c === '┌' && [...lines[top]].slice(i).join('').startsWith(`┌─ ${label}`));
  const right = chars.indexOf('┐', left);
  const rows: string[] = [];
  for (let r = top + 1; r < lines.length && [...lines[r]][left] === '│'; r++) rows.push([...lines[r]].slice(left + 1, right).join(''));
  return rows;
}

async function replayIn(pane: TmuxPane, term: string, file: string): Promise<void> {
  await pane.waitForPrompt();
  pane.keys(`TERM=${term} node ${CLI} dashboard --replay ${file} --speed 4; echo "dashboard exit status $?"`, 'Enter');
  await pane.waitFor('end |');
  // One more redraw after the end, so what is read back is final.
  await new Promise((resolve) => setTimeout(resolve, 300));
}

const TERMS = ['xterm', 'xterm-256color', 'tmux-256color', 'linux'];

describe('ktrace dashboard on 80x24 and 200x50 terminals', function () {
  this.timeout(120000);

  for (const term of TERMS) {
    describe(`TERM=${term}`, function () {
      let pane: TmuxPane | undefined;
      afterEach(() => pane?.kill());

      it('80x24: every character readable on dark and light backgrounds; the status line, the log and the footer fit', async function () {
        pane = new TmuxPane(80, 24);
        await replayIn(pane, term, FIXTURE);
        const cells = parseCapture(pane.screenWithEscapes());
        const lines = cells.map(text);
        assert.deepEqual(unreadableCells(cells).map(({ row, col, cell }) => `${row}:${col} ${cell.ch} fg ${cell.fg} bg ${cell.bg}`), []);
        assert.equal(lines[0].trimEnd(), '4945 rec/s | lost 0 | 00:00:01 | replay 100% x4 end | 6.12.117+deb12-amd64');
        // All five processes, exited, in default colours.
        const procs = panelRows(lines, 'processes');
        assert.equal(procs[0].trimEnd(), '   pid comm             S sys/s flt/s csw/s    rss');
        assert.deepEqual(
          procs.slice(1, 6).map((r) => r.trimEnd()),
          [
            '   194 pingpong         X   222    82   192   300K',
            '   195 pingpong         X   202     6   103   100K',
            '   188 sh               X    95    77    28   1.6M',
            '   193 mem_grow         X    27  1107   102   8.3M',
            '   196 sleep            X    25    59     4   1.4M',
          ],
        );
        assert.equal(panelRows(lines, 'syscalls (sort: calls)')[1], 'read                201   201    0  541.2us  47.53ms');
        // The log spans the whole width; its last entries are whole.
        const log = panelRows(lines, 'sched & signals');
        assert.equal(log.length, 4);
        assert.equal(log[0].length, 78);
        assert.deepEqual(log.slice(-2).map((l) => l.trimEnd()), ['1.581606 SIGCHLD sh(188) -> 178 delivered', '1.581659 sh(188) [I] -> (untraced)']);
        // The memory chart draws across its whole box.
        const chart = panelRows(lines, 'memory: free of total');
        assert.equal(chart[0].length, 24);
        assert.equal([...chart[0]].filter((c) => c !== '\u2800').length, 24, chart[0]);
        // Quit and help come first: they are what is left when the footer is cut.
        assert.match(lines[23], /^replay of .*dash\.ktr {2}q quit {2}\? help {2}p pause/);
      });

      it('200x50: the tables widen with more columns, the chart fills its box, every character readable', async function () {
        pane = new TmuxPane(200, 50);
        await replayIn(pane, term, FIXTURE);
        const cells = parseCapture(pane.screenWithEscapes());
        const lines = cells.map(text);
        assert.deepEqual(unreadableCells(cells).map(({ row, col, cell }) => `${row}:${col} ${cell.ch} fg ${cell.fg} bg ${cell.bg}`), []);
        assert.equal(lines[0].trimEnd(), '4945 rec/s | lost 0 | 00:00:01 | replay 100% x4 end | kernel 6.12.117+deb12-amd64 ABI 2 cpus 2');
        const syscalls = panelRows(lines, 'syscalls (sort: calls)');
        assert.equal(syscalls[0].trimEnd(), 'syscall                   calls    /s  err      avg      max      time   err%');
        assert.equal(syscalls[5].trimEnd(), 'newfstatat                   15    15   11  485.0us   3.87ms    7.27ms   73.3');
        const procs = panelRows(lines, 'processes');
        assert.equal(procs[0].trimEnd(), '   pid comm             S sys/s flt/s csw/s    rss  syscalls    faults       csw');
        assert.equal(procs[4].trimEnd(), '   193 mem_grow         X    27  1107   102   8.3M        36      2136       120');
        // The right-hand panels take the rest: 118 columns.
        const chart = panelRows(lines, 'memory: free of total');
        assert.equal(chart[0].length, 116);
        const drawn = chart.map((row) => [...row].filter((c) => c >= '\u2801' && c <= '\u28ff').length);
        assert.equal(Math.max(...drawn), 116, `the line spans the chart:\n${chart.join('\n')}`);
        const log = panelRows(lines, 'sched & signals');
        assert.equal(log.at(-1)!.trimEnd(), '1.581659 sh(188) [I] -> (untraced)');
        assert.ok(log.length >= 10);
      });
    });
  }

  describe('a damaged recording', function () {
    let pane: TmuxPane | undefined;
    afterEach(() => pane?.kill());
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ktrace-dash-damage-'));
    const original = fs.readFileSync(FIXTURE);

    it('a truncated recording: a warning on the screen, white on red; on quitting one line on stderr and status 1', async function () {
      const file = path.join(dir, 'truncated.ktr');
      fs.writeFileSync(file, original.subarray(0, original.length - 7));
      pane = new TmuxPane(80, 24);
      await replayIn(pane, 'xterm-256color', file);
      const cells = parseCapture(pane.screenWithEscapes());
      const footer = cells[23];
      assert.match(text(footer), /^truncated recording: the last 5 bytes are not a whole record {2}q quit/);
      assert.deepEqual({ fg: footer[0].fg, bg: footer[0].bg, bold: footer[0].bold }, { fg: 7, bg: 1, bold: true });
      assert.deepEqual(unreadableCells(cells), []);
      pane.keys('q');
      const after = await pane.waitFor((t) => /^dashboard exit status \d/m.test(t));
      assert.match(after.replace(/\n(?!ktrace|dashboard)/g, ''), new RegExp(`ktrace: ${file}: truncated: the last 5 bytes do not form a whole record\\s*dashboard exit status 1`));
    });

    it('garbage inside the stream: where, while it plays on past it', async function () {
      const file = path.join(dir, 'garbage.ktr');
      const bytes = Buffer.from(original);
      const middle = Math.floor(bytes.length / 2);
      bytes.fill(0xff, middle, middle + 8);
      fs.writeFileSync(file, bytes);
      pane = new TmuxPane(100, 30);
      await replayIn(pane, 'tmux-256color', file);
      const lines = pane.screen().split('\n');
      assert.match(lines[29], new RegExp(`^damaged recording: malformed at offset ${middle + 1}, skipped to the next keyframe {2}q quit`));
      pane.keys('q');
      const after = await pane.waitFor((t) => /^dashboard exit status \d/m.test(t));
      assert.match(after.replace(/\n(?!ktrace|dashboard)/g, ''), new RegExp(`ktrace: ${file}: malformed at offset ${middle + 1}: field tag 0xff is not CONTEXT PRIMITIVE; resumed at the next keyframe\\s*dashboard exit status 1`));
    });
  });
});
