// Where `ktrace spans` puts traces as they complete: the text or JSON view
// at once, the exporters' queues at once; the Perfetto timeline and the
// --alert monitor when the session ends.
import type { Output } from '../io/output';
import { SpanExporter, type Transport } from '../export/exporter';
import { flushAll } from '../export/flush-all';
import { serializeTrace } from '../views/export';
import { formatTreesJson } from './json';
import { walk, type SpanTree } from './model';
import { formatMonitor, monitorTrees, SpanMonitor, type Alert } from './monitor';
import { spanEvents } from './perfetto';
import { formatTrees } from './text';
import { exportSpans } from './to-export';

export type SpanFormat = 'text' | 'json' | 'perfetto';

export class SpanOutput {
  private readonly kept: SpanTree[] = [];
  readonly exporters: SpanExporter[];
  private exported = 0;

  constructor(
    private readonly out: Output,
    private readonly format: SpanFormat,
    private readonly alerts: readonly Alert[],
    private readonly windowNs: bigint,
    transports: readonly Transport[],
  ) {
    this.exporters = transports.map((t) => new SpanExporter(t));
  }

  readonly onTraces = (trees: readonly SpanTree[], realtimeOffsetNs: bigint): void => {
    if (this.format === 'text') this.out.write(formatTrees(trees));
    else if (this.format === 'json') this.out.write(formatTreesJson(trees, realtimeOffsetNs));
    if (this.format === 'perfetto' || this.alerts.length) this.kept.push(...trees);
    if (!this.exporters.length) return;
    const spans = exportSpans(trees, realtimeOffsetNs);
    this.exported += spans.length;
    for (const e of this.exporters) for (const s of spans) e.push(s);
  };

  /** The end-of-session parts of the view: the Perfetto file. */
  finishView(info: Readonly<Record<string, string>>): void {
    if (this.format === 'perfetto') this.out.write(serializeTrace(spanEvents(this.kept), info));
  }

  /** The --alert report (empty without alerts). */
  monitorReport(): string {
    if (!this.alerts.length) return '';
    const monitor = new SpanMonitor(this.windowNs, this.alerts);
    monitorTrees(monitor, this.kept);
    const start = this.kept.flatMap((t) => [...walk(t.roots)].map(({ span }) => span)).reduce<bigint | undefined>((m, s) => (m === undefined || s.start < m ? s.start : m), undefined);
    return formatMonitor(monitor, start ?? 0n);
  }

  /** Sends what is queued; one line per exporter that dropped spans (or needed retries). */
  finishExport(): Promise<{ ok: boolean; lines: string }> {
    return flushAll(this.exporters, this.exported);
  }
}
