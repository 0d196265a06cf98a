// The end of an export: every exporter's queue sent, and one line for each
// that dropped spans (or needed retries), shared by `ktrace spans` and
// `ktrace paths`.
import type { SpanExporter } from './exporter';

/** Flushes @exporters; @offered is how many spans each was given, for the message. */
export async function flushAll(exporters: readonly SpanExporter[], offered: number): Promise<{ ok: boolean; lines: string }> {
  let lines = '';
  let ok = true;
  for (const e of exporters) {
    await e.flush();
    const { exported, dropped, retries, lastError } = e.stats;
    if (dropped) {
      ok = false;
      lines += `ktrace: export to ${e.transport.name}: ${dropped} of ${offered} spans dropped after ${retries} retries (${lastError})\n`;
    } else if (retries) lines += `ktrace: exported ${exported} spans to ${e.transport.name} after ${retries} retries\n`;
  }
  return { ok, lines };
}
