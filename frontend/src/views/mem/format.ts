// Pure formatters of memory rows: a vmstat-like table and JSON lines.
import type { MemRow } from './sampler';

const MIB = 1024 * 1024;

const SYSTEM_COLUMNS = ['time', 'free', 'total', 'flt/s', 'pgin/s', 'pgout/s', 'swpin/s', 'swpout/s', 'alloc/s', 'freed/s'];
const TASK_COLUMNS = ['pid', 'rss', 'vsz', 'minflt/s', 'majflt/s'];
const WIDTH = 9;

const cell = (text: string) => text.padStart(WIDTH);
const mib = (bytes: number) => `${(bytes / MIB).toFixed(1)}M`;
const perSec = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));

export function formatMemHeader(withTask: boolean): string {
  const columns = withTask ? [...SYSTEM_COLUMNS, '|', ...TASK_COLUMNS] : SYSTEM_COLUMNS;
  return columns.map((c) => (c === '|' ? ' |' : cell(c))).join('') + '\n';
}

export function formatMemRow(row: MemRow, withTask: boolean): string {
  const cells = [
    row.elapsedSec.toFixed(1),
    mib(row.freeBytes),
    mib(row.totalBytes),
    perSec(row.faultsPerSec),
    perSec(row.pageInsPerSec),
    perSec(row.pageOutsPerSec),
    perSec(row.swapInsPerSec),
    perSec(row.swapOutsPerSec),
    perSec(row.allocPagesPerSec),
    perSec(row.freePagesPerSec),
  ].map(cell);
  let line = cells.join('');
  if (withTask) {
    const t = row.task;
    const taskCells = t
      ? [String(t.pid), mib(t.rssBytes), mib(t.vmSizeBytes), perSec(t.minorFaultsPerSec), perSec(t.majorFaultsPerSec)]
      : ['-', '-', '-', '-', '-'];
    line += ' |' + taskCells.map(cell).join('');
  }
  if (row.lost > 0) line += `  (${row.lost} records lost)`;
  return line + '\n';
}

/** One JSON object per row; names are documented in docs/json-output.md. */
export function formatMemJson(row: MemRow): string {
  const t = row.task;
  return (
    JSON.stringify({
      elapsed_s: row.elapsedSec,
      free_bytes: row.freeBytes,
      total_bytes: row.totalBytes,
      faults_per_s: row.faultsPerSec,
      page_ins_per_s: row.pageInsPerSec,
      page_outs_per_s: row.pageOutsPerSec,
      swap_ins_per_s: row.swapInsPerSec,
      swap_outs_per_s: row.swapOutsPerSec,
      alloc_pages_per_s: row.allocPagesPerSec,
      freed_pages_per_s: row.freePagesPerSec,
      lost: row.lost,
      task: t
        ? {
            pid: t.pid,
            rss_bytes: t.rssBytes,
            vm_size_bytes: t.vmSizeBytes,
            minor_faults_per_s: t.minorFaultsPerSec,
            major_faults_per_s: t.majorFaultsPerSec,
          }
        : null,
    }) + '\n'
  );
}
