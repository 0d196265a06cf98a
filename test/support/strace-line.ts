// The one strace line a call's events make (UTC, no alignment), for formatter tests.
import { strict as assert } from 'node:assert';
import { StraceFormatter } from '../../frontend/src/views/strace/formatter';
import type { StraceOptions, SyscallEvent } from '../../frontend/src/views/strace/types';

export function line(events: readonly SyscallEvent[], options: StraceOptions = {}): string {
  const formatter = new StraceFormatter({ timeZone: 'utc', alignColumn: 0, ...options });
  const out = [...events.flatMap((e) => formatter.push(e)), ...formatter.flush()];
  assert.equal(out.length, 1, out.join('\n'));
  return out[0];
}
