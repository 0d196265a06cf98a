// The dashboard's span monitor: its pure row formatter, and the model fed
// the real recording spans.ktr (test/fixtures/README.md: a request span of
// 238.359730 ms whose child backend_io takes 208.181030 ms), with alert
// thresholds below and above those durations.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { FileSource } from '../../frontend/src/record/file-source';
import { pump } from '../../frontend/src/session/pump';
import { parseAlert, type MonitorRow } from '../../frontend/src/spans/monitor';
import { recordedIn } from '../../frontend/src/spans/sources';
import { loadSites } from '../../frontend/src/usdt/attach';
import { DashboardModel } from '../../frontend/src/views/dashboard/model';
import { durationText, formatAlertState, isRaised, SPAN_MIN_WIDTH, spanPanelTitle, spanTable, type SpanWatch } from '../../frontend/src/views/dashboard/panels/spans';
import { formatLogEntry } from '../../frontend/src/views/dashboard/panels/sched-log';
import { fixturesDir } from '../support/fixtures';

const MS = 1_000_000n;
const S = 1_000_000_000n;
/** spans.ktr: its first record (a keyframe), and the ends of its two spans (start_ns + duration_ns in spans.jsonl). */
const FIRST_NS = 68543125220;
const REQUEST_END = 68631393170n + 238359730n;
const BACKEND_END = 68655120420n + 208181030n;

async function replayed(alerts: string[], window = 10n * S, idle = 5n * S): Promise<DashboardModel> {
  const { source, header } = FileSource.open(path.join(fixturesDir(), 'spans.ktr'));
  const watch: SpanWatch = { sites: loadSites(header.usdt), recorded: recordedIn(BigInt(header.events)), alerts: alerts.map(parseAlert), windowNs: window, idleNs: idle };
  const model = new DashboardModel(watch);
  try {
    await pump(source, (record) => model.onRecord(record));
  } finally {
    source.close();
  }
  model.endOfStream();
  return model;
}

/** The panel as the screen draws it at @width, the names it highlights, and the log's alert lines. */
function shown(model: DashboardModel, width = 120): { rows: string[]; raised: string[]; log: string[] } {
  const table = spanTable(width, model.startNs!);
  const rows = model.spans!.rows();
  return {
    rows: [table.header, ...rows.map((r) => table.row(r))],
    raised: rows.filter(isRaised).map((r) => r.name),
    log: model.log
      .lines()
      .filter((e) => !e.pids.length)
      .map((e) => formatLogEntry(e, model.startNs!)),
  };
}

describe('dashboard span monitor', function () {
  describe('pure formatters', function () {
    const alert = parseAlert('osd_op>5ms');
    const median = parseAlert('osd_op.p50>2.5ms');
    const row: MonitorRow = {
      name: 'osd_op',
      window: { count: 42, p50: 2_100_000n, p99: 7_250_000n },
      total: 1234,
      alerts: [
        { alert, raised: true, since: 3_500_000_000n },
        { alert: median, raised: false, since: 4_000_250_000n },
      ],
    };

    it('alert states: raised with its crossing time, cleared with its time, never crossed', function () {
      assert.equal(formatAlertState(row.alerts[0], 1_000_000_000), 'p99>5ms ALERT since 2.500000s');
      assert.equal(formatAlertState(row.alerts[1], 1_000_000_000), 'p50>2.5ms ok since 3.000250s');
      assert.equal(formatAlertState({ alert, raised: false }, 0), 'p99>5ms ok');
    });

    it('rows: window count, p50, p99, session total, alerts; the total goes first on a narrow panel', function () {
      const wide = spanTable(98, 1_000_000_000);
      assert.equal(wide.header, 'span                         count      p50      p99  total  alerts');
      assert.equal(wide.row(row), 'osd_op                          42   2.10ms   7.25ms   1234  p99>5ms ALERT since 2.500000s, p50>2');
      const idle: MonitorRow = { name: 'a_rather_long_span_name_indeed_yes', window: { count: 0, p50: 0n, p99: 0n }, total: 7, alerts: [] };
      assert.equal(wide.row(idle), 'a_rather_long_span_name_ind      0        -        -      7');
      assert.equal(SPAN_MIN_WIDTH, 48);
      const narrow = spanTable(SPAN_MIN_WIDTH, 1_000_000_000);
      assert.equal(narrow.header, 'span         count      p50      p99  alerts');
      assert.equal(narrow.row(row), 'osd_op          42   2.10ms   7.25ms  p99>5ms A');
      assert.ok(isRaised(row));
      assert.ok(!isRaised({ ...row, alerts: [row.alerts[1]] }));
    });

    it('the title says the window and the idle time as typed', function () {
      assert.equal(durationText(10n * S), '10s');
      assert.equal(durationText(1500n * MS), '1500ms');
      assert.equal(durationText(2500n), '2500ns');
      assert.equal(durationText(7000n), '7us');
      const watch: SpanWatch = { sites: new Map(), recorded: { syscall: false, sched: false, fault: false }, alerts: [], windowNs: 10n * S, idleNs: 500n * MS };
      assert.equal(spanPanelTitle(watch), 'spans (window 10s, idle 500ms)');
    });
  });

  describe('replaying spans.ktr', function () {
    it('thresholds below the durations raise at the span ends; above them, nothing', async function () {
      const model = await replayed(['request>200ms', 'backend_io.p50>200ms', 'request.p50>300ms', 'backend_io>1s']);
      assert.equal(model.startNs, FIRST_NS);
      const since = (end: bigint) => ((Number(end) - FIRST_NS) / 1e9).toFixed(6);
      assert.equal(since(REQUEST_END), '0.326628');
      assert.equal(since(BACKEND_END), '0.320176');
      assert.deepEqual(shown(model), {
        rows: [
          'span                         count      p50      p99  total  alerts',
          'backend_io                       1 208.18ms 208.18ms      1  p50>200ms ALERT since 0.320176s, p99>1s ok',
          'request                          1 238.36ms 238.36ms      1  p99>200ms ALERT since 0.326628s, p50>300ms ok',
        ],
        raised: ['backend_io', 'request'],
        log: ['0.320176 alert backend_io.p50>200ms: p50 208.181ms over 1 span', '0.326628 alert request>200ms: p99 238.359ms over 1 span'],
      });
    });

    it('a threshold above both durations: no alert, no log line; names without alerts are listed too', async function () {
      const model = await replayed(['request>250ms']);
      assert.deepEqual(shown(model), {
        rows: [
          'span                         count      p50      p99  total  alerts',
          'backend_io                       1 208.18ms 208.18ms      1',
          'request                          1 238.36ms 238.36ms      1  p99>250ms ok',
        ],
        raised: [],
        log: [],
      });
    });

    it('live, the window slides on: the spans leave it and the alert clears, dated when they left', async function () {
      // An idle time above the 208 ms the request goes without annotations (below it, the trace would end early).
      const model = await replayed(['request>200ms'], 1n * S, 300n * MS);
      // Live, time moves on without records (every record before it has come): the window ends the idle time before it.
      model.settleTo(Number(REQUEST_END + S + 300n * MS) - 1);
      assert.equal(shown(model).rows[1], 'request                          1 238.36ms 238.36ms      1  p99>200ms ALERT since 0.326628s');
      // Checked every half idle time: the next check is 150 ms on; the departure is dated when it happened.
      model.settleTo(Number(REQUEST_END + S + 300n * MS + 149n * MS));
      assert.deepEqual(shown(model).raised, ['request']);
      model.settleTo(Number(REQUEST_END + S + 300n * MS + 150n * MS));
      assert.deepEqual(shown(model), {
        rows: [
          'span                         count      p50      p99  total  alerts',
          'backend_io                       0        -        -      1',
          'request                          0        -        -      1  p99>200ms ok since 1.326628s',
        ],
        raised: [],
        log: ['0.326628 alert request>200ms: p99 238.359ms over 1 span', '1.326628 clear request>200ms: no span in the window'],
      });
      assert.deepEqual(model.stateSizes().spanNames, 2);
    });

    it('a span alert stays in the log whatever the process filter', async function () {
      const model = await replayed(['request>200ms']);
      const entries = model.log.lines(new Set([999999]));
      assert.deepEqual(
        entries.map((e) => e.text),
        ['alert request>200ms: p99 238.359ms over 1 span'],
      );
    });
  });
});
