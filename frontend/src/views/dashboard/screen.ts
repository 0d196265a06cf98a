// The blessed screen: one method per panel, each turning its model into text
// through the panel's pure formatter. Redraws are throttled to 10 a second.
import blessed from 'blessed';
import type { DashboardModel } from './model';
import { formatRateLine } from './panels/event-rate';
import { brailleChart, formatMemoryFigures } from './panels/memory';
import { PROCESS_MIN_WIDTH, PROCESS_SORTS, processSortTitle, processTable, type ProcessRow, type ProcessSort } from './panels/processes';
import { formatLogEntry } from './panels/sched-log';
import { isRaised, spanPanelTitle, spanTable } from './panels/spans';
import { formatStatus, type SourceInfo, type StatusView } from './panels/status';
import { SYSCALL_MIN_WIDTH, SYSCALL_SORTS, syscallSortTitle, syscallTable, type SyscallSort } from './panels/syscalls';

const REDRAW_MS = 100;
/**
 * Rows handed to a table: blessed keeps an element per row, so the rows are
 * the top ones by the sort however many processes or syscalls were seen.
 */
export const MAX_TABLE_ROWS = 200;
/** Below this width the log takes the whole width under the tables. */
const WIDE_LAYOUT_COLUMNS = 100;

export const HELP_TEXT = [
  'ktrace dashboard keys',
  '',
  '  q, Ctrl-C   quit',
  '  p           pause: keep reading, freeze the view',
  '  s           change the sort of the focused table',
  '  f           filter by pid or comm (empty: all)',
  '  Enter/click select a process: filter by it',
  '  Tab         move the focus',
  '  /           search the sched and signals log',
  '  ?           this help (any key closes it)',
  '',
  '  S column: state as ps shows it (R running,',
  '  S sleeping, D uninterruptible, ...), X exited',
];

export interface ScreenOptions {
  source: () => SourceInfo;
  /** Replay: the position and speed. */
  position?: () => { fraction: number; speed: number; done: boolean };
  /** A line for the footer, e.g. the traced command's exit. */
  note?: () => string | undefined;
  /** Live: seconds the view lags the kernel while it catches up (0: caught up). */
  behindSec?: () => number;
  /** A problem the user must see, e.g. damage in a replayed recording: drawn highlighted in the footer. */
  warning?: () => string | undefined;
  /** Streams for blessed instead of the process's stdin and stdout (tests). */
  io?: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream & { columns: number; rows: number }; terminal: string };
}

type Panel = blessed.Widgets.BoxElement;
type List = blessed.Widgets.ListElement;

export class DashboardScreen {
  private readonly screen: blessed.Widgets.Screen;
  private readonly status: Panel;
  private readonly syscallBox: Panel;
  private readonly syscallList: List;
  private readonly syscallHeader: Panel;
  private readonly processBox: Panel;
  private readonly processHeader: Panel;
  private readonly processList: List;
  private readonly memoryBox: Panel;
  private readonly ratesBox: Panel;
  private readonly logBox: Panel;
  /** With span monitoring only. */
  private readonly spanBox: Panel | undefined;
  private readonly spanHeader: Panel | undefined;
  private readonly spanRows: Panel | undefined;
  private readonly footer: Panel;
  private readonly focusable: List[];
  private focusIndex = 0;
  private syscallSort: SyscallSort = 'calls';
  private processSort: ProcessSort = 'syscallsPerSec';
  private processRows: ProcessRow[] = [];
  private filterText: string | undefined;
  private search: string | undefined;
  private paused = false;
  private prompting = false;
  private help: Panel | undefined;
  private dirty = true;
  private readonly timer: NodeJS.Timeout;
  private destroyed = false;
  /** Resolves on q or Ctrl-C; rejects when drawing fails, so the caller restores the terminal and reports it. */
  readonly quit: Promise<void>;
  private fail: (err: unknown) => void = () => undefined;

  constructor(
    private readonly model: DashboardModel,
    private readonly opts: ScreenOptions,
  ) {
    // A test's output stream carries columns and rows, as a TTY does.
    const io = opts.io;
    this.screen = blessed.screen({
      smartCSR: true,
      fullUnicode: true,
      forceUnicode: true,
      autoPadding: false,
      title: 'ktrace dashboard',
      ...(io ? { input: io.input, output: io.output, terminal: io.terminal } : {}),
    } as blessed.Widgets.IScreenOptions);
    // Box lines as UTF-8, never the terminal's alternate charset: the braille
    // chart needs UTF-8 anyway, and tmux's captures keep ACS as letters.
    (this.screen.tput as unknown as { brokenACS: boolean }).brokenACS = true;
    const box = (label: string) =>
      blessed.box({ parent: this.screen, label: ` ${label} `, border: { type: 'line' }, tags: true, style: { border: { fg: 'blue' } } });
    // Children are placed from the parent's outer edge: 1 skips its border.
    const list = (parent: Panel, top: number) =>
      blessed.list({
        parent,
        top,
        left: 1,
        right: 1,
        bottom: 1,
        mouse: true,
        keys: true,
        tags: true,
        style: { selected: { inverse: true } },
      });
    this.status = blessed.box({ parent: this.screen, top: 0, left: 0, height: 1, width: '100%', tags: true });
    this.syscallBox = box('syscalls');
    // Headers are drawn with the rows, at the width the layout gives.
    const header = (parent: Panel) => blessed.box({ parent, top: 1, left: 1, right: 1, height: 1, tags: true, wrap: false });
    this.syscallHeader = header(this.syscallBox);
    this.syscallList = list(this.syscallBox, 2);
    this.processBox = box('processes');
    this.processHeader = header(this.processBox);
    this.processList = list(this.processBox, 2);
    if (model.spans) {
      this.spanBox = box(spanPanelTitle(model.spans.watch));
      this.spanHeader = header(this.spanBox);
      this.spanRows = blessed.box({ parent: this.spanBox, top: 2, left: 1, right: 1, bottom: 1, tags: true, wrap: false });
    }
    this.memoryBox = box('memory');
    this.ratesBox = box('events/s');
    this.logBox = box(this.logTitle());
    this.footer = blessed.box({ parent: this.screen, left: 0, height: 1, width: '100%', tags: true });
    this.focusable = [this.syscallList, this.processList];
    this.processList.on('select', (_item, index) => this.filterBy(this.processRows[index]?.pid));
    this.layout();
    this.focusable[0].focus();
    this.quit = new Promise((resolve, reject) => {
      this.fail = reject;
      this.screen.key(['q', 'C-c'], () => {
        if (!this.prompting) resolve();
      });
    });
    this.bindKeys();
    this.screen.on('resize', () => {
      this.layout();
      this.dirty = true;
    });
    this.timer = setInterval(() => {
      try {
        this.draw();
      } catch (err) {
        this.fail(err);
      }
    }, REDRAW_MS);
  }

  /** Something changed: the next tick redraws. */
  invalidate(): void {
    this.dirty = true;
  }

  isPaused(): boolean {
    return this.paused;
  }

  /** Gives the terminal back; safe to call twice. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    clearInterval(this.timer);
    this.screen.destroy();
  }

  private bindKeys(): void {
    const unlessPrompting = (fn: () => void) => () => {
      if (this.help) return this.closeHelp();
      if (!this.prompting) fn();
    };
    this.screen.key('p', unlessPrompting(() => (this.paused = !this.paused)));
    this.screen.key('s', unlessPrompting(() => this.cycleSort()));
    this.screen.key('tab', unlessPrompting(() => this.moveFocus()));
    this.screen.key('f', unlessPrompting(() => this.ask('filter (pid or comm, empty for all): ', (text) => this.filterBy(text))));
    this.screen.key('/', unlessPrompting(() => this.ask('search log: ', (text) => (this.search = text || undefined))));
    this.screen.key('?', unlessPrompting(() => this.showHelp()));
    this.screen.on('keypress', (_ch, key: { full?: string }) => {
      if (this.help && key.full !== '?') this.closeHelp();
      this.dirty = true;
    });
  }

  private cycleSort(): void {
    const next = <T>(all: readonly T[], current: T) => all[(all.indexOf(current) + 1) % all.length];
    if (this.focusable[this.focusIndex] === this.processList) this.processSort = next(PROCESS_SORTS, this.processSort);
    else this.syscallSort = next(SYSCALL_SORTS, this.syscallSort);
  }

  private moveFocus(): void {
    this.focusIndex = (this.focusIndex + 1) % this.focusable.length;
    this.focusable[this.focusIndex].focus();
  }

  private filterBy(value: string | number | undefined): void {
    const text = value === undefined ? '' : String(value).trim();
    this.filterText = text || undefined;
    this.dirty = true;
  }

  /** A one-line prompt in the footer; Enter submits, Escape cancels. */
  private ask(question: string, onAnswer: (text: string) => void): void {
    this.prompting = true;
    // Inverse, not a fixed colour: readable on dark and light terminals alike.
    const input = blessed.textbox({ parent: this.screen, bottom: 0, left: 0, height: 1, width: '100%', inputOnFocus: false, style: { inverse: true } });
    input.setValue('');
    const label = blessed.text({ parent: this.screen, bottom: 0, left: 0, height: 1, content: question, style: { inverse: true, bold: true } });
    input.left = question.length;
    input.width = Math.max(1, (this.screen.width as number) - question.length);
    this.screen.render();
    input.readInput((err, value) => {
      input.destroy();
      label.destroy();
      this.prompting = false;
      if (!err && value !== undefined && value !== null) onAnswer(value);
      this.focusable[this.focusIndex].focus();
      this.dirty = true;
    });
  }

  private showHelp(): void {
    this.help = blessed.box({
      parent: this.screen,
      top: 'center',
      left: 'center',
      width: 52,
      height: HELP_TEXT.length + 2,
      border: { type: 'line' },
      content: HELP_TEXT.join('\n'),
    });
    this.screen.render();
  }

  private closeHelp(): void {
    this.help?.destroy();
    this.help = undefined;
    this.dirty = true;
  }

  /**
   * Panels sized from the terminal: the tables on the left, at least as wide
   * as their narrowest columns and widening (with more columns) beyond; the
   * memory chart, the rates and the log on the right. Below 100 columns the
   * log takes the whole width under them, so its lines are not cut.
   */
  private layout(): void {
    const width = this.screen.width as number;
    const height = this.screen.height as number;
    // The span table is wide (its alerts' states): it takes the whole width under the rest.
    const spanHeight = this.spanBox ? Math.max(5, Math.floor((height - 2) * 0.25)) : 0;
    const body = Math.max(4, height - 2 - spanHeight);
    const tablesWidth = Math.max(SYSCALL_MIN_WIDTH, PROCESS_MIN_WIDTH) + 2;
    const place = (el: Panel, t: number, l: number, w: number, h: number) => {
      el.top = t;
      el.left = l;
      el.width = Math.max(1, w);
      el.height = Math.max(1, h);
    };
    if (width < WIDE_LAYOUT_COLUMNS) {
      const leftWidth = Math.max(Math.min(tablesWidth, width - 20), Math.floor(width / 2));
      const logHeight = Math.max(4, Math.floor(body * 0.3));
      const upper = body - logHeight;
      const top = Math.floor(upper / 2);
      place(this.syscallBox, 1, 0, leftWidth, top);
      place(this.processBox, 1 + top, 0, leftWidth, upper - top);
      place(this.memoryBox, 1, leftWidth, width - leftWidth, top);
      place(this.ratesBox, 1 + top, leftWidth, width - leftWidth, upper - top);
      place(this.logBox, 1 + upper, 0, width, logHeight);
    } else {
      // No wider than the tables with all their columns: the rest is the chart's and the log's.
      const widest = Math.max(syscallTable(Infinity).header.length, processTable(Infinity).header.length) + 2;
      const leftWidth = Math.min(width - 40, Math.max(tablesWidth + 1, Math.min(widest, Math.floor(width * 0.55))));
      const top = Math.floor(body / 2);
      place(this.syscallBox, 1, 0, leftWidth, top);
      place(this.processBox, 1 + top, 0, leftWidth, body - top);
      const memHeight = Math.floor(body * 0.4);
      const rateHeight = Math.floor(body * 0.3);
      place(this.memoryBox, 1, leftWidth, width - leftWidth, memHeight);
      place(this.ratesBox, 1 + memHeight, leftWidth, width - leftWidth, rateHeight);
      place(this.logBox, 1 + memHeight + rateHeight, leftWidth, width - leftWidth, body - memHeight - rateHeight);
    }
    if (this.spanBox) place(this.spanBox, 1 + body, 0, width, spanHeight);
    this.footer.top = height - 1;
  }

  private logTitle(): string {
    const title = this.model.spans ? 'sched, signals & span alerts' : 'sched & signals';
    return ` ${title}${this.search ? ` /${this.search}` : ''} `;
  }

  private draw(): void {
    if (this.destroyed || !this.dirty || this.prompting || this.help) return;
    this.dirty = false;
    this.drawStatus();
    if (!this.paused) {
      const pids = this.filterText === undefined ? undefined : this.model.processes.matching(this.filterText);
      this.drawSyscalls(pids);
      this.drawProcesses(pids);
      this.drawMemory();
      this.drawRates();
      this.drawSpans();
      this.drawLog(pids);
    }
    this.drawFooter();
    this.screen.render();
  }

  private drawStatus(): void {
    const view: StatusView = {
      source: this.opts.source(),
      recordsPerSec: this.model.status.records.perSec(this.model.nowSec),
      lost: this.model.status.lost,
      elapsedSec: this.model.elapsedSec,
      paused: this.paused,
      position: this.opts.position?.(),
      filter: this.filterText,
      behindSec: this.opts.behindSec?.(),
    };
    const s = formatStatus(view, this.screen.width as number);
    const lost = this.model.status.lost > 0 ? alarm(s.lost) : esc(s.lost);
    const behind = s.behind ? `${alarm(s.behind)}{inverse} | {/inverse}` : '';
    this.status.setContent(`{inverse}${esc(s.head)}{/inverse}${behind}${lost}{inverse}${esc(s.tail)}{/inverse}`);
  }

  private drawSyscalls(pids: ReadonlySet<number> | undefined): void {
    const rows = this.model.syscalls.rows(this.model.nowSec, this.syscallSort, pids).slice(0, MAX_TABLE_ROWS);
    const table = syscallTable(this.innerSize(this.syscallBox).width);
    this.syscallBox.setLabel(` syscalls (sort: ${syscallSortTitle(this.syscallSort)}) `);
    this.syscallHeader.setContent(`{bold}${esc(table.header)}{/bold}`);
    setRows(this.syscallList, rows.map((r) => esc(table.row(r))));
  }

  private drawProcesses(pids: ReadonlySet<number> | undefined): void {
    this.processRows = this.model.processes.rows(this.model.nowSec, this.processSort).slice(0, MAX_TABLE_ROWS);
    const table = processTable(this.innerSize(this.processBox).width);
    this.processBox.setLabel(` processes (sort: ${processSortTitle(this.processSort)}) `);
    this.processHeader.setContent(`{bold}${esc(table.header)}{/bold}`);
    // Attributes only, never a colour: a fixed foreground vanishes on some
    // terminal's background (gray is black on many dark ones). Exited
    // processes say so in the state column (X).
    const lines = this.processRows.map((r) => {
      const text = esc(table.row(r));
      return pids?.has(r.pid) ? `{bold}{underline}${text}{/underline}{/bold}` : text;
    });
    setRows(this.processList, lines);
  }

  private drawMemory(): void {
    const inner = this.innerSize(this.memoryBox);
    const figures = formatMemoryFigures(this.model.memory.current(), this.model.memory.lastComplete(), inner.width);
    const chartHeight = Math.max(1, inner.height - figures.length);
    const history = this.model.memory.history();
    const total = history.length ? history[history.length - 1].totalBytes : 0;
    const chart = history.length ? brailleChart(history.map((s) => s.freeBytes), total, inner.width, chartHeight) : [];
    this.memoryBox.setLabel(' memory: free of total ');
    this.memoryBox.setContent(esc([...chart, ...figures].join('\n')));
  }

  private drawRates(): void {
    const inner = this.innerSize(this.ratesBox);
    const lines = this.model.rates.series(this.model.nowSec, Math.max(1, inner.width - 17)).map((s) => formatRateLine(s.family, s.counts, inner.width));
    this.ratesBox.setContent(esc(lines.join('\n')));
  }

  /** Not filtered by process: a span's annotations may come from any of them. */
  private drawSpans(): void {
    const spans = this.model.spans;
    if (!spans || !this.spanBox || !this.spanHeader || !this.spanRows) return;
    const inner = this.innerSize(this.spanBox);
    const table = spanTable(inner.width, this.model.startNs ?? 0);
    this.spanHeader.setContent(`{bold}${esc(table.header)}{/bold}`);
    const rows = spans.rows().slice(0, Math.max(0, inner.height - 1));
    const lines = rows.map((r) => {
      const text = table.row(r).slice(0, inner.width);
      // A raised alert: the whole row white on red, as the lost count is.
      return isRaised(r) ? alarm(text.padEnd(inner.width)) : esc(text);
    });
    this.spanRows.setContent(lines.length ? lines.join('\n') : esc(spans.annotations ? 'no trace complete yet' : 'no annotations yet'));
  }

  private drawLog(pids: ReadonlySet<number> | undefined): void {
    const start = this.model.startNs ?? 0;
    const entries = this.model.log.lines(pids, this.search);
    this.logBox.setLabel(this.logTitle());
    const inner = this.innerSize(this.logBox);
    // Wrapped here, not by blessed, so the newest entry is always the last line shown.
    const lines: string[] = [];
    for (let i = entries.length - 1; i >= 0 && lines.length < inner.height; i--) lines.unshift(...wrapLine(formatLogEntry(entries[i], start), inner.width));
    this.logBox.setContent(esc(lines.slice(-inner.height).join('\n')));
  }

  private drawFooter(): void {
    const warning = this.opts.warning?.();
    const note = this.opts.note?.();
    // The warning, else the note, first: on a narrow terminal the last key hints are what gets cut (? shows them all).
    const first = warning ? `${alarm(warning)} ` : note ? `${esc(note)} ` : '';
    this.footer.setContent(`${first}{inverse} q quit  ? help  p pause  s sort  f filter  tab focus  / search {/inverse}`);
  }

  private innerSize(el: Panel): { width: number; height: number } {
    return { width: Math.max(1, (el.width as number) - 2), height: Math.max(1, (el.height as number) - 2) };
  }
}

/** White on red: a fixed background with its own foreground reads on any terminal. */
function alarm(text: string): string {
  return `{red-bg}{white-fg}{bold}${esc(text)}{/bold}{/white-fg}{/red-bg}`;
}

/** Replaces a list's rows and keeps its selected index where it was. */
function setRows(list: List, lines: string[]): void {
  const selected = (list as unknown as { selected: number }).selected ?? 0;
  list.setItems(lines as unknown as blessed.Widgets.BlessedElement[]);
  if (lines.length) list.select(Math.min(selected, lines.length - 1));
}

/** @text in lines of at most @width, broken at spaces where it can, continuations indented by 2. */
export function wrapLine(text: string, width: number): string[] {
  const lines: string[] = [];
  let rest = text;
  let indent = '';
  while (indent.length + rest.length > width && width > indent.length + 1) {
    const room = width - indent.length;
    const space = rest.lastIndexOf(' ', room);
    const cut = space > room / 2 ? space : room;
    lines.push(indent + rest.slice(0, cut));
    rest = rest.slice(cut).trimStart();
    indent = '  ';
  }
  lines.push(indent + rest);
  return lines;
}

/** Braces are blessed's tag syntax: text shown verbatim escapes them. */
function esc(text: string): string {
  return blessed.escape(text);
}
