// --alert: thresholds, nearest-rank p50/p99 over a sliding window of span
// ends, raised and cleared once per crossing, and the per-name table.
import { strict as assert } from 'node:assert';
import { formatMonitor, parseAlert, parseDuration, quantile, SpanMonitor } from '../../frontend/src/spans/monitor';
import { UserError } from '../../frontend/src/user-error';

const MS = 1_000_000n;

describe('spans --alert monitor', function () {
  it('parses NAME>DURATION and NAME.p50>DURATION; bad ones are usage errors', function () {
    assert.deepEqual(parseAlert('osd_op>5ms'), { name: 'osd_op', quantile: 99, limitNs: 5n * MS, text: 'osd_op>5ms' });
    assert.deepEqual(parseAlert('a.b.p50>1.5us'), { name: 'a.b', quantile: 50, limitNs: 1500n, text: 'a.b.p50>1.5us' });
    assert.equal(parseAlert('x>2s').limitNs, 2_000_000_000n);
    assert.equal(parseDuration('10s', '--window'), 10_000_000_000n);
    for (const bad of ['osd_op', '>5ms', 'x>5', 'x>fast'])
      assert.throws(() => parseAlert(bad), (e: unknown) => e instanceof UserError && e.exitCode === 2 && e.message.startsWith(`--alert ${bad}: `));
    assert.throws(() => parseDuration('0s', '--window'), (e: unknown) => e instanceof UserError && e.message === '--window 0s: expected a positive duration with its unit (ns, us, ms, s)');
  });

  it('nearest-rank quantiles', function () {
    const d = Array.from({ length: 100 }, (_, i) => BigInt(i + 1));
    assert.equal(quantile(d, 50), 50n);
    assert.equal(quantile(d, 99), 99n);
    assert.equal(quantile([7n], 99), 7n);
    assert.equal(quantile([], 50), 0n);
  });

  it('raises when the window p99 crosses the limit, clears when slow spans leave the window', function () {
    const m = new SpanMonitor(100n * MS, [parseAlert('op>5ms'), parseAlert('op.p50>3ms')]);
    // Fast spans every 10 ms, then four slow ones, then fast ones again until the slow ones age out.
    const durations = [1, 1, 1, 9, 9, 9, 9, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
    durations.forEach((d, i) => m.add('op', BigInt(i + 1) * 10n * MS, BigInt(d) * MS));
    m.add('other', 50n * MS, 2n * MS);
    assert.deepEqual(
      m.events.map((e) => [e.alert.text, e.raised, Number(e.at / MS), e.stats.count]),
      [
        ['op>5ms', true, 40, 4],
        ['op.p50>3ms', true, 70, 7],
        ['op.p50>3ms', false, 80, 8],
        ['op>5ms', false, 170, 10],
      ],
    );
    assert.equal(
      formatMonitor(m, 0n),
      [
        'alert op>5ms: p99 9.000ms over 4 spans at +40.000ms',
        'alert op.p50>3ms: p50 9.000ms over 7 spans at +70.000ms',
        'clear op.p50>3ms: p50 1.000ms at +80.000ms',
        'clear op>5ms: p99 1.000ms at +170.000ms',
        'span    count          p50          p99  alert',
        'op         20      1.000ms      9.000ms  op>5ms, op.p50>3ms',
        'other       1      2.000ms      2.000ms',
        '',
      ].join('\n'),
    );
  });

  it('the window slides with time: a slow span leaving it clears the alert when it leaves, with no span ending', function () {
    const m = new SpanMonitor(100n * MS, [parseAlert('op>5ms')], false);
    assert.deepEqual(m.add('op', 10n * MS, 9n * MS).map((e) => [e.raised, Number(e.at / MS), e.stats.count]), [[true, 10, 1]]);
    m.add('op', 30n * MS, 1n * MS);
    assert.deepEqual(m.advanceTo(109n * MS), [], 'still in the window 99 ms after its end');
    assert.deepEqual(
      m.advanceTo(500n * MS).map((e) => [e.raised, Number(e.at / MS), e.stats.count, Number(e.stats.p99 / MS)]),
      [[false, 110, 1, 1]],
      'cleared when the 9 ms span left (10 + 100 ms), with the 1 ms one still in',
    );
    assert.deepEqual(
      m.rows().map((r) => [r.name, r.window.count, r.total, r.alerts.map((a) => [a.raised, Number(a.since! / MS)])]),
      [['op', 0, 2, [[false, 110]]]],
    );
    assert.deepEqual(m.events, [], 'a live monitor keeps no history');
    assert.deepEqual(m.summary(), [{ name: 'op', stats: { count: 0, p50: 0n, p99: 0n } }]);
  });

  it('a span handed out late is placed by its end, judged at the latest time seen, and dropped if already out', function () {
    const m = new SpanMonitor(100n * MS, [parseAlert('op>5ms')]);
    m.add('op', 50n * MS, 1n * MS);
    m.add('other', 120n * MS, 1n * MS);
    assert.deepEqual(m.add('op', 15n * MS, 9n * MS), [], 'ended at 15: out of the window (20, 120]');
    const late = m.add('op', 60n * MS, 9n * MS);
    assert.deepEqual(late.map((e) => [e.raised, Number(e.at / MS), e.stats.count, Number(e.stats.p99 / MS)]), [[true, 120, 2, 9]]);
    assert.deepEqual(
      m.rows().map((r) => [r.name, r.window.count, Number(r.window.p50 / MS), Number(r.window.p99 / MS), r.total]),
      [
        ['op', 2, 1, 9, 3],
        ['other', 1, 1, 1, 1],
      ],
    );
    // The 50 ms span leaves at 150 (the 9 ms one keeps p99 over), the 60 ms one at 160.
    assert.deepEqual(m.advanceTo(200n * MS).map((e) => [e.raised, Number(e.at / MS), e.stats.count]), [[false, 160, 0]]);
    assert.deepEqual(
      m.events.map((e) => [e.raised, Number(e.at / MS)]),
      [
        [true, 120],
        [false, 160],
      ],
    );
  });

  it('names an alert watches have a row before any span of theirs ends', function () {
    const m = new SpanMonitor(MS, [parseAlert('osd_op>5ms')], false);
    assert.deepEqual(m.rows(), [{ name: 'osd_op', window: { count: 0, p50: 0n, p99: 0n }, total: 0, alerts: [{ alert: parseAlert('osd_op>5ms'), raised: false }] }]);
  });
});
