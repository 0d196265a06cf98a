// Message events (the msg family) as plain objects: what `ktrace paths`
// works on, built from decoded records or from JSON fixtures.
import { fieldByName } from '../abi/abi';
import type { EventRecord } from '../decode';
import { commText } from '../decode';

export type MsgKind = 'send' | 'recv' | 'connect' | 'accept';

export interface MsgEvent {
  /** Index in the analysis' input, stable: ties in time keep input order. */
  readonly id: number;
  /** Which recording (machine) it came from; 0 is the reference clock. */
  readonly source: number;
  readonly kind: MsgKind;
  /** CLOCK_MONOTONIC ns of its recording (sys_exit of the syscall). */
  readonly ts: bigint;
  readonly pid: number;
  readonly tid: number;
  readonly comm: string;
  readonly fd: number;
  readonly family: number;
  readonly type: number;
  readonly protocol: number;
  readonly ino: bigint;
  readonly peerIno: bigint;
  /** "127.0.0.1:80", "[::1]:80"; a unix path; undefined when the socket has none. */
  readonly local?: string;
  readonly remote?: string;
  readonly bytes: number;
  /** TCP: sequence number of the first byte (u32). */
  readonly seq: number;
  /** The first bytes of the payload, when recorded with the strings variable. */
  readonly data?: Buffer;
}

export const AF_UNIX = 1;
export const AF_INET = 2;
export const AF_INET6 = 10;
export const SOCK_STREAM = 1;
export const SOCK_DGRAM = 2;
export const SOCK_SEQPACKET = 5;
export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;

const KINDS: Readonly<Record<string, MsgKind>> = { msg_send: 'send', msg_recv: 'recv', msg_connect: 'connect', msg_accept: 'accept' };

function tag(name: string): number {
  const row = fieldByName(name);
  if (!row) throw new Error(`ABI table has no field ${name}`);
  return row.tag;
}

const T = {
  pid: tag('pid'),
  tid: tag('tid'),
  commLo: tag('comm_lo'),
  commHi: tag('comm_hi'),
  fd: tag('sock_fd'),
  family: tag('sock_family'),
  type: tag('sock_type'),
  protocol: tag('sock_protocol'),
  ino: tag('msg_ino'),
  peerIno: tag('msg_peer_ino'),
  local: tag('msg_local'),
  remote: tag('msg_remote'),
  bytes: tag('msg_bytes'),
  seq: tag('msg_seq'),
  data: tag('msg_data'),
};

/** An endpoint as msg_local/msg_remote carry it (docs/abi.md, Messages), as text. */
export function endpointText(family: number, bytes: Uint8Array): string {
  if (family === AF_UNIX) return bytes[0] === 0 ? `@${Buffer.from(bytes.subarray(1)).toString('latin1')}` : Buffer.from(bytes).toString('latin1');
  if (bytes.length === 6) return `${bytes[0]}.${bytes[1]}.${bytes[2]}.${bytes[3]}:${(bytes[4] << 8) | bytes[5]}`;
  if (bytes.length === 18) {
    const groups: string[] = [];
    for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] << 8) | bytes[i + 1]).toString(16));
    return `[${groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::')}]:${(bytes[16] << 8) | bytes[17]}`;
  }
  return Buffer.from(bytes).toString('hex');
}

/** The message event a decoded record is, or undefined for other events. */
export function msgFromRecord(record: EventRecord, id: number, source: number): MsgEvent | undefined {
  const kind = KINDS[record.eventName];
  if (kind === undefined) return undefined;
  const family = Number(record.getBigInt(T.family));
  const str = (t: number) => {
    const s = record.getString(t);
    return s && s.status !== 'unavailable' ? s.bytes : undefined;
  };
  const local = str(T.local);
  const remote = str(T.remote);
  const data = str(T.data);
  return {
    id,
    source,
    kind,
    ts: record.tsBigInt(),
    pid: Number(record.getBigInt(T.pid)),
    tid: Number(record.getBigInt(T.tid)),
    comm: commText(record.getBigInt(T.commLo), record.getBigInt(T.commHi)),
    fd: Number(record.getBigInt(T.fd)),
    family,
    type: Number(record.getBigInt(T.type)) & 0xf,
    protocol: Number(record.getBigInt(T.protocol)),
    ino: BigInt.asUintN(64, record.getBigInt(T.ino)),
    peerIno: BigInt.asUintN(64, record.getBigInt(T.peerIno)),
    local: local ? endpointText(family, local) : undefined,
    remote: remote ? endpointText(family, remote) : undefined,
    bytes: Number(record.getBigInt(T.bytes)),
    seq: Number(BigInt.asUintN(32, record.getBigInt(T.seq))),
    data: data ? Buffer.from(data) : undefined,
  };
}

export function isTcp(m: MsgEvent): boolean {
  return (m.family === AF_INET || m.family === AF_INET6) && m.type === SOCK_STREAM && m.protocol === IPPROTO_TCP;
}

export function isUnixStream(m: MsgEvent): boolean {
  return m.family === AF_UNIX && (m.type === SOCK_STREAM || m.type === SOCK_SEQPACKET);
}

/** The socket a message went through, unique across recordings. */
export function socketKey(m: MsgEvent): string {
  return `${m.source}:${m.ino}`;
}

/** Plain JSON for fixtures (bigints and buffers as strings). */
export interface MsgJson extends Omit<MsgEvent, 'ts' | 'ino' | 'peerIno' | 'data'> {
  ts: string;
  ino: string;
  peerIno: string;
  data?: string; // base64
}

export function msgToJson(m: MsgEvent): MsgJson {
  return { ...m, ts: m.ts.toString(), ino: m.ino.toString(), peerIno: m.peerIno.toString(), data: m.data?.toString('base64') };
}

export function msgFromJson(j: MsgJson): MsgEvent {
  return { ...j, ts: BigInt(j.ts), ino: BigInt(j.ino), peerIno: BigInt(j.peerIno), data: j.data === undefined ? undefined : Buffer.from(j.data, 'base64') };
}
