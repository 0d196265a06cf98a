// `ktrace dashboard`: a live full-screen view of what the system, a process
// or a command does in the kernel; or the same view of a recording. With
// --spans, BlkKin's span monitor (per name p50/p99 over a window, --alert).
import { listOf, splitEvents } from './options';
import { parseProbeSpec, resolveProbe } from '../usdt/trace-probe';
import * as path from 'node:path';
import type { CommandModule } from 'yargs';
import { VARIABLES, expandEventNames, maskOf } from '../abi/abi';
import type { Device } from '../device/device';
import { spawnHeld, type HeldChild } from '../session/held-child';
import { configureReader } from '../session/live';
import { openDevice } from '../session/open-device';
import { pump } from '../session/pump';
import { firstExecGate } from '../session/trace-view';
import { eventMask } from '../session/trace-options';
import { UserError } from '../user-error';
import { Replay } from '../views/dashboard/replay';
import { RecentMax } from '../views/dashboard/rolling';
import type { SpanWatch } from '../views/dashboard/panels/spans';
import { parseAlert, parseDuration } from '../spans/monitor';
import { blkinProbes } from '../spans/probes';
import { commandFile, hasZipkinSites, processFile, recordedIn, withoutZipkin } from '../spans/sources';
import { loadSites, type ProbeSite } from '../usdt/attach';
import { inputName } from '../session/recording-problems';
import type { DashboardFeed } from '../views/dashboard/session';

type Session = typeof import('../views/dashboard/session');
let session: Session | undefined;

/**
 * The screen loads blessed (~45 modules, seconds on a slow machine): only the
 * dashboard pays for it, before it starts a reader, whose ring would fill
 * meanwhile.
 */
async function loadScreen(): Promise<void> {
  session = await import('../views/dashboard/session');
}

function runDashboard(...args: Parameters<Session['runDashboard']>): ReturnType<Session['runDashboard']> {
  if (!session) throw new Error('dashboard: the screen is not loaded');
  return session.runDashboard(...args);
}

interface DashboardArgs {
  pid?: number;
  events: string[];
  replay?: string;
  speed: number;
  spans: boolean;
  binary?: string | string[];
  alert?: string | string[];
  window: string;
  idle: string;
  device: string;
  command?: string[];
  '--'?: string[];
}

const DEFAULT_EVENTS = ['syscall', 'sched', 'signal', 'mem', 'fault', 'proc'];
/** What the panels read: syscall numbers and results, who, the memory figures, the rss. */
const PANEL_VARS = ['regs', 'pid', 'comm', 'free_mem', 'total_mem', 'page_faults', 'page_ins', 'page_outs', 'swap_ins', 'swap_outs', 'task_mem'];

export const NO_TTY_MESSAGE =
  'dashboard: needs a terminal (stdin and stdout must be a TTY); without one, use `ktrace mem` for memory figures or `ktrace run`/`ktrace -p PID` for the strace view';

/** The bits of @names this kernel provides; the defaults quietly skip what it lacks. */
function availableMask(device: Device, kind: 'event' | 'var', names: readonly string[]): bigint {
  const rows = kind === 'event' ? expandEventNames(names) : VARIABLES.filter((v) => names.includes(v.name));
  const available = new Set(device.describeAll(kind).filter((row) => row.available).map((row) => row.name));
  return maskOf(rows.filter((row) => available.has(row.name)));
}

const READ_CHUNK_BYTES = 1 << 16;
/**
 * Longest a record takes from the ring to a read's return when the reader
 * waits: the module's flush timer (KT_FLUSH_MS, 20 ms), the wake-up and the
 * thread pool's hand-back, with room for a slow (emulated) machine.
 */
const READ_LATENCY_NS = 250e6;
/** Seconds the delivery latency is remembered for. */
const LATENCY_MEMORY_SEC = 10;

/** Bytes of each annotation string recorded (names, services, values), as `ktrace spans` records them. */
const SPAN_SNAP_LENGTH = 256;

/** The span monitor's settings, checked before anything runs. */
interface SpanOptions {
  readonly alerts: SpanWatch['alerts'];
  readonly windowNs: bigint;
  readonly idleNs: bigint;
  readonly binaries: string[];
  /** Asked for (live: required; replay: an error if the recording has no zipkin probes). */
  readonly asked: boolean;
}

function spanOptions(args: DashboardArgs): SpanOptions {
  const alerts = listOf(args.alert).map(parseAlert);
  const binaries = listOf(args.binary);
  return {
    alerts,
    binaries,
    windowNs: parseDuration(String(args.window), '--window'),
    idleNs: parseDuration(String(args.idle), '--idle'),
    asked: args.spans || alerts.length > 0 || binaries.length > 0,
  };
}

function liveFeed(device: Device, held: HeldChild | undefined, maxRecordBytes: number): DashboardFeed & { childStatus?: number } {
  // A command is shown from its execve on, as `ktrace run` shows it: not the held shell before it.
  const shown = held ? firstExecGate(held.pid) : () => true;
  const clockNs = () => Number(process.hrtime.bigint());
  let newestNs = 0;
  // A read returns whole records: one that could not take another has more queued behind it.
  let moreQueued = false;
  // When the read in flight was issued, and when the last one that drained the queue was.
  let issuedNs = 0;
  let drainedIssuedNs = 0;
  const latency = new RecentMax(LATENCY_MEMORY_SEC);
  let oldestInChunkNs = Infinity;
  const feed: DashboardFeed & { childStatus?: number } = {
    run: async (onRecord) => {
      issuedNs = clockNs();
      held?.release();
      await pump(
        device,
        (record) => {
          if (record.type === 'event' || record.type === 'keyframe') {
            newestNs = Math.max(newestNs, record.tsNs);
            oldestInChunkNs = Math.min(oldestInChunkNs, record.tsNs);
          }
          if (record.type !== 'event' || shown(record)) onRecord(record);
        },
        { chunkBytes: READ_CHUNK_BYTES, onChunk: (bytes) => {
          // How long records took to reach the view: the ring's flush delay, the wake-up, a busy event loop.
          const now = clockNs();
          if (oldestInChunkNs < Infinity) latency.add(now, now - oldestInChunkNs);
          oldestInChunkNs = Infinity;
          moreQueued = bytes > READ_CHUNK_BYTES - maxRecordBytes;
          if (!moreQueued) drainedIssuedNs = issuedNs;
          // The next read is issued as this returns.
          issuedNs = clockNs();
        } },
      );
    },
    stop: () => device.stop(),
    clockNs,
    // Records carry CLOCK_MONOTONIC times, the clock process.hrtime reads.
    behindNs: () => (moreQueued && newestNs ? Math.max(0, clockNs() - newestNs) : 0),
    /*
     * A read that drained the queue returned everything written before it
     * was issued. A read in flight for longer than records take to come
     * (twice the longest lately, at least READ_LATENCY_NS) has found
     * nothing: nothing was written before then.
     */
    settledNs: () => {
      if (moreQueued) return newestNs;
      const now = clockNs();
      const wait = Math.max(READ_LATENCY_NS, 2 * latency.max(now));
      return now - issuedNs > wait ? now - wait : drainedIssuedNs;
    },
  };
  void held?.exited.then((status) => (feed.childStatus = status));
  return feed;
}

async function live(args: DashboardArgs, cmd: string | undefined, rest: string[], spanOpts: SpanOptions): Promise<void> {
  // The zipkin probes' files first: a wrong one is a usage error before anything starts.
  let spanFiles: string[] | undefined;
  if (spanOpts.asked) {
    spanFiles = spanOpts.binaries.length ? spanOpts.binaries : cmd ? [commandFile(cmd)] : args.pid !== undefined ? [processFile(args.pid)] : undefined;
    if (!spanFiles) throw new UserError('dashboard: --spans needs the program whose zipkin probes to place: a command, --pid PID or --binary FILE', 2);
  }
  const spanProbes = spanFiles?.flatMap((f) => blkinProbes(f)) ?? [];
  const device = openDevice(args.device, { checkAbi: true });
  let held: HeldChild | undefined;
  try {
    // USDT probes among --events count in the rates panel under their family, user.
    const { names, probes: specs } = splitEvents(args.events);
    const probes = specs.map((spec) => resolveProbe(parseProbeSpec(spec)));
    if (probes.length && !names.includes('usdt')) names.push('usdt');
    let events = names.length ? eventMask(names) : availableMask(device, 'event', DEFAULT_EVENTS);
    // The spans' kernel view comes from what the panels read anyway (syscalls, sched, faults).
    if (spanFiles) events |= eventMask(['usdt']);
    const vars = availableMask(device, 'var', PANEL_VARS);
    if (cmd) held = spawnHeld(cmd, rest, { stdio: 'ignore' });
    const pid = held?.pid ?? args.pid ?? 0;
    const sites = new Map<number, ProbeSite>();
    try {
      configureReader(device, {
        events,
        vars,
        pid,
        follow: pid !== 0,
        probes: [...probes, ...spanProbes],
        sites,
        ...(spanFiles ? { snapLength: SPAN_SNAP_LENGTH } : {}),
      });
    } catch (err) {
      held?.child.kill('SIGKILL');
      throw err;
    }
    const info = device.info();
    const feed = liveFeed(device, held, info.maxRecordBytes);
    const target = cmd ? `${path.basename(cmd)} (pid ${pid})` : pid ? `pid ${pid}` : 'all processes';
    const spans: SpanWatch | undefined = spanFiles && { ...spanOpts, sites, recorded: recordedIn(events) };
    await runDashboard(
      feed,
      {
        source: () => ({ kernel: info.kernelRelease, abi: info.abiVersion, bufferBytesPerCpu: info.bufferBytesPerCpu, nrCpus: info.nrCpus, readers: device.info().readers }),
        note: () => (feed.childStatus !== undefined ? `${target} exited with status ${feed.childStatus}` : `tracing ${target}`),
      },
      spans,
    );
  } finally {
    // The command ran for the dashboard, its output discarded: it ends with it.
    if (held && held.child.exitCode === null && held.child.signalCode === null) held.child.kill('SIGTERM');
    device.close();
  }
}

async function replay(args: DashboardArgs, file: string, spanOpts: SpanOptions): Promise<void> {
  const recording = new Replay(file, args.speed);
  const h = recording.header;
  // A recording with the zipkin probes (`ktrace spans --record`) shows its spans unasked.
  const sites = loadSites(h.usdt);
  const withSpans = hasZipkinSites(sites);
  if (spanOpts.asked && !withSpans) throw new UserError(withoutZipkin(inputName(file)), 2);
  let stopped = false;
  let done = false;
  await runDashboard(
    {
      run: async (onRecord, screen) => {
        await recording.play(onRecord, { paused: () => screen.isPaused(), stopped: () => stopped });
        done = true;
      },
      stop: () => (stopped = true),
    },
    {
      source: () => ({ kernel: h.kernelRelease, abi: h.abiVersion, nrCpus: h.nrCpus }),
      position: () => ({ fraction: recording.fraction, speed: args.speed, done }),
      note: () => `replay of ${file}`,
      warning: () => recording.warning(),
    },
    withSpans ? { ...spanOpts, sites, recorded: recordedIn(BigInt(h.events)) } : undefined,
  );
  // As `ktrace report` ends on a damaged recording: what was wrong, and status 1.
  const problems = recording.problems(file);
  if (problems.length) throw new UserError(problems.join('\nktrace: '));
}

export const dashboardCommand: CommandModule<object, DashboardArgs> = {
  command: 'dashboard [command..]',
  describe: 'Full-screen live view: top syscalls, processes, event rates, memory chart, sched and signals; with --spans, BlkKin span latencies and alerts',
  builder: (y) =>
    y
      .option('pid', { alias: 'p', type: 'number', describe: 'show this process (and the children it forks)' })
      .option('events', {
        type: 'string',
        array: true,
        default: [],
        describe: `events or families to read (default ${DEFAULT_EVENTS.join(',')}, those this kernel has)`,
      })
      .option('replay', { type: 'string', describe: 'show a `ktrace record` file instead of the live system' })
      .option('speed', { type: 'number', default: 1, describe: 'replay pace: 2 plays twice as fast as recorded' })
      .option('spans', {
        type: 'boolean',
        default: false,
        describe: 'monitor BlkKin spans (libktrace-blkin zipkin probes of the command, --pid or --binary): per span name count, p50, p99 over --window; on by itself for a recording that has them',
      })
      .option('alert', { type: 'string', describe: "NAME>DURATION: raise when the p99 (NAME.p50>DURATION: the median) of NAME's spans over the window exceeds it (repeatable; implies --spans)" })
      .option('window', { type: 'string', default: '10s', describe: 'sliding window of the span panel and --alert (span ends within it)' })
      .option('idle', { type: 'string', default: '5s', describe: 'a trace is complete (its spans counted) after this long without annotations' })
      .option('binary', { type: 'string', describe: 'a file linked with libktrace-blkin whose probes --spans places (repeatable; default: the command, or the process executable)' })
      .option('device', { type: 'string', default: '/dev/trace', describe: 'trace device' })
      .positional('command', { type: 'string', array: true, describe: 'command to start and show, after --' })
      .check((a) => {
        if (!(a.speed > 0)) throw new UserError('--speed must be above 0', 2);
        return true;
      })
      .example('$0 dashboard', 'the whole system')
      .example('$0 dashboard -- make -j2', 'a build and its children')
      .example('$0 dashboard --replay trace.ktr --speed 10', 'a recording, ten times as fast')
      .example("$0 dashboard --alert 'osd_op>5ms' --window 1s -- ./server", 'with the spans of ./server: raised when osd_op p99 over the last second exceeds 5 ms') as never,
  handler: async (args) => {
    const [cmd, ...rest] = [...(args.command ?? []), ...(args['--'] ?? [])].map(String);
    // Usage errors first: they are what to fix whatever the terminal.
    const spanOpts = spanOptions(args);
    if (args.replay !== undefined) {
      if (cmd || args.pid !== undefined) throw new UserError('dashboard: --replay shows a recording; it takes no --pid or command', 2);
      if (spanOpts.binaries.length) throw new UserError('dashboard: --binary places probes live; a recording has its own', 2);
    } else if (cmd && args.pid !== undefined) throw new UserError('dashboard: give --pid or a command, not both', 2);
    if (!process.stdout.isTTY || !process.stdin.isTTY) throw new UserError(NO_TTY_MESSAGE, 2);
    await loadScreen();
    if (args.replay !== undefined) return replay(args, args.replay, spanOpts);
    return live(args, cmd, rest, spanOpts);
  },
};

