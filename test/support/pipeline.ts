// The whole path a recorded stream takes to strace text: decoder ->
// sys_enter/sys_exit snapshots -> SyscallEvents -> formatter.
import { StreamDecoder } from '../../frontend/src/decode/decoder';
import { StraceFormatter } from '../../frontend/src/views/strace/formatter';
import { syscallEventOf } from '../../frontend/src/views/strace/from-record';
import type { StraceOptions } from '../../frontend/src/views/strace/types';

export function straceLinesOf(bytes: Uint8Array, options: StraceOptions = {}): string[] {
  const decoder = new StreamDecoder();
  const formatter = new StraceFormatter(options);
  const lines: string[] = [];
  decoder.push(bytes);
  for (let result = decoder.next(); result.kind !== 'need-more'; result = decoder.next()) {
    if (result.kind === 'malformed') throw new Error(`malformed at ${result.offset}: ${result.reason}`);
    if (result.record.type !== 'event') continue;
    const event = syscallEventOf(result.record);
    if (event !== undefined) lines.push(...formatter.push(event));
  }
  return [...lines, ...formatter.flush()];
}
