// The concurrency stress: load generators, a full-snapshot reference reader
// and eight random readers for a while, then every reader's stream checked
// against the reference (stress/src/check.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TraceDevice } from '../../frontend/src/device/trace-device';
import { eventMask, varMask } from '../../frontend/src/session/trace-options';
import { createRandom } from '../../test/support/prng';
import { ReaderActor, type ActorCounts } from './actor';
import { checkSegments, type Segment } from './check';

export interface StressOptions {
  seconds: number;
  seed: number;
  readers: number;
  /** Directory of the built test programs (build/progs). */
  progs: string;
  /** Write the reference and every reader's streams here, to check again offline. */
  dump?: string;
}

export interface StressReport {
  seed: number;
  seconds: number;
  readers: number;
  loads: string[];
  referenceRecords: number;
  referenceLost: number;
  segments: number;
  recordsChecked: number;
  matched: number;
  unmatched: number;
  mismatches: number;
  /** Missing records beyond what the reader was told it lost. */
  unexplainedGaps: number;
  gaps: number;
  lostReported: number;
  malformed: string[];
  examples: string[];
  actions: ActorCounts;
}

const LOADS = ['syscalls', 'forkexec', 'signals', 'net', 'faults'];

function startLoads(progs: string): ChildProcess[] {
  const load = path.join(progs, 'stress_load');
  return LOADS.map((mode) => spawn(load, mode === 'forkexec' ? [mode, path.join(progs, 'getppid_loop'), '10'] : [mode], { stdio: 'ignore' }));
}

/**
 * Reads until read() returns 0, into one buffer: each read's bytes are
 * copied out, as a kept subarray would hold its whole 1 MiB buffer (a
 * minute of reads held over a GiB of the guest's memory, and the next
 * test's fork failed).
 */
async function readAll(device: TraceDevice, parts: Buffer[]): Promise<void> {
  const buf = Buffer.alloc(1 << 20);
  for (;;) {
    const n = await device.read(buf);
    if (n === 0) return;
    parts.push(Buffer.from(buf.subarray(0, n)));
  }
}

function dumpStreams(dir: string, reference: Uint8Array, segments: readonly Segment[]): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'reference.bin'), reference);
  segments.forEach((s, i) => fs.writeFileSync(path.join(dir, `segment-${i}.bin`), s.bytes));
  fs.writeFileSync(path.join(dir, 'segments.json'), JSON.stringify(segments.map((s) => ({ reader: s.reader, config: s.config }))));
}

export async function runStress(options: StressOptions): Promise<StressReport> {
  const rng = createRandom(options.seed);
  const reference = TraceDevice.open();
  reference.setEvents(eventMask(['all']));
  // Every variable this kernel provides (nr_running is not one).
  const available = reference.describeAll('var').reduce((m, row) => (row.available ? m | (1n << BigInt(row.number)) : m), 0n);
  reference.setVars(varMask(['all']) & available);
  reference.start();
  const referenceParts: Buffer[] = [];
  const referenceDone = readAll(reference, referenceParts);
  const loads = startLoads(options.progs);
  const targets = loads.map((p) => p.pid).filter((pid): pid is number => pid !== undefined);
  const actors = Array.from({ length: options.readers }, (_, i) => new ReaderActor(i, createRandom(rng.int(0, 2 ** 31)), targets));
  try {
    const until = Date.now() + options.seconds * 1000;
    await Promise.all(actors.map((a) => a.run(until)));
  } finally {
    reference.stop();
    await referenceDone;
    reference.close();
    loads.forEach((p) => p.kill('SIGKILL'));
  }

  const referenceBytes = Buffer.concat(referenceParts);
  const segments: Segment[] = actors.flatMap((a) => a.segments);
  if (options.dump) dumpStreams(options.dump, referenceBytes, segments);
  const checked = await checkSegments(segments, referenceBytes);
  const report: StressReport = {
    seed: options.seed,
    seconds: options.seconds,
    readers: options.readers,
    loads: LOADS,
    referenceRecords: checked.referenceRecords,
    referenceLost: checked.referenceLost,
    segments: 0,
    recordsChecked: 0,
    matched: 0,
    unmatched: 0,
    mismatches: 0,
    unexplainedGaps: 0,
    gaps: 0,
    lostReported: 0,
    malformed: [],
    examples: [],
    actions: { opens: 0, reconfigures: 0, restarts: 0, blockingReads: 0, nonBlockingReads: 0, eagain: 0, wokenByStop: 0 },
  };
  for (const actor of actors)
    for (const [key, value] of Object.entries(actor.counts)) report.actions[key as keyof ActorCounts] += value;
  for (const [i, segment] of segments.entries()) {
    const r = checked.results[i];
    report.segments++;
    report.recordsChecked += r.records;
    report.matched += r.matched;
    report.unmatched += r.unmatched;
    report.mismatches += r.mismatchCount;
    if (r.malformed) report.malformed.push(r.malformed);
    for (const m of r.mismatches) if (report.examples.length < 20) report.examples.push(`reader ${segment.reader}: ${m}`);
    for (const [cpu, gap] of r.gaps) {
      const lost = r.lost.get(cpu) ?? 0;
      report.gaps += gap;
      if (gap > lost) {
        report.unexplainedGaps += gap - lost;
        if (report.examples.length < 20)
          report.examples.push(`reader ${segment.reader} (${JSON.stringify(segment.config)}): ${gap} records missing on cpu ${cpu}, ${lost} reported lost`);
      }
    }
    for (const lost of r.lost.values()) report.lostReported += lost;
  }
  return report;
}

/** The run's verdict: what must be zero is zero (a reference that lost records cannot vouch for gaps). */
export function stressFailures(report: StressReport): string[] {
  const failures: string[] = [];
  if (report.referenceLost) failures.push(`the reference reader lost ${report.referenceLost} records: gaps unchecked`);
  if (report.mismatches) failures.push(`${report.mismatches} field values differ from the reference`);
  if (report.unmatched && !report.referenceLost) failures.push(`${report.unmatched} records the reference never saw`);
  if (report.unexplainedGaps) failures.push(`${report.unexplainedGaps} missing records not reported lost`);
  if (report.malformed.length) failures.push(...report.malformed);
  if (report.recordsChecked === 0) failures.push('no reader read anything');
  return failures;
}
