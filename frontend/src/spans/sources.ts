// Where `ktrace spans` gets annotations: a recording, or a live reader on a
// command it starts (followed into the peers it forks) or on a process.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { eventByName, maskOf } from '../abi/abi';
import { readRecords, type ByteSource } from '../decode';
import type { Output } from '../io/output';
import type { Device } from '../device/device';
import { FileSource } from '../record/file-source';
import { liveRecordHeader, realtimeOffsetNs } from '../record/record-file';
import { spawnHeld } from '../session/held-child';
import { configureReader } from '../session/live';
import { inputName, reportProblems } from '../session/recording-problems';
import { varMask } from '../session/trace-options';
import { loadSites, saveSites, type ProbeSite, type ProbeSites } from '../usdt/attach';
import { UserError } from '../user-error';
import { SpanCollector } from './collector';
import type { Recorded } from './kernel-view';
import type { SpanTree } from './model';
import { blkinProbes } from './probes';

/** Where complete traces go, as they complete; @realtimeOffsetNs turns their times into Unix times. */
export type TraceSink = (trees: readonly SpanTree[], realtimeOffsetNs: bigint) => void;

export interface Collected {
  readonly realtimeOffsetNs: bigint;
  readonly lost: number;
  readonly annotations: number;
  /** The traced command's exit status (live, with a command). */
  readonly status?: number;
  readonly info: Record<string, string>;
}

const KERNEL_EVENTS = ['sys_enter', 'sys_exit', 'sched_in', 'sched_out', 'fault_user', 'fault_kernel'];

/** The kernel view's families a stream of @events has. */
export function recordedIn(events: bigint): Recorded {
  const has = (name: string) => ((events >> BigInt(eventByName(name)?.bit ?? 63)) & 1n) === 1n;
  return { syscall: has('sys_enter') && has('sys_exit'), sched: has('sched_in') && has('sched_out'), fault: has('fault_user') || has('fault_kernel') };
}

export function hasZipkinSites(sites: ProbeSites): boolean {
  return [...sites.values()].some((s) => s.location.provider === 'zipkin');
}

/** Why a recording gives no spans. */
export function withoutZipkin(name: string): string {
  return `${name}: recorded without the zipkin probes (record with \`ktrace spans --record FILE -- CMD\`)`;
}

/** Traces are complete after @idleNs without annotations, in the recording's time. */
export async function collectFromRecording(file: string, sink: TraceSink, idleNs: bigint): Promise<Collected> {
  const { source, header, streamOffset } = await FileSource.openInput(file);
  try {
    const sites = loadSites(header.usdt);
    if (!hasZipkinSites(sites)) throw new UserError(withoutZipkin(inputName(file)), 2);
    const collector = new SpanCollector(sites, recordedIn(BigInt(header.events)));
    const offset = BigInt(header.realtimeOffsetNs);
    const emit = (trees: readonly SpanTree[]) => trees.length && sink(trees, offset);
    const records = readRecords(source, { baseOffset: streamOffset });
    // Checked as the recording's time advances, so a trace ends where it would have live.
    for await (const record of records) {
      // Before the record is added: at its time, the traces idle so long were complete (live, the timer sees them).
      if (record.type === 'event') emit(collector.advance(record.tsBigInt(), idleNs) ?? []);
      collector.onRecord(record);
    }
    emit(collector.finish());
    await reportProblems(inputName(file), records.report, 0);
    return {
      realtimeOffsetNs: offset,
      lost: collector.lost,
      annotations: collector.annotationCount,
      info: { producer: `ktrace ${header.ktraceVersion}`, kernel: header.kernelRelease, started_at: header.startedAt, ...(header.host ? { host: header.host } : {}) },
    };
  } finally {
    source.close();
  }
}

/** A bare command name is looked up in $PATH, as a shell would. */
export function commandFile(command: string): string {
  if (command.includes('/')) return command;
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const candidate = path.join(dir || '.', command);
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new UserError(`${command}: not found in $PATH`, 2);
}

export function processFile(pid: number): string {
  try {
    return fs.readlinkSync(`/proc/${pid}/exe`);
  } catch {
    throw new UserError(`--pid ${pid}: no such process, or not yours to trace`, 2);
  }
}

export interface LiveSpec {
  /** Files whose zipkin probes to place. */
  readonly files: readonly string[];
  readonly pid?: number;
  readonly command?: readonly string[];
  /** Also write the stream to this recording (header first), for `ktrace spans FILE` later. */
  readonly recordTo?: Output;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require('../../../../package.json') as { version: string };

/** @device's reads, also written to @out (a recording's stream is the reader's bytes). */
function teeSource(device: Device, out: Output | undefined): ByteSource {
  if (!out) return device;
  return {
    read: async (into: Buffer) => {
      const n = await device.read(into);
      if (n > 0) {
        out.write(Buffer.from(into.subarray(0, n)));
        await out.drain();
      }
      return n;
    },
    close: () => device.close(),
  };
}

const maskNamed = (names: readonly string[]) => maskOf(names.map((n) => eventByName(n)!));

/**
 * What a live session selects: usdt, and the kernel events this module
 * offers for the kernel view. A user the module does not let see
 * scheduling (paranoid=2 without CAP_PERFMON) gets the view without it.
 */
export function liveSelection(device: Device): { events: bigint; vars: bigint } {
  const available = new Set(device.describeAll('event').filter((r) => r.available).map((r) => r.name));
  const names = ['usdt', ...KERNEL_EVENTS.filter((n) => available.has(n))];
  let events = maskNamed(names);
  try {
    device.setEvents(events);
  } catch {
    events = maskNamed(names.filter((n) => !n.startsWith('sched_')));
  }
  // regs: the syscall numbers and arguments, so `ktrace report` on a --record file shows real strace lines.
  return { events, vars: varMask(['pid', 'regs']) };
}

/** Traces are complete after @idleNs without annotations (CLOCK_MONOTONIC, the kernel's clock), or at the end. */
export async function collectLive(device: Device, spec: LiveSpec, sink: TraceSink, idleNs: bigint): Promise<Collected> {
  const probes = spec.files.flatMap((f) => blkinProbes(f));
  const { events, vars } = liveSelection(device);
  const held = spec.command?.length ? spawnHeld(spec.command[0], spec.command.slice(1), { stdio: 'inherit' }) : undefined;
  const pid = held?.pid ?? spec.pid ?? 0;
  const sites = new Map<number, ProbeSite>();
  const offset = realtimeOffsetNs();
  const startedAt = new Date().toISOString();
  try {
    configureReader(device, { events, vars, pid, follow: true, snapLength: 256, probes, sites });
  } catch (err) {
    held?.child.kill('SIGKILL');
    throw err;
  }
  const info = device.info();
  if (spec.recordTo)
    spec.recordTo.write(
      // No `command`: report would wait for its execve, which this trace (no proc events) does not have.
      liveRecordHeader(info, { events, vars, targetPid: pid, followChildren: true, realtimeOffsetNs: offset, startedAt, usdt: saveSites(sites) }),
    );
  held?.release();
  const collector = new SpanCollector(sites, recordedIn(events));
  let status: number | undefined;
  const stop = () => device.stop();
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  void held?.exited.then((s) => {
    status = s;
    stop();
  });
  const emit = (trees: readonly SpanTree[]) => trees.length && sink(trees, offset);
  const tick = Number(idleNs / 2_000_000n);
  const timer = setInterval(() => emit(collector.takeIdle(process.hrtime.bigint(), idleNs)), Math.min(1000, Math.max(50, tick)));
  try {
    for await (const record of readRecords(teeSource(device, spec.recordTo))) collector.onRecord(record);
  } finally {
    clearInterval(timer);
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
  }
  emit(collector.finish());
  const lost = Number(device.stats().recordsLost);
  return {
    realtimeOffsetNs: offset,
    lost: Math.max(lost, collector.lost),
    annotations: collector.annotationCount,
    status: held ? (status ?? (await held.exited)) : undefined,
    info: { producer: `ktrace ${version}`, kernel: info.kernelRelease, started_at: startedAt },
  };
}
