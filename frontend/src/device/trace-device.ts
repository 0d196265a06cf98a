// /dev/trace as a typed object: one instance is one reader (thesis §4.7.1).
import * as fs from 'node:fs';
import { CONSTANTS, IOCTLS, STRUCTS } from '../abi/abi';
import { ioctl } from './ioctl-binding';
import { StructBuffer } from './struct-codec';
import { describeRows, type DescKind, type DescRow, type Device, type DeviceInfo, type DeviceStats, type UprobeRequest } from './device';

export type { UprobeArg, UprobeRequest } from './device';

export const DEFAULT_DEVICE = `/dev/${CONSTANTS.KT_DEVICE_NAME}`;

export type { ByteSource, DescKind, DescRow, Device, DeviceInfo, DeviceStats } from './device';

const DESC_KINDS: Record<DescKind, number> = {
  event: CONSTANTS.KT_DESC_EVENT,
  var: CONSTANTS.KT_DESC_VAR,
  field: CONSTANTS.KT_DESC_FIELD,
};

export class TraceDevice implements Device {
  private closed = false;

  private constructor(
    readonly fd: number,
    readonly path: string,
  ) {}

  /** Opens a reader. Throws the fs error (ENOENT when the module is not loaded). */
  static open(path = DEFAULT_DEVICE, nonBlocking = false): TraceDevice {
    const flags = fs.constants.O_RDONLY | (nonBlocking ? fs.constants.O_NONBLOCK : 0);
    const fd = fs.openSync(path, flags);
    // A directory or a regular file opens fine and fails at the first ioctl: say so now.
    const stat = fs.fstatSync(fd);
    if (!stat.isCharacterDevice()) {
      fs.closeSync(fd);
      throw Object.assign(new Error(`${path}: not a character device`), { code: stat.isDirectory() ? 'EISDIR' : 'ENOTTY', path });
    }
    return new TraceDevice(fd, path);
  }

  abiVersion(): number {
    const out = Buffer.alloc(4);
    ioctl(this.fd, IOCTLS.ABI_VERSION, out);
    return out.readUInt32LE(0);
  }

  info(): DeviceInfo {
    const s = new StructBuffer(STRUCTS.kt_info);
    ioctl(this.fd, IOCTLS.GET_INFO, s.buffer);
    return {
      abiVersion: s.getNumber('abi_version'),
      nrCpus: s.getNumber('nr_cpus'),
      knownEvents: s.getUint('known_events'),
      availableEvents: s.getUint('available_events'),
      knownVars: s.getUint('known_vars'),
      availableVars: s.getUint('available_vars'),
      bufferBytesPerCpu: s.getNumber('buffer_bytes_per_cpu'),
      chunkBytes: s.getNumber('chunk_bytes'),
      maxRecordBytes: s.getNumber('max_record_bytes'),
      readers: s.getNumber('readers'),
      activeEvents: s.getUint('active_events'),
      activeVars: s.getUint('active_vars'),
      kernelRelease: s.getString('kernel_release'),
      paranoid: s.getNumber('paranoid'),
      privileged: s.getNumber('privileged') !== 0,
      ownEvents: s.getUint('own_events'),
      maxUserReaders: s.getNumber('max_user_readers'),
      maxUserKb: s.getNumber('max_user_kb'),
      userReaders: s.getNumber('user_readers'),
      userBytes: s.getUint('user_bytes'),
      readerBytes: s.getNumber('reader_bytes'),
    };
  }

  stats(): DeviceStats {
    const s = new StructBuffer(STRUCTS.kt_stats);
    ioctl(this.fd, IOCTLS.GET_STATS, s.buffer);
    return {
      recordsWritten: s.getUint('records_written'),
      bytesWritten: s.getUint('bytes_written'),
      recordsDropped: s.getUint('records_dropped'),
      recordsRead: s.getUint('records_read'),
      bytesRead: s.getUint('bytes_read'),
      recordsLost: s.getUint('records_lost'),
      bufferBytesPerCpu: s.getNumber('buffer_bytes_per_cpu'),
      nrCpus: s.getNumber('nr_cpus'),
      readers: s.getNumber('readers'),
      activeReaders: s.getNumber('active_readers'),
      targetWaits: s.getUint('target_waits'),
      targetWaitNs: s.getUint('target_wait_ns'),
    };
  }

  /** One table row as the module describes it, or undefined past the last. */
  describe(kind: DescKind, index: number): DescRow | undefined {
    const s = new StructBuffer(STRUCTS.kt_desc).setInt('kind', DESC_KINDS[kind]).setInt('index', index);
    try {
      ioctl(this.fd, IOCTLS.DESCRIBE, s.buffer);
    } catch (err) {
      if ((err as { code?: string }).code === 'ENOENT') return undefined;
      throw err;
    }
    return {
      kind,
      index,
      number: s.getNumber('number'),
      available: s.getNumber('available') !== 0,
      type: s.getNumber('type'),
      variable: s.getNumber('var'),
      name: s.getString('name'),
      family: s.getString('family'),
      hook: s.getString('hook'),
    };
  }

  describeAll(kind: DescKind): DescRow[] {
    return describeRows(kind, (k, i) => this.describe(k, i));
  }

  setEvents(mask: bigint): void {
    ioctl(this.fd, IOCTLS.SET_EVENTS, u64(mask));
  }

  setVars(mask: bigint): void {
    ioctl(this.fd, IOCTLS.SET_VARS, u64(mask));
  }

  /**
   * This reader's snap length for buffers and argv entries (0 to
   * CONSTANTS.KT_SNAPLEN_MAX; the module's default is KT_SNAPLEN_DEFAULT);
   * EINVAL above the maximum. The module captures with the largest snap
   * length of the started readers that want strings, so a reader may get
   * more bytes than it asked for and cuts them itself.
   */
  setSnaplen(bytes: number): void {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(bytes >>> 0);
    ioctl(this.fd, IOCTLS.SET_SNAPLEN, b);
  }

  setFormat(format: 'records' | 'spans'): void {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(format === 'spans' ? CONSTANTS.KT_FORMAT_SPANS : CONSTANTS.KT_FORMAT_RECORDS);
    ioctl(this.fd, IOCTLS.SET_FORMAT, b);
  }

  setTarget(pid: number, followChildren: boolean, noLoss = false): void {
    const flags = (followChildren ? CONSTANTS.KT_TARGET_FOLLOW_CHILDREN : 0) | (noLoss ? CONSTANTS.KT_TARGET_NO_LOSS : 0);
    const s = new StructBuffer(STRUCTS.kt_target).setInt('pid', pid).setInt('flags', flags);
    ioctl(this.fd, IOCTLS.SET_TARGET, s.buffer);
  }

  /** Adds a USDT probe to this (stopped) reader; returns the id its records carry. */
  addUprobe(req: UprobeRequest): bigint {
    const buf = encodeUprobe(req);
    ioctl(this.fd, IOCTLS.ADD_UPROBE, buf);
    return buf.readBigUInt64LE(STRUCTS.kt_uprobe.members.id.offset);
  }

  start(): void {
    ioctl(this.fd, IOCTLS.START, Buffer.alloc(0));
  }

  /** Stops the reader; a read blocked in the thread pool then returns 0. */
  stop(): void {
    if (!this.closed) ioctl(this.fd, IOCTLS.STOP, Buffer.alloc(0));
  }

  /** Resolves with the bytes read (whole records), 0 once stopped and drained. */
  read(into: Buffer): Promise<number> {
    return new Promise((resolve, reject) => {
      // The error names the device, as open()'s does: `read /dev/trace: ...`.
      fs.read(this.fd, into, 0, into.length, null, (err, n) => (err ? reject(Object.assign(err, { path: this.path })) : resolve(n)));
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    fs.closeSync(this.fd);
  }
}

function u64(value: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt.asUintN(64, value));
  return b;
}

/** struct kt_uprobe's bytes for @req. */
export function encodeUprobe(req: UprobeRequest): Buffer {
  const s = new StructBuffer(STRUCTS.kt_uprobe)
    .setInt('fd', req.fd)
    .setInt('nr_args', req.args.length)
    .setInt('offset', req.offset)
    .setInt('ref_ctr_offset', req.refCtrOffset);
  const argSize = STRUCTS.kt_usdt_arg.size;
  const m = STRUCTS.kt_usdt_arg.members;
  req.args.forEach((a, i) => {
    const at = STRUCTS.kt_uprobe.members.args.offset + i * argSize;
    const b = s.buffer;
    b.writeUInt8(a.kind, at + m.kind.offset);
    b.writeUInt8(a.size, at + m.size.offset);
    b.writeUInt8(a.signed ? 1 : 0, at + m.is_signed.offset);
    b.writeUInt8(a.reg, at + m.reg.offset);
    b.writeUInt8(a.index, at + m.index.offset);
    b.writeUInt8(a.scale, at + m.scale.offset);
    b.writeUInt8(a.shift, at + m.shift.offset);
    b.writeUInt8(a.string ? CONSTANTS.KT_USDT_ARG_STRING : 0, at + m.flags.offset);
    b.writeBigInt64LE(BigInt.asIntN(64, a.value), at + m.value.offset);
  });
  return s.buffer;
}
