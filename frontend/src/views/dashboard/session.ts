// Runs the dashboard over a record source until the user quits, and gives
// the terminal back however it ends: q, Ctrl-C, SIGTERM or an error.
import { DashboardModel } from './model';
import { DashboardScreen, type ScreenOptions } from './screen';
import type { SpanWatch } from './panels/spans';
import type { DecodedRecord } from '../../decode';

export interface DashboardFeed {
  /** Delivers records until stopped or exhausted. */
  run(onRecord: (record: DecodedRecord) => void, screen: DashboardScreen): Promise<void>;
  /** Asks run() to return soon. */
  stop(): void;
  /** Record time moves on while nothing happens (live only): CLOCK_MONOTONIC ns. */
  clockNs?: () => number;
  /**
   * Live: how far the newest record read lags the clock while the reader has
   * more queued than it read, in ns; 0 once it has caught up.
   */
  behindNs?: () => number;
  /**
   * Live: the record time before which every record has been handed out;
   * asked once the reads that completed meanwhile have been (a stalled
   * event loop leaves them queued while the clock runs on).
   */
  settledNs?: () => number;
}

/** @spans: monitor the spans of the stream's zipkin annotations in a panel of their own. */
export async function runDashboard(feed: DashboardFeed, opts: ScreenOptions, spans?: SpanWatch): Promise<DashboardModel> {
  const model = new DashboardModel(spans);
  const behindSec = feed.behindNs ? () => feed.behindNs!() / 1e9 : undefined;
  const screen = new DashboardScreen(model, { behindSec, ...opts });
  let failure: unknown;
  let onSignal = () => undefined as void;
  const signalled = new Promise<void>((resolve) => (onSignal = resolve));
  const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const signal of SIGNALS) process.on(signal, onSignal);
  const ticker = feed.clockNs
    ? setInterval(() => {
        // Behind, the clock is ahead of the records: rates stay on record time.
        if (!feed.behindNs?.()) model.advanceTo(feed.clockNs!());
        // Spans end by the time nothing of theirs can still come: after the poll phase hands out completed reads.
        if (model.spans && feed.settledNs)
          setImmediate(() => {
            model.settleTo(feed.settledNs!());
            screen.invalidate();
          });
        screen.invalidate();
      }, 250)
    : undefined;
  const feeding = feed
    .run((record) => {
      model.onRecord(record);
      screen.invalidate();
    }, screen)
    .catch((err: unknown) => {
      failure = err;
    });
  const failed = feeding.then(() => {
    if (failure !== undefined) return;
    // The source ended (replay done): what was in progress is complete; keep showing it.
    model.endOfStream();
    screen.invalidate();
    return new Promise<void>(() => undefined);
  });
  try {
    await Promise.race([screen.quit, signalled, failed]);
  } finally {
    if (ticker) clearInterval(ticker);
    feed.stop();
    screen.destroy();
    for (const signal of SIGNALS) process.removeListener(signal, onSignal);
  }
  await feeding;
  if (failure !== undefined) throw failure;
  return model;
}
