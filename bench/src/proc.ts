// Process helpers for the in-guest benchmark: synchronous runs with their
// output, background tracers, and what /proc says about them.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';

export interface RunOutput {
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * The longest any one command of the bench may take in the guest: the
 * slowest (strace on the full workloads, on a loaded host) take a few
 * minutes. A command that hangs fails the bench with its name instead of
 * holding the guest until the VM's own timeout.
 */
export const COMMAND_TIMEOUT_MS = 20 * 60 * 1000;

/** How long a background tracer may take to exit after SIGINT (bpftrace prints its maps then). */
export const INTERRUPT_TIMEOUT_MS = 2 * 60 * 1000;

/** Runs a command to its end; throws with its stderr when it fails or outlives @timeoutMs. */
export function run(argv: readonly string[], opts: { allowFailure?: boolean; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): RunOutput {
  const timeout = opts.timeoutMs ?? COMMAND_TIMEOUT_MS;
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'], timeout, killSignal: 'SIGKILL', env: opts.env ?? process.env });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') {
    throw new Error(`${argv.join(' ')} did not finish within ${timeout / 1000} s: ${(r.stderr ?? '').slice(-2000)}`);
  }
  if (r.error) throw r.error;
  const out = { status: r.status ?? 128, stdout: r.stdout, stderr: r.stderr };
  if (out.status !== 0 && !opts.allowFailure) throw new Error(`${argv.join(' ')} exited ${out.status}: ${out.stderr.slice(-2000)}`);
  return out;
}

/** The "run_timed_ns N" line bench/progs/run_timed prints, in seconds. */
export function timedSeconds(stderr: string): number {
  const m = /run_timed_ns (\d+)/.exec(stderr);
  if (!m) throw new Error(`no run_timed line in: ${stderr.slice(-500)}`);
  return Number(m[1]) / 1e9;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A command left running while the workload runs; its output is collected. */
export class Background {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  readonly exited: Promise<number>;

  constructor(argv: readonly string[], opts: { stdin?: 'pipe' } = {}) {
    this.child = spawn(argv[0], argv.slice(1), { stdio: [opts.stdin ?? 'ignore', 'pipe', 'pipe'] });
    this.child.stdout?.on('data', (d: Buffer) => (this.stdout += d.toString()));
    this.child.stderr?.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code ?? 128)));
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error('background command did not start');
    return this.child.pid;
  }

  /** SIGINT, then its exit status; SIGKILL and an error if it has not exited within @timeoutMs. */
  async interrupt(timeoutMs = INTERRUPT_TIMEOUT_MS): Promise<number> {
    this.child.kill('SIGINT');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs)));
    try {
      const status = await Promise.race([this.exited, late]);
      if (status !== 'late') return status;
    } finally {
      clearTimeout(timer);
    }
    this.child.kill('SIGKILL');
    await this.exited;
    throw new Error(`${this.child.spawnargs.join(' ')} did not exit within ${timeoutMs / 1000} s of SIGINT: ${this.stderr.slice(-300)}`);
  }
}

/**
 * A workload that waits on stdin before it execs: its pid can be targeted by
 * a reader before it makes its first syscall of interest.
 */
export function heldWorkload(argv: readonly string[]): Background & { release(): void } {
  const bg = new Background(['/bin/sh', '-c', 'read _; exec "$0" "$@"', ...argv], { stdin: 'pipe' });
  return Object.assign(bg, { release: () => bg.child.stdin?.end('\n') });
}

const CLOCK_TICKS = 100;

/** User plus system CPU seconds of a live process (/proc/PID/stat fields 14, 15). */
export function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/**
 * Waits until a reader has drained the stream: its CPU time stops moving.
 * Only for readers of other processes: one that sees its own reads never settles.
 */
export async function settledCpuSeconds(pid: number): Promise<number> {
  let last = cpuSeconds(pid);
  for (let still = 0; still < 3; ) {
    await sleep(300);
    const now = cpuSeconds(pid);
    still = now === last ? still + 1 : 0;
    last = now;
  }
  return last;
}

/** Peak resident set of a live process in KiB (VmHWM). */
export function peakRssKb(pid: number): number {
  return statusKb(pid, 'VmHWM');
}

/** Resident set of a live process in KiB (VmRSS). */
export function rssKb(pid: number): number {
  return statusKb(pid, 'VmRSS');
}

function statusKb(pid: number, field: string): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

export function memFreeKb(): number {
  const m = /MemFree:\s+(\d+) kB/.exec(fs.readFileSync('/proc/meminfo', 'utf8'));
  return m ? Number(m[1]) : 0;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
