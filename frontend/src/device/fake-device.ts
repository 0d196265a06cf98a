// A reader that replays a stream recorded from the real module (a `ktrace
// record` file) the way /dev/trace hands it out: whole records per read, a
// few at a time, then nothing until stopped. Errors can be injected into any
// ioctl, into open and into a read, so the live commands run on the host.
import { ABI_VERSION, CONSTANTS, EVENTS, IOCTLS, VARIABLES } from '../abi/abi';
import { StreamDecoder } from '../decode/decoder';
import { errnoNumber } from '../syscalls/errno';
import { describeRows, type DescKind, type DescRow, type Device, type DeviceInfo, type DeviceStats, type UprobeRequest } from './device';
import { IoctlError } from './ioctl-binding';

/** Families a reader without CAP_PERFMON may trace at paranoid 2 (kmod/access.c). */
const OWN_FAMILIES = new Set(['syscall', 'proc', 'signal', 'fault']);

export interface FakeDeviceScript {
  /** The stream to replay: what read() on /dev/trace returned (a recording after its header). */
  stream: Uint8Array;
  kernelRelease?: string;
  nrCpus?: number;
  abiVersion?: number;
  /** Most records one read returns (default 16), as if that many were queued each time. */
  recordsPerRead?: number;
  /** Milliseconds before each read returns, as records trickle in (default 0). */
  readDelayMs?: number;
  /**
   * After the last record: 'wait' blocks reads until stop() (a live reader,
   * the default); 'eof' returns 0 as if stopped.
   */
  atEnd?: 'wait' | 'eof';
  /** Events and variables this fake kernel lacks (their rows say unavailable; asking for them fails). */
  unavailable?: string[];
  /** errno names to fail operations with: { setTarget: 'ESRCH' }; `read` fails after `readFailsAfter` reads. */
  fail?: Partial<Record<'abiVersion' | 'setEvents' | 'setVars' | 'setSnaplen' | 'setFormat' | 'setTarget' | 'addUprobe' | 'start' | 'read', string>>;
  readFailsAfter?: number;
  /** The device path errors name. */
  path?: string;
}

/** The record boundaries of @stream: the end offset of each whole record. */
function recordEnds(stream: Uint8Array): number[] {
  const decoder = new StreamDecoder();
  decoder.push(stream);
  const ends: number[] = [];
  for (let next = decoder.next(); next.kind !== 'need-more'; next = decoder.next()) {
    if (next.kind === 'malformed') throw new Error(`fake device: stream malformed at offset ${next.offset}: ${next.reason}`);
    ends.push(next.record.offset + next.record.length);
  }
  return ends;
}

function errnoError(code: string, request: number): IoctlError {
  return new IoctlError(errnoNumber(code) ?? 0, code, request);
}

export class FakeDevice implements Device {
  private readonly ends: number[];
  private nextRecord = 0;
  private reads = 0;
  private stopped = false;
  private started = false;
  private closed = false;
  private wake?: () => void;
  events = 0n;
  vars = 0n;
  snaplen: number = CONSTANTS.KT_SNAPLEN_DEFAULT;
  format: 'records' | 'spans' = 'records';
  target?: { pid: number; follow: boolean; noLoss: boolean };
  /** USDT probes added, in order (a probe's id is its index, as in a reader's first serial). */
  readonly uprobes: UprobeRequest[] = [];
  private bytesRead = 0;

  constructor(private readonly script: FakeDeviceScript) {
    this.ends = recordEnds(script.stream);
  }

  private check(op: keyof NonNullable<FakeDeviceScript['fail']>, request: number): void {
    if (this.closed) throw Object.assign(new Error('EBADF: bad file descriptor'), { code: 'EBADF' });
    const code = this.script.fail?.[op];
    if (code && op !== 'read') throw errnoError(code, request);
  }

  private isAvailable(name: string): boolean {
    return !(this.script.unavailable ?? []).includes(name);
  }

  private maskAvailable(mask: bigint, rows: readonly { name: string; bit: number }[]): boolean {
    return rows.every((row) => ((mask >> BigInt(row.bit)) & 1n) === 0n || this.isAvailable(row.name));
  }

  abiVersion(): number {
    this.check('abiVersion', IOCTLS.ABI_VERSION);
    return this.script.abiVersion ?? ABI_VERSION;
  }

  info(): DeviceInfo {
    const maskOf = (rows: readonly { name: string; bit: number }[], onlyAvailable: boolean) =>
      rows.filter((r) => !onlyAvailable || this.isAvailable(r.name)).reduce((m, r) => m | (1n << BigInt(r.bit)), 0n);
    return {
      abiVersion: this.script.abiVersion ?? ABI_VERSION,
      nrCpus: this.script.nrCpus ?? 1,
      knownEvents: maskOf(EVENTS, false),
      availableEvents: maskOf(EVENTS, true),
      knownVars: maskOf(VARIABLES, false),
      availableVars: maskOf(VARIABLES, true),
      bufferBytesPerCpu: 1 << 20,
      chunkBytes: 1 << 15,
      maxRecordBytes: 1 << 14,
      readers: 1,
      activeEvents: this.started ? this.events : 0n,
      activeVars: this.started ? this.vars : 0n,
      kernelRelease: this.script.kernelRelease ?? 'fake',
      // A privileged reader at the module's default level (docs/abi.md, Security).
      paranoid: 2,
      privileged: true,
      ownEvents: EVENTS.filter((r) => OWN_FAMILIES.has(r.family)).reduce((m, r) => m | (1n << BigInt(r.bit)), 0n),
      maxUserReaders: 64,
      maxUserKb: 16384,
      userReaders: 0,
      userBytes: 0n,
      readerBytes: 1 << 20,
    };
  }

  stats(): DeviceStats {
    return {
      recordsWritten: BigInt(this.ends.length),
      bytesWritten: BigInt(this.script.stream.length),
      recordsDropped: 0n,
      recordsRead: BigInt(this.nextRecord),
      bytesRead: BigInt(this.bytesRead),
      recordsLost: 0n,
      bufferBytesPerCpu: 1 << 20,
      nrCpus: this.script.nrCpus ?? 1,
      readers: 1,
      activeReaders: this.started && !this.stopped ? 1 : 0,
      targetWaits: 0n,
      targetWaitNs: 0n,
    };
  }

  describe(kind: DescKind, index: number): DescRow | undefined {
    if (kind === 'event') {
      const e = EVENTS[index];
      if (!e) return undefined;
      return { kind, index, number: e.bit, available: this.isAvailable(e.name), type: 0, variable: 0, name: e.name, family: e.family, hook: e.hook };
    }
    if (kind === 'var') {
      const v = VARIABLES[index];
      if (!v) return undefined;
      return { kind, index, number: v.bit, available: this.isAvailable(v.name), type: 0, variable: 0, name: v.name, family: '', hook: '' };
    }
    return undefined;
  }

  describeAll(kind: DescKind): DescRow[] {
    return describeRows(kind, (k, i) => this.describe(k, i));
  }

  setEvents(mask: bigint): void {
    this.check('setEvents', IOCTLS.SET_EVENTS);
    if (!this.maskAvailable(mask, EVENTS)) throw errnoError('EOPNOTSUPP', IOCTLS.SET_EVENTS);
    this.events = mask;
  }

  setVars(mask: bigint): void {
    this.check('setVars', IOCTLS.SET_VARS);
    if (!this.maskAvailable(mask, VARIABLES)) throw errnoError('EOPNOTSUPP', IOCTLS.SET_VARS);
    this.vars = mask;
  }

  setSnaplen(bytes: number): void {
    this.check('setSnaplen', IOCTLS.SET_SNAPLEN);
    if (bytes > CONSTANTS.KT_SNAPLEN_MAX) throw errnoError('EINVAL', IOCTLS.SET_SNAPLEN);
    this.snaplen = bytes;
  }

  setFormat(format: 'records' | 'spans'): void {
    this.check('setFormat', IOCTLS.SET_FORMAT);
    this.format = format;
  }

  setTarget(pid: number, followChildren: boolean, noLoss = false): void {
    this.check('setTarget', IOCTLS.SET_TARGET);
    // As the module: no-loss needs a target.
    if (noLoss && pid === 0) throw errnoError('EINVAL', IOCTLS.SET_TARGET);
    this.target = { pid, follow: followChildren, noLoss };
  }

  addUprobe(req: UprobeRequest): bigint {
    this.check('addUprobe', IOCTLS.ADD_UPROBE);
    if (this.started) throw errnoError('EBUSY', IOCTLS.ADD_UPROBE);
    if (this.uprobes.length >= CONSTANTS.KT_USDT_MAX_PROBES) throw errnoError('ENOSPC', IOCTLS.ADD_UPROBE);
    this.uprobes.push(req);
    // The module's ids: the reader's serial in the high bits, the index in the low.
    return (1n << BigInt(CONSTANTS.KT_USDT_INDEX_BITS)) | BigInt(this.uprobes.length - 1);
  }

  start(): void {
    this.check('start', IOCTLS.START);
    this.started = true;
  }

  stop(): void {
    this.stopped = true;
    this.wake?.();
  }

  async read(into: Buffer): Promise<number> {
    if (this.closed) throw Object.assign(new Error('EBADF: bad file descriptor'), { code: 'EBADF' });
    this.reads++;
    const failing = this.script.fail?.read;
    if (failing && this.reads > (this.script.readFailsAfter ?? 0))
      throw Object.assign(new Error(`${failing}: read failed`), { code: failing, errno: -(errnoNumber(failing) ?? 0), syscall: 'read', path: this.script.path ?? '/dev/trace' });
    if (this.script.readDelayMs) await new Promise((resolve) => setTimeout(resolve, this.script.readDelayMs));
    if (this.nextRecord >= this.ends.length) {
      if (this.stopped || this.script.atEnd === 'eof') return 0;
      // Blocks like a read of an idle reader, until stop(). A real read keeps
      // the process alive from the thread pool; a timer does it here.
      const alive = setInterval(() => undefined, 1 << 30);
      await new Promise<void>((resolve) => (this.wake = resolve));
      clearInterval(alive);
      return 0;
    }
    const from = this.nextRecord ? this.ends[this.nextRecord - 1] : 0;
    let last = this.nextRecord;
    const most = this.script.recordsPerRead ?? 16;
    // Whole records only, as many as fit (at least one: a buffer smaller than a record gets EINVAL from the module).
    while (last + 1 < this.ends.length && last + 1 - this.nextRecord < most && this.ends[last + 1] - from <= into.length) last++;
    const to = this.ends[last];
    if (to - from > into.length) throw Object.assign(new Error('EINVAL: buffer smaller than a record'), { code: 'EINVAL' });
    into.set(this.script.stream.subarray(from, to));
    this.nextRecord = last + 1;
    this.bytesRead += to - from;
    return to - from;
  }

  close(): void {
    this.closed = true;
    this.wake?.();
  }
}
