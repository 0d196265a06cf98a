// Helpers for the per-event tests (test/vm/events-*.test.ts): records from
// the asn1js reference parser (integer state with deltas and keyframes,
// plus each record's STR fields), readers that drain while a workload runs,
// held programs whose output the test reads, and small /proc readers.
//
// The frontend's decoder is not used on purpose: these tests check the
// module, so they parse its bytes with a reference BER parser and the rules
// of docs/abi.md only.
import { strict as assert } from 'node:assert';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  EVENTS,
  fieldByName,
  fieldByTag,
  type EventRow,
} from '../../../frontend/src/abi/abi';
import type { TraceDevice } from '../../../frontend/src/device/trace-device';
import { parseStream } from './ber-reference';
import { REPO, openReader, type ReaderSpec } from './readers';

export const STR_COMPLETE = 0;
export const STR_TRUNCATED = 1;
export const STR_UNAVAILABLE = 2;

/** One STR field as a record carried it: the status byte, then the bytes. */
export interface StrField {
  status: number;
  bytes: Buffer;
}

/** One event record, decoded. */
export interface Rec {
  name: string;
  bit: number;
  /** Absolute CLOCK_MONOTONIC ns. */
  ts: bigint;
  /** Integer fields this record carried (changed since the previous one). */
  carried: ReadonlyMap<number, bigint>;
  /** The reader's full integer state after this record. */
  state: ReadonlyMap<number, bigint>;
  /** STR fields of this record only (they are never state). */
  strs: ReadonlyMap<number, StrField>;
}

export interface Decoded {
  records: Rec[];
  /** Sum of lost_count over LOST records. */
  lost: bigint;
  keyframes: number;
}

const STATUS_BYTE = { complete: STR_COMPLETE, truncated: STR_TRUNCATED, unavailable: STR_UNAVAILABLE } as const;

/** Decodes a whole stream with the asn1js reference parser; asserts on anything the grammar does not allow. */
export function decode(bytes: Uint8Array): Decoded {
  const decoded: Decoded = { records: [], lost: 0n, keyframes: 0 };
  for (const r of parseStream(bytes)) {
    if (r.kind === 'keyframe') decoded.keyframes++;
    else if (r.kind === 'lost') decoded.lost += r.count;
    else {
      const strs = new Map<number, StrField>();
      for (const [tag, s] of r.strings) strs.set(tag, { status: STATUS_BYTE[s.status], bytes: Buffer.from(s.bytes) });
      decoded.records.push({ name: r.name, bit: r.bit, ts: r.ts, carried: r.carried, state: r.state, strs });
    }
  }
  return decoded;
}

export function fieldTag(name: string): number {
  return (fieldByName(name) ?? assert.fail(`no field ${name} in the ABI table`)).tag;
}

export function eventRow(name: string): EventRow {
  return EVENTS.find((e) => e.name === name) ?? assert.fail(`no event ${name} in the ABI table`);
}

/** An integer field of the record's state (0 when never set, as the grammar says). */
export function val(rec: Rec, name: string): bigint {
  return rec.state.get(fieldTag(name)) ?? 0n;
}

/** A field's value as a JS number (for pids, counts and small values). */
export function num(rec: Rec, name: string): number {
  return Number(val(rec, name));
}

/** The record's STR field, or undefined when it did not carry it. */
export function str(rec: Rec, name: string): StrField | undefined {
  return rec.strs.get(fieldTag(name));
}

/** A STR field that must be complete, as text. */
export function text(rec: Rec, name: string): string {
  const s = str(rec, name) ?? assert.fail(`${rec.name} record without ${name}`);
  assert.equal(s.status, STR_COMPLETE, `${rec.name}.${name} status`);
  return s.bytes.toString('latin1');
}

/** Text packed little-endian in CHARS integers (byte i at bits 8*i), NULs dropped. */
export function chars(...values: bigint[]): string {
  let out = '';
  for (const v of values) {
    const u = BigInt.asUintN(64, v);
    for (let i = 0n; i < 8n; i++) {
      const b = Number((u >> (8n * i)) & 0xffn);
      if (b === 0) return out;
      out += String.fromCharCode(b);
    }
  }
  return out;
}

export function comm(rec: Rec): string {
  return chars(val(rec, 'comm_lo'), val(rec, 'comm_hi'));
}

/** The packing the module uses for CHARS, for exact comparisons. */
export function packChars(s: string): bigint {
  let v = 0n;
  for (let i = 0; i < s.length && i < 8; i++) v |= BigInt(s.charCodeAt(i)) << BigInt(8 * i);
  return BigInt.asIntN(64, v);
}

export const named = (recs: readonly Rec[], name: string) => recs.filter((r) => r.name === name);
export const ofPid = (recs: readonly Rec[], pid: number) => recs.filter((r) => num(r, 'pid') === pid);

/**
 * A started reader that drains itself while the test works, so busy
 * events (page allocations, switches) do not overrun the rings.
 */
export class Capture {
  private readonly parts: Buffer[] = [];
  private pump: Promise<void> | undefined;
  private closed = false;
  private constructor(readonly dev: TraceDevice) {
    live.captures.add(this);
  }

  /** Opens a reader with @spec; call start() (or startHeld()) next. */
  static open(spec: ReaderSpec): Capture {
    return new Capture(openReader(spec));
  }

  start(): this {
    this.dev.start();
    this.pump = (async () => {
      // One buffer, each read's bytes copied out (a kept subarray holds all 64 KiB).
      const buf = Buffer.alloc(65536);
      for (;;) {
        const n = await this.dev.read(buf);
        if (n === 0) return;
        this.parts.push(Buffer.from(buf.subarray(0, n)));
      }
    })();
    return this;
  }

  /** Targets a held program, starts, then lets it exec. */
  startHeld(held: Held, follow = false): this {
    this.dev.setTarget(held.pid, follow);
    this.start();
    held.release();
    return this;
  }

  /** Stops, reads what is left, closes and decodes. */
  async finish(): Promise<Decoded> {
    await this.close();
    return decode(Buffer.concat(this.parts));
  }

  /** Stops the reader, waits for its pump (a pending read would keep node alive) and closes it. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    live.captures.delete(this);
    try {
      this.dev.stop();
      await this.pump;
    } finally {
      this.dev.close();
    }
  }
}

/** Captures and programs a failed test may leave behind; cleanUp() ends them. */
const live = { captures: new Set<Capture>(), held: new Set<Held>() };

/** For afterEach(): closes open captures and kills programs still running. */
export async function cleanUp(): Promise<void> {
  for (const h of live.held) if (h.child.exitCode === null && h.child.signalCode === null) h.child.kill('SIGKILL');
  live.held.clear();
  for (const c of [...live.captures]) await c.close();
}

/** Runs @fn with a capture of @spec started; always closes it. */
export async function capture(spec: ReaderSpec, fn: () => Promise<void> | void): Promise<Decoded> {
  const cap = Capture.open(spec).start();
  try {
    await fn();
  } catch (err) {
    await cap.close();
    throw err;
  }
  return cap.finish();
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A program started by a shell that waits on fd 3 before exec (same pid). */
export interface Held {
  readonly pid: number;
  readonly child: ChildProcess;
  release(): void;
  readonly exited: Promise<Exit>;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of @re in stdout (waits for it). */
  waitFor(re: RegExp, ms?: number): Promise<RegExpMatchArray>;
}

export interface HoldOptions {
  /** setsid(): the program leads a new session and process group. */
  detached?: boolean;
  /** Shell text run before the exec (as the held pid), e.g. joining a cgroup. */
  prelude?: string;
}

export function hold(cmd: string, args: readonly string[], opts: HoldOptions = {}): Held {
  const script = `read _ <&3; exec 3<&-; ${opts.prelude ?? ''}\nexec "$0" "$@"`;
  const child = spawn('/bin/sh', ['-c', script, cmd, ...args], {
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    detached: opts.detached ?? false,
  });
  assert.ok(child.pid !== undefined, `cannot start ${cmd}`);
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString('latin1')));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString('latin1')));
  const exited = new Promise<Exit>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  const gate = child.stdio[3] as NodeJS.WritableStream;
  const held: Held = {
    pid: child.pid,
    child,
    release: () => gate.end('\n'),
    exited,
    stdout: () => out,
    stderr: () => err,
    waitFor: async (re, ms = 60000) => {
      const until = Date.now() + ms;
      for (;;) {
        const m = re.exec(out);
        if (m) return m;
        if (child.exitCode !== null || child.signalCode !== null || Date.now() > until)
          assert.fail(`${cmd}: no ${re} in its output: ${JSON.stringify(out)} ${JSON.stringify(err)}`);
        await sleep(20);
      }
    },
  };
  live.held.add(held);
  return held;
}

/** Starts a program right away (not held), output kept. */
export function launch(cmd: string, args: readonly string[] = []): Held {
  const h = hold(cmd, args);
  h.release();
  return h;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function sh(cmd: string): { code: number; out: string; pid: number } {
  const r = spawnSync('/bin/sh', ['-c', cmd], { encoding: 'utf8' });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}`, pid: r.pid ?? -1 };
}

/** Runs a command to completion; asserts its status; returns its pid and output. */
export function mustRun(cmd: string, args: readonly string[], status = 0): { pid: number; out: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  assert.equal(r.status, status, `${cmd} ${args.join(' ')}: status ${r.status}: ${r.stdout}${r.stderr}`);
  return { pid: r.pid ?? -1, out: `${r.stdout}${r.stderr}` };
}

/** /proc/vmstat as a map of bigints. */
export function vmstat(): Map<string, bigint> {
  const m = new Map<string, bigint>();
  for (const line of fs.readFileSync('/proc/vmstat', 'utf8').split('\n')) {
    const [k, v] = line.split(' ');
    if (k && v) m.set(k, BigInt(v));
  }
  return m;
}

/** A /proc/meminfo value in bytes (they are printed in kB). */
export function meminfo(key: string): bigint {
  const m = new RegExp(`^${key}:\\s+(\\d+) kB$`, 'm').exec(fs.readFileSync('/proc/meminfo', 'utf8'));
  assert.ok(m, `no ${key} in /proc/meminfo`);
  return BigInt(m[1]) * 1024n;
}

/** Fields of /proc/PID/stat after the comm: index 0 is the state (field 3). */
export function procStat(pid: number | 'self'): string[] {
  const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return s.slice(s.lastIndexOf(')') + 2).trim().split(' ');
}

export const CLI = path.join(REPO, 'dist/frontend/src/cli.js');

/** Every event must be available here: a missing hook fails, never skips. */
export function assertAvailable(dev: TraceDevice, names: readonly string[]): void {
  const rows = dev.describeAll('event');
  for (const name of names) {
    const row = rows.find((r) => r.name === name) ?? assert.fail(`the module does not describe ${name}`);
    assert.ok(row.available, `${name} (${row.hook}) is unavailable on this kernel`);
  }
}

/** A record as one line with every state field and STR named, for messages. */
export function show(rec: Rec): string {
  const ints = [...rec.state]
    .filter(([t]) => t > 4)
    .sort(([a], [b]) => a - b)
    .map(([t, v]) => `${fieldByTag(t)?.name ?? t}=${v}`);
  const strs = [...rec.strs].map(([t, s]) => `${fieldByTag(t)?.name ?? t}=${s.status}:${JSON.stringify(s.bytes.toString('latin1'))}`);
  return `${rec.name}@${rec.ts} ${[...ints, ...strs].join(' ')}`;
}

/**
 * Pages the per-CPU page lists may hold now, all CPUs and zones together
 * (the "high" of each list in /proc/zoneinfo, or its high_max where shown).
 * Pages there are not in NR_FREE_PAGES. Kernels that tune high themselves
 * (6.12) may raise it later unless percpu_pagelist_high_fraction is set.
 */
export function pcpCapacityPages(): number {
  let total = 0;
  let cur = 0;
  for (const line of fs.readFileSync('/proc/zoneinfo', 'utf8').split('\n')) {
    if (/^\s+cpu: \d+$/.test(line)) {
      total += cur;
      cur = 0;
    }
    const m = /^\s+(high|high_max):\s+(\d+)$/.exec(line);
    if (m) cur = Math.max(cur, Number(m[2]));
  }
  return total + cur;
}
