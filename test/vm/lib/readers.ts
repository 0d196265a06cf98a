// Helpers for in-VM tests: readers on the real /dev/trace, test programs,
// and draining a stopped reader.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TraceDevice } from '../../../frontend/src/device/trace-device';
import { eventMask, varMask } from '../../../frontend/src/session/trace-options';
import { spawnHeld, type HeldChild } from '../../../frontend/src/session/held-child';

export const REPO = process.env.KTRACE_REPO ?? path.resolve(__dirname, '../../../..');
export const prog = (name: string) => path.join(REPO, 'build/progs', name);

export interface ReaderSpec {
  events: string[];
  vars: string[];
  pid?: number;
  follow?: boolean;
}

export function openReader(spec: ReaderSpec, nonBlocking = false): TraceDevice {
  const dev = TraceDevice.open(undefined, nonBlocking);
  dev.setEvents(eventMask(spec.events));
  // "all": every variable this kernel provides (nr_running is unavailable everywhere now).
  const available = dev.describeAll('var').reduce((m, row) => (row.available ? m | (1n << BigInt(row.number)) : m), 0n);
  dev.setVars(spec.vars.includes('all') ? varMask(spec.vars) & available : varMask(spec.vars));
  if (spec.pid !== undefined) dev.setTarget(spec.pid, spec.follow ?? false);
  return dev;
}

/** Reads everything a stopped (or stopping) reader still has, until read() returns 0. */
export async function drain(dev: TraceDevice, chunk = 65536): Promise<Buffer> {
  const parts: Buffer[] = [];
  const buf = Buffer.alloc(chunk);
  for (;;) {
    const n = await dev.read(buf);
    if (n === 0) return Buffer.concat(parts);
    parts.push(Buffer.from(buf.subarray(0, n)));
  }
}

/**
 * A held program whose shell has finished starting and sleeps in read() on
 * its gate, so a reader started now sees nothing of the shell's start-up
 * (a dynamically linked shell opens its libraries: not the program's calls).
 */
export async function spawnHeldWaiting(cmd: string, args: string[], stdio: 'ignore' | 'inherit' = 'ignore'): Promise<HeldChild> {
  const child = spawnHeld(cmd, args, { stdio });
  const until = Date.now() + 120000;
  // /proc/PID/syscall: the syscall it sleeps in and its arguments: read (0) of its stdin, where dash put the gate, or of fd 3.
  while (!/^0 0x[03] /.test(fs.readFileSync(`/proc/${child.pid}/syscall`, 'utf8'))) {
    if (Date.now() > until) throw new Error(`held shell ${child.pid} never waited on its gate`);
    await new Promise((r) => setTimeout(r, 5));
  }
  return child;
}

/** Runs a held program under a started reader; resolves with its exit code. */
export async function traceHeld(dev: TraceDevice, cmd: string, args: string[], follow = false): Promise<{ pid: number; code: number }> {
  const child = await spawnHeldWaiting(cmd, args);
  dev.setTarget(child.pid, follow);
  dev.start();
  child.release();
  const code = await child.exited;
  return { pid: child.pid, code };
}

export function run(cmd: string, args: string[] = []): number {
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  return r.status ?? -1;
}

export function runAsync(cmd: string, args: string[] = []): Promise<number> {
  return new Promise((resolve) => spawn(cmd, args, { stdio: 'ignore' }).on('exit', (c) => resolve(c ?? -1)));
}

