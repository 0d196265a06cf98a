// `ktrace record` files: a small header, then the reader's stream byte for
// byte. The stream is never re-encoded, so recording keeps up with the module.
import * as os from 'node:os';
import { ABI_VERSION } from '../abi/abi';
import type { DeviceInfo } from '../device/device';
import { UserError } from '../user-error';
import type { SavedSite } from '../usdt/attach';

/** "KTRACE" + NUL + format version 1. */
export const RECORD_MAGIC = Buffer.from([0x4b, 0x54, 0x52, 0x41, 0x43, 0x45, 0x00, 0x01]);
const MAX_HEADER_BYTES = 1 << 20;
/** Older ABIs whose recordings this ktrace reads as they are. */
const READABLE_OLDER_ABIS: readonly number[] = [2];

export interface RecordHeader {
  abiVersion: number;
  ktraceVersion: string;
  kernelRelease: string;
  nrCpus: number;
  events: string; // hex mask
  vars: string; // hex mask
  targetPid: number;
  followChildren: boolean;
  command?: readonly string[];
  /** CLOCK_REALTIME minus CLOCK_MONOTONIC at start, ns, so -t/-tt can print wall time. */
  realtimeOffsetNs: string;
  startedAt: string; // ISO 8601
  host?: string;
  /** USDT probe sites by index, to show usdt records (ABI 3). */
  usdt?: SavedSite[];
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require('../../../../package.json') as { version: string };

/** What one live session chose: masks, target, and what the views need to show its records. */
export interface SessionChoice {
  events: bigint;
  vars: bigint;
  targetPid: number;
  followChildren: boolean;
  command?: readonly string[];
  realtimeOffsetNs: bigint;
  startedAt?: string;
  usdt?: SavedSite[];
}

/** The header of a recording of a live session on the device that @info describes, on this host, now. */
export function liveRecordHeader(info: DeviceInfo, choice: SessionChoice): Buffer {
  return encodeRecordHeader({
    abiVersion: info.abiVersion,
    ktraceVersion: version,
    kernelRelease: info.kernelRelease,
    nrCpus: info.nrCpus,
    events: `0x${choice.events.toString(16)}`,
    vars: `0x${choice.vars.toString(16)}`,
    targetPid: choice.targetPid,
    followChildren: choice.followChildren,
    command: choice.command,
    realtimeOffsetNs: choice.realtimeOffsetNs.toString(),
    startedAt: choice.startedAt ?? new Date().toISOString(),
    host: os.hostname(),
    usdt: choice.usdt,
  });
}

export function encodeRecordHeader(header: RecordHeader): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  return Buffer.concat([RECORD_MAGIC, length, json]);
}

export type HeaderParse =
  | { kind: 'header'; header: RecordHeader; streamOffset: number }
  | { kind: 'need-more' };

/** Parses the header at the start of @bytes; throws a UserError when it is not one. */
export function parseRecordHeader(bytes: Uint8Array, file: string): HeaderParse {
  const prefix = RECORD_MAGIC.length + 4;
  if (bytes.length < prefix) {
    if (!Buffer.from(bytes).equals(RECORD_MAGIC.subarray(0, bytes.length)))
      throw new UserError(`${file}: not a ktrace recording (bad magic at offset 0)`);
    return { kind: 'need-more' };
  }
  if (!Buffer.from(bytes.subarray(0, RECORD_MAGIC.length)).equals(RECORD_MAGIC))
    throw new UserError(`${file}: not a ktrace recording (bad magic at offset 0)`);
  const length = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).readUInt32LE(RECORD_MAGIC.length);
  if (length > MAX_HEADER_BYTES) throw new UserError(`${file}: corrupt header length ${length} at offset 8`);
  if (bytes.length < prefix + length) return { kind: 'need-more' };
  let header: RecordHeader;
  try {
    header = JSON.parse(Buffer.from(bytes.subarray(prefix, prefix + length)).toString('utf8')) as RecordHeader;
  } catch {
    throw new UserError(`${file}: corrupt header (offset ${prefix})`);
  }
  // ABI 3 added ioctl fields, execve's path and argv at sys_exit, and the USDT
  // rows: an ABI 2 stream is an ABI 3 stream that lacks them.
  if (header.abiVersion !== ABI_VERSION && !READABLE_OLDER_ABIS.includes(header.abiVersion))
    throw new UserError(`${file}: recorded with ABI ${header.abiVersion}, this ktrace reads ABI ${ABI_VERSION}`, 3);
  return { kind: 'header', header, streamOffset: prefix + length };
}

/** CLOCK_REALTIME - CLOCK_MONOTONIC in ns (Node's hrtime is CLOCK_MONOTONIC on Linux). */
export function realtimeOffsetNs(): bigint {
  return BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint();
}
