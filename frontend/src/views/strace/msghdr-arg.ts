// The message arguments of sendmsg, recvmsg, sendmmsg and recvmmsg (capture
// kinds msghdr_in, msghdr_out, mmsghdr_in), as strace prints them: sendmsg's
// at entry; recvmsg's at exit, `{msg_namelen=N}` when it failed; sendmmsg's
// at exit, also when it failed (msg_len for the messages sent); recvmmsg's
// at exit when it succeeded, otherwise its address.
import { hex } from '../../syscalls/xlat';
import { MAX_ERRNO } from '../../syscalls/errno';
import { formatMessage, formatMessages, MMSGHDR, MSGHDR, parseMessages, parseNamelens } from './msghdr';
import type { ArgKindName } from '../../abi/abi';
import type { CapturedString, QuoteOptions } from './types';

/** An argument holding messages: one struct msghdr, or countArg's struct mmsghdr. */
export interface MsgSlot {
  readonly kind: 'msghdr';
  readonly index: number;
  readonly label?: string;
  readonly capture: ArgKindName;
  /** The vlen argument (0: one struct msghdr). */
  readonly countArg: number;
}

export interface MsgContext {
  readonly raw: readonly bigint[];
  readonly ret?: bigint;
  readonly strings?: ReadonlyMap<number, CapturedString>;
  readonly exitStrings?: ReadonlyMap<number, CapturedString>;
  readonly quote: QuoteOptions;
}

const pointer = (v: bigint): string => (v === 0n ? 'NULL' : hex(BigInt.asUintN(64, v)));

function bytesOf(s: CapturedString | undefined): { bytes: Uint8Array; truncated: boolean } | undefined {
  return s === undefined || 'unavailable' in s ? undefined : s;
}

function succeeded(ret: bigint | undefined): ret is bigint {
  return ret !== undefined && !(ret < 0n && ret >= -BigInt(MAX_ERRNO));
}

export function formatMsgSlot(slot: MsgSlot, ctx: MsgContext, fd: (fd: bigint) => string): string {
  const v = BigInt.asUintN(64, ctx.raw[slot.index] ?? 0n);
  if (v === 0n) return 'NULL';
  const quote = ctx.quote;
  const vector = slot.countArg !== 0;
  const size = vector ? MMSGHDR : MSGHDR;
  if (slot.capture === 'msghdr_in') {
    const mem = bytesOf(ctx.strings?.get(slot.index));
    const m = mem === undefined ? undefined : parseMessages(mem.bytes, size)[0];
    return m === undefined ? pointer(v) : formatMessage(m, { quote, fd });
  }
  // The entry's capture (merged strings: the entry wins) holds msg_namelen as given.
  const given = bytesOf(ctx.strings?.get(slot.index));
  const namelens = given === undefined ? [] : parseNamelens(given.bytes);
  if (slot.capture === 'msghdr_out' && !succeeded(ctx.ret)) {
    return !vector && namelens.length > 0 ? `{msg_namelen=${namelens[0]}}` : pointer(v);
  }
  const mem = bytesOf(ctx.exitStrings?.get(slot.index));
  if (mem === undefined) return pointer(v);
  const messages = parseMessages(mem.bytes, size);
  if (slot.capture === 'msghdr_out' && !vector) {
    const m = messages[0];
    if (m === undefined) return pointer(v);
    return formatMessage(m, { quote, fd, written: ctx.ret, ...(namelens.length > 0 ? { userNamelen: namelens[0] } : {}) });
  }
  const ret = ctx.ret === undefined ? 0n : ctx.ret;
  const received = slot.capture === 'msghdr_out';
  const count = received ? ret : BigInt.asUintN(32, ctx.raw[slot.countArg] ?? 0n);
  if (count > 0n && messages.length === 0) return pointer(v);
  return formatMessages(messages, {
    quote,
    fd,
    count,
    withLen: succeeded(ctx.ret) ? Number(ret) : 0,
    received,
    ...(received ? { userNamelens: namelens } : {}),
    truncated: mem.truncated,
  });
}
