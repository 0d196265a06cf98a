// Helpers for in-VM tests: readers on the real /dev/trace, test programs,
// and draining a stopped reader.
import { spawn, spawnSync } from 'node:child_process';
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
  dev.setVars(varMask(spec.vars));
  if (spec.pid !== undefined) dev.setTarget(spec.pid, spec.follow ?? false);
  return dev;
}

/** Reads everything a stopped (or stopping) reader still has, until read() returns 0. */
export async function drain(dev: TraceDevice, chunk = 65536): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (;;) {
    const buf = Buffer.alloc(chunk);
    const n = await dev.read(buf);
    if (n === 0) return Buffer.concat(parts);
    parts.push(buf.subarray(0, n));
  }
}

/** Runs a held program under a started reader; resolves with its exit code. */
export async function traceHeld(dev: TraceDevice, cmd: string, args: string[], follow = false): Promise<{ pid: number; code: number }> {
  const child: HeldChild = spawnHeld(cmd, args, { stdio: 'ignore' });
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

