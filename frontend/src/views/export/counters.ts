// Memory variables as counter tracks: system-wide ones on the system
// process, the task's own (rss, vm_size) on its process. A sample is written
// only when the value changed, so the tracks stay small.
import { fieldByName, varByName } from '../../abi/abi';
import type { EventRecord } from '../../decode';
import { micros, SYSTEM_PID, type CounterEvent } from './trace-event';

interface CounterSpec {
  /** The variable that must have been recorded. */
  readonly variable: string;
  /** Track name. */
  readonly name: string;
  /** Series (args key) -> field name. */
  readonly series: Readonly<Record<string, string>>;
  readonly scope: 'system' | 'process';
}

const COUNTERS: readonly CounterSpec[] = [
  { variable: 'free_mem', name: 'free_mem', series: { bytes: 'free_mem' }, scope: 'system' },
  { variable: 'total_mem', name: 'total_mem', series: { bytes: 'total_mem' }, scope: 'system' },
  { variable: 'page_faults', name: 'page_faults', series: { count: 'page_faults' }, scope: 'system' },
  { variable: 'page_ins', name: 'page_ins', series: { count: 'page_ins' }, scope: 'system' },
  { variable: 'page_outs', name: 'page_outs', series: { count: 'page_outs' }, scope: 'system' },
  { variable: 'swap_ins', name: 'swap_ins', series: { count: 'swap_ins' }, scope: 'system' },
  { variable: 'swap_outs', name: 'swap_outs', series: { count: 'swap_outs' }, scope: 'system' },
  { variable: 'task_mem', name: 'task_mem', series: { rss_bytes: 'rss', vm_size_bytes: 'vm_size' }, scope: 'process' },
];

interface ActiveCounter {
  readonly spec: CounterSpec;
  readonly tags: readonly (readonly [string, number])[];
}

function tagOf(field: string): number {
  const row = fieldByName(field);
  if (row === undefined) throw new Error(`ABI table has no field ${field}`);
  return row.tag;
}

export class CounterTracks {
  private readonly active: readonly ActiveCounter[];
  /** `${pid}/${name}` -> the last sample written, as a comparable string. */
  private readonly last = new Map<string, string>();
  readonly events: CounterEvent[] = [];

  /** @recordedVars: the recording's variable mask (its header's `vars`). */
  constructor(recordedVars: bigint) {
    this.active = COUNTERS.filter((spec) => {
      const bit = varByName(spec.variable)?.bit;
      return bit !== undefined && ((recordedVars >> BigInt(bit)) & 1n) === 1n;
    }).map((spec) => ({ spec, tags: Object.entries(spec.series).map(([key, field]) => [key, tagOf(field)] as const) }));
  }

  onEvent(record: EventRecord, pid: number): void {
    for (const { spec, tags } of this.active) {
      const values: Record<string, number> = {};
      let all0 = true;
      for (const [key, tag] of tags) {
        values[key] = record.get(tag);
        if (values[key] !== 0) all0 = false;
      }
      // Kernel threads have no memory of their own.
      if (spec.scope === 'process' && all0) continue;
      const owner = spec.scope === 'system' ? SYSTEM_PID : pid;
      const key = `${owner}/${spec.name}`;
      const sample = JSON.stringify(values);
      if (this.last.get(key) === sample) continue;
      this.last.set(key, sample);
      this.events.push({ ph: 'C', name: spec.name, pid: owner, ts: micros(record.tsNs), args: values });
    }
  }
}
