// What ktrace needs of a trace reader: /dev/trace (TraceDevice) or, in host
// tests, a FakeDevice replaying a recording. Commands only see this interface.
import type { ByteSource } from '../decode/record-stream';

export type { ByteSource };
export interface DeviceInfo {
  abiVersion: number;
  nrCpus: number;
  knownEvents: bigint;
  availableEvents: bigint;
  knownVars: bigint;
  availableVars: bigint;
  bufferBytesPerCpu: number;
  chunkBytes: number;
  maxRecordBytes: number;
  readers: number;
  activeEvents: bigint;
  activeVars: bigint;
  kernelRelease: string;
  /** Module parameter: what readers without CAP_PERFMON/CAP_SYS_ADMIN may trace (3 nothing, 2 ownEvents, 1 all). */
  paranoid: number;
  /** Whether this reader's opener had CAP_PERFMON or CAP_SYS_ADMIN. */
  privileged: boolean;
  /** Events an unprivileged reader may ask for at paranoid 2. */
  ownEvents: bigint;
  maxUserReaders: number;
  maxUserKb: number;
  /** Open unprivileged readers of this reader's user, and their memory. */
  userReaders: number;
  userBytes: bigint;
  /** Memory one reader takes. */
  readerBytes: number;
}

export interface DeviceStats {
  recordsWritten: bigint;
  bytesWritten: bigint;
  recordsDropped: bigint;
  recordsRead: bigint;
  bytesRead: bigint;
  recordsLost: bigint;
  bufferBytesPerCpu: number;
  nrCpus: number;
  readers: number;
  activeReaders: number;
  /** No-loss readers: times a target waited for this reader to catch up, and the nanoseconds they waited. */
  targetWaits: bigint;
  targetWaitNs: bigint;
}

export type DescKind = 'event' | 'var' | 'field';

export interface DescRow {
  kind: DescKind;
  index: number;
  number: number;
  available: boolean;
  type: number;
  variable: number;
  name: string;
  family: string;
  hook: string;
}

/** One USDT argument as the module takes it (struct kt_usdt_arg). */
export interface UprobeArg {
  kind: number;
  size: number;
  signed: boolean;
  reg: number;
  index: number;
  scale: number;
  shift: number;
  string: boolean;
  value: bigint;
}

/** A USDT probe for KT_IOC_ADD_UPROBE: the probed file (open fd), offsets, argument specs. */
export interface UprobeRequest {
  fd: number;
  offset: bigint;
  refCtrOffset: bigint;
  args: readonly UprobeArg[];
}

/** One reader of the trace device: its ioctls and its stream. */
export interface Device extends ByteSource {
  abiVersion(): number;
  info(): DeviceInfo;
  stats(): DeviceStats;
  /** One table row as the module describes it, or undefined past the last. */
  describe(kind: DescKind, index: number): DescRow | undefined;
  describeAll(kind: DescKind): DescRow[];
  setEvents(mask: bigint): void;
  setVars(mask: bigint): void;
  setSnaplen(bytes: number): void;
  /**
   * What read() returns (while stopped): 'records', the merged stream, or
   * 'spans', the rings' bytes in frames (privileged readers; EPERM otherwise).
   */
  setFormat(format: 'records' | 'spans'): void;
  /** @noLoss: a target about to outrun the reader waits for it (KT_TARGET_NO_LOSS; needs a pid). */
  setTarget(pid: number, followChildren: boolean, noLoss?: boolean): void;
  /** Adds a USDT probe to this (stopped) reader; returns the id its records carry. */
  addUprobe(req: UprobeRequest): bigint;
  start(): void;
  /** Stops the reader; a pending read then returns what is queued, then 0. */
  stop(): void;
  /** Resolves with the bytes read (whole records), 0 once stopped and drained. */
  read(into: Buffer): Promise<number>;
  close(): void;
}

/** Every row of @kind, asking @describe for index 0, 1, ... until it has none. */
export function describeRows(kind: DescKind, describe: (kind: DescKind, index: number) => DescRow | undefined): DescRow[] {
  const rows: DescRow[] = [];
  for (let i = 0; ; i++) {
    const row = describe(kind, i);
    if (!row) return rows;
    rows.push(row);
  }
}
