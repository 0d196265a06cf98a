// Decodes large streams with the frontend's StreamDecoder (checked against
// asn1js by the host tests): asn1js is too slow for 10^5 records under TCG.
// STR fields (strings, exec_filename, ...) and CHARS fields decode as the
// ABI says; this tally counts the strings and checks their status.
import { strict as assert } from 'node:assert';
import { FieldTag } from '../../../frontend/src/abi/abi';
import { StreamDecoder } from '../../../frontend/src/decode';

export interface Tally {
  events: number;
  lost: number;
  /** Records whose thread's previous record had the same phase (enter after enter, exit after exit). */
  misordered: number;
  /** The first few misordered records beside their thread's previous one, for assertion messages. */
  misorderedSamples: string[];
  /** STR fields seen, over all records. */
  strings: number;
  /** sysno -> results seen at sys_exit, for spot checks. */
  check(fn: (name: string, sysno: number, ret: bigint, pid: number) => void): void;
}

export function tally(bytes: Uint8Array): Tally {
  const decoder = new StreamDecoder();
  decoder.push(bytes);
  const exits: [string, number, bigint, number][] = [];
  let events = 0;
  let lost = 0;
  let misordered = 0;
  let strings = 0;
  const misorderedSamples: string[] = [];
  const lastPhase = new Map<number, { name: string; sysno: number; ts: number; index: number }>();
  for (;;) {
    const next = decoder.next();
    if (next.kind === 'need-more') break;
    assert.notEqual(next.kind, 'malformed', next.kind === 'malformed' ? `malformed at ${next.offset}: ${next.reason}` : '');
    if (next.kind !== 'record') break;
    const r = next.record;
    if (r.type === 'lost') lost += r.count;
    if (r.type !== 'event') continue;
    events++;
    for (const tag of r.stringTags()) {
      const value = r.getString(tag);
      assert.ok(value && (value.status !== 'unavailable' || value.bytes.length === 0), `string ${tag}: ${JSON.stringify(value)}`);
      strings++;
    }
    if (r.eventName === 'sys_enter' || r.eventName === 'sys_exit') {
      const tid = r.get(FieldTag.TID);
      const sysno = r.get(FieldTag.SYSNO);
      const before = lastPhase.get(tid);
      if (before?.name === r.eventName && sysno !== 59) {
        misordered++;
        if (misorderedSamples.length < 3)
          misorderedSamples.push(
            `tid ${tid}: #${before.index} ${before.name}(${before.sysno})@${before.ts} then #${events} ${r.eventName}(${sysno})@${r.tsNs}`,
          );
      }
      lastPhase.set(tid, { name: r.eventName, sysno, ts: r.tsNs, index: events });
    }
    if (r.eventName === 'sys_exit') exits.push([r.eventName, r.get(FieldTag.SYSNO), r.getBigInt(FieldTag.RET), r.get(FieldTag.PID)]);
  }
  assert.equal(decoder.buffered, 0, 'stream ends inside a record');
  return { events, lost, misordered, misorderedSamples, strings, check: (fn) => exits.forEach((e) => fn(...e)) };
}
