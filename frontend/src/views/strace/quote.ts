// strace's quoting of strings and buffers: `"..."` with C escapes, octal for
// other non-printable bytes (three digits only when an octal digit follows),
// whole-string hex under -x when anything needs escaping, `...` after the
// closing quote when more bytes exist than are shown.
import type { HexStrings } from './types';

const LETTER_ESCAPES: { readonly [byte: number]: string } = {
  0x09: '\\t',
  0x0a: '\\n',
  0x0b: '\\v',
  0x0c: '\\f',
  0x0d: '\\r',
  0x22: '\\"',
  0x5c: '\\\\',
};

function isPrintable(byte: number): boolean {
  return byte >= 0x20 && byte < 0x7f;
}

function isOctalDigit(byte: number | undefined): boolean {
  return byte !== undefined && byte >= 0x30 && byte <= 0x37;
}

function needsHex(bytes: Uint8Array, style: HexStrings): boolean {
  if (style === 'all') return true;
  if (style === 'none') return false;
  return bytes.some((b) => !isPrintable(b) && LETTER_ESCAPES[b] === undefined);
}

/**
 * Quotes `bytes` (already cut to what is shown); `more` appends strace's
 * `...` marking that the real data goes on.
 */
export function quoteBytes(bytes: Uint8Array, more: boolean, style: HexStrings): string {
  let out = '"';
  if (needsHex(bytes, style)) {
    for (const b of bytes) out += `\\x${b.toString(16).padStart(2, '0')}`;
  } else {
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      const letter = LETTER_ESCAPES[b];
      if (letter !== undefined) out += letter;
      else if (isPrintable(b)) out += String.fromCharCode(b);
      else out += `\\${b.toString(8).padStart(isOctalDigit(bytes[i + 1]) ? 3 : 1, '0')}`;
    }
  }
  return `${out}"${more ? '...' : ''}`;
}

/** The bytes of a NUL-terminated string: up to the first NUL if there is one. */
export function untilNul(bytes: Uint8Array): { readonly text: Uint8Array; readonly terminated: boolean } {
  const nul = bytes.indexOf(0);
  return nul < 0 ? { text: bytes, terminated: false } : { text: bytes.subarray(0, nul), terminated: true };
}
