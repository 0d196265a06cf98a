// struct file_handle as strace prints it (name_to_handle_at,
// open_by_handle_at): the 8-byte header (handle_bytes, handle_type), then
// f_handle as a hex-quoted string, at most 128 bytes (then `...`), `???`
// when it cannot be read.
import { quoteBytes } from './quote';

const HEADER = 8;
const MAX_HANDLE_SZ = 128;

interface Header {
  readonly handleBytes: number;
  readonly handleType: number;
}

function header(b: Uint8Array | undefined): Header | undefined {
  if (b === undefined || b.length < HEADER) return undefined;
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return { handleBytes: v.getUint32(0, true), handleType: v.getInt32(4, true) };
}

/** `, f_handle="\x01\x02"` when the capture holds the bytes; `???` when they could not be read. */
function fHandle(b: Uint8Array, h: Header): string {
  const len = Math.min(h.handleBytes, MAX_HANDLE_SZ);
  if (b.length < HEADER + len) return ', f_handle=???';
  return `, f_handle=${quoteBytes(b.subarray(HEADER, HEADER + len), h.handleBytes > len, 'all')}`;
}

/** open_by_handle_at's handle, as given: `{handle_bytes=8, handle_type=1, f_handle=0x...}`. */
export function formatFileHandle(b: Uint8Array): string | undefined {
  const h = header(b);
  if (b === undefined || h === undefined) return undefined;
  return `{handle_bytes=${h.handleBytes}, handle_type=${h.handleType}${fHandle(b, h)}}`;
}

/**
 * name_to_handle_at's handle: handle_bytes as given (@given, the entry's
 * capture), ` => N` when the kernel changed it (EOVERFLOW: the size it
 * needs), and the handle it wrote (@returned, the exit's; undefined when
 * the call failed otherwise). Undefined when the entry's was not read.
 */
export function formatFileHandleOut(given: Uint8Array | undefined, returned: Uint8Array | undefined, succeeded: boolean): string | undefined {
  const before = header(given);
  if (before === undefined) return undefined;
  let text = `{handle_bytes=${before.handleBytes}`;
  const after = header(returned);
  if (returned !== undefined && after !== undefined) {
    if (after.handleBytes !== before.handleBytes) text += ` => ${after.handleBytes}`;
    if (succeeded) text += `, handle_type=${after.handleType}${fHandle(returned, after)}`;
  }
  return `${text}}`;
}
