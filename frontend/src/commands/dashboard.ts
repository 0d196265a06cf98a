// `ktrace dashboard`: a live full-screen view of what the system, a process
// or a command does in the kernel; or the same view of a recording.
import { splitEvents } from './options';
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
import type { DashboardFeed } from '../views/dashboard/session';

type Session = typeof import('../views/dashboard/session');

/** The screen loads blessed (~45 modules): only the dashboard pays for it, when it starts. */
async function runDashboard(...args: Parameters<Session['runDashboard']>): ReturnType<Session['runDashboard']> {
  return (await import('../views/dashboard/session')).runDashboard(...args);
}

interface DashboardArgs {
  pid?: number;
  events: string[];
  replay?: string;
  speed: number;
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

function liveFeed(device: Device, held: HeldChild | undefined, maxRecordBytes: number): DashboardFeed & { childStatus?: number } {
  // A command is shown from its execve on, as `ktrace run` shows it: not the held shell before it.
  const shown = held ? firstExecGate(held.pid) : () => true;
  const clockNs = () => Number(process.hrtime.bigint());
  let newestNs = 0;
  // A read returns whole records: one that could not take another has more queued behind it.
  let moreQueued = false;
  const feed: DashboardFeed & { childStatus?: number } = {
    run: async (onRecord) => {
      held?.release();
      await pump(
        device,
        (record) => {
          if (record.type === 'event' || record.type === 'keyframe') newestNs = Math.max(newestNs, record.tsNs);
          if (record.type !== 'event' || shown(record)) onRecord(record);
        },
        { chunkBytes: READ_CHUNK_BYTES, onChunk: (bytes) => {
          moreQueued = bytes > READ_CHUNK_BYTES - maxRecordBytes;
        } },
      );
    },
    stop: () => device.stop(),
    clockNs,
    // Records carry CLOCK_MONOTONIC times, the clock process.hrtime reads.
    behindNs: () => (moreQueued && newestNs ? Math.max(0, clockNs() - newestNs) : 0),
  };
  void held?.exited.then((status) => (feed.childStatus = status));
  return feed;
}

async function live(args: DashboardArgs, cmd: string | undefined, rest: string[]): Promise<void> {
  const device = openDevice(args.device, { checkAbi: true });
  let held: HeldChild | undefined;
  try {
    // USDT probes among --events count in the rates panel under their family, user.
    const { names, probes: specs } = splitEvents(args.events);
    const probes = specs.map((spec) => resolveProbe(parseProbeSpec(spec)));
    if (probes.length && !names.includes('usdt')) names.push('usdt');
    const events = names.length ? eventMask(names) : availableMask(device, 'event', DEFAULT_EVENTS);
    const vars = availableMask(device, 'var', PANEL_VARS);
    if (cmd) held = spawnHeld(cmd, rest, { stdio: 'ignore' });
    const pid = held?.pid ?? args.pid ?? 0;
    try {
      configureReader(device, { events, vars, pid, follow: pid !== 0, probes });
    } catch (err) {
      held?.child.kill('SIGKILL');
      throw err;
    }
    const info = device.info();
    const feed = liveFeed(device, held, info.maxRecordBytes);
    const target = cmd ? `${path.basename(cmd)} (pid ${pid})` : pid ? `pid ${pid}` : 'all processes';
    await runDashboard(feed, {
      source: () => ({ kernel: info.kernelRelease, abi: info.abiVersion, bufferBytesPerCpu: info.bufferBytesPerCpu, nrCpus: info.nrCpus, readers: device.info().readers }),
      note: () => (feed.childStatus !== undefined ? `${target} exited with status ${feed.childStatus}` : `tracing ${target}`),
    });
  } finally {
    // The command ran for the dashboard, its output discarded: it ends with it.
    if (held && held.child.exitCode === null && held.child.signalCode === null) held.child.kill('SIGTERM');
    device.close();
  }
}

async function replay(args: DashboardArgs, file: string): Promise<void> {
  const recording = new Replay(file, args.speed);
  const h = recording.header;
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
  );
  // As `ktrace report` ends on a damaged recording: what was wrong, and status 1.
  const problems = recording.problems(file);
  if (problems.length) throw new UserError(problems.join('\nktrace: '));
}

export const dashboardCommand: CommandModule<object, DashboardArgs> = {
  command: 'dashboard [command..]',
  describe: 'Full-screen live view: top syscalls, processes, event rates, memory chart, sched and signals',
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
      .option('device', { type: 'string', default: '/dev/trace', describe: 'trace device' })
      .positional('command', { type: 'string', array: true, describe: 'command to start and show, after --' })
      .check((a) => {
        if (!(a.speed > 0)) throw new UserError('--speed must be above 0', 2);
        return true;
      })
      .example('$0 dashboard', 'the whole system')
      .example('$0 dashboard -- make -j2', 'a build and its children')
      .example('$0 dashboard --replay trace.ktr --speed 10', 'a recording, ten times as fast') as never,
  handler: async (args) => {
    const [cmd, ...rest] = [...(args.command ?? []), ...(args['--'] ?? [])].map(String);
    if (!process.stdout.isTTY || !process.stdin.isTTY) throw new UserError(NO_TTY_MESSAGE, 2);
    if (args.replay !== undefined) {
      if (cmd || args.pid !== undefined) throw new UserError('dashboard: --replay shows a recording; it takes no --pid or command', 2);
      return replay(args, args.replay);
    }
    if (cmd && args.pid !== undefined) throw new UserError('dashboard: give --pid or a command, not both', 2);
    return live(args, cmd, rest);
  },
};

