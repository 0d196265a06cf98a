// The Perfetto syscall slices, built from the call pairer's objects (no
// --json text in between): on the real recording timeline.ktr they are the
// slices the export wrote when it parsed the strace view's JSON lines
// (test/fixtures/timeline.syscalls.json, that export's syscall events), and
// each kind of call end gets its slice from a call object made by hand.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileSource } from '../../frontend/src/record/file-source';
import { pump } from '../../frontend/src/session/pump';
import { firstExecGate } from '../../frontend/src/session/trace-view';
import { PerfettoExport } from '../../frontend/src/views/export';
import { syscallSlice } from '../../frontend/src/views/export/syscall-slices';
import { layoutCall } from '../../frontend/src/views/strace/call';
import type { EndedCall } from '../../frontend/src/views/strace/paired';
import { syscallNumber } from '../../frontend/src/syscalls';
import { fixturesDir } from '../support/fixtures';

const READ = syscallNumber('read') ?? -1;
const raw = [3n, 0x1000n, 4n, 0n, 0n, 0n];
const read: EndedCall = { tid: 7, pid: 7, sysno: READ, name: 'read', layout: layoutCall(READ, raw), enterNs: 2_000, raw, end: 'lost' };
const returned = { ...read, exitNs: 5_500, exitSysno: READ, ret: 4n, exitStrings: new Map([[1, { bytes: Buffer.from('abcd'), truncated: false }]]), end: 'returned' as const };

describe('perfetto syscall slices from call objects', () => {
  it('timeline.ktr: the same slices as the export made from --json lines', async () => {
    const { source, header } = FileSource.open(path.join(fixturesDir(), 'timeline.ktr'));
    const timeline = new PerfettoExport({ recordedVars: BigInt(header.vars) });
    const gate = firstExecGate(header.targetPid);
    try {
      await pump(source, (record) => {
        if (record.type !== 'event' || gate(record)) timeline.onRecord(record);
      });
    } finally {
      source.close();
    }
    const slices = timeline.finish().filter((e) => 'cat' in e && e.cat === 'syscall');
    const expected = JSON.parse(fs.readFileSync(path.join(fixturesDir(), 'timeline.syscalls.json'), 'utf8')) as unknown[];
    assert.equal(slices.length, 149);
    assert.deepStrictEqual(JSON.parse(JSON.stringify(slices)), expected);
  });

  it('a call that returned: a complete slice in µs with its decoded arguments', () => {
    assert.deepStrictEqual(syscallSlice(returned, undefined), {
      name: 'read', cat: 'syscall', pid: 7, tid: 7, ts: 2, ph: 'X', dur: 3.5, args: { nr: READ, text: '3, "abcd", 4', ret: 4, errno: null },
    });
  });

  it('an exit whose entry was not seen: an instant at the exit', () => {
    const { enterNs: _e, raw: _r, ...exitOnly } = returned;
    assert.deepStrictEqual(syscallSlice(exitOnly, undefined), {
      name: 'read', cat: 'syscall', pid: 7, tid: 7, ts: 5.5, ph: 'i', s: 't', args: { nr: READ, text: '', ret: 4, errno: null, entry: 'not seen' },
    });
  });

  it('a lost exit, a thread that exited inside the call, a call past the end of the trace', () => {
    const args = { nr: READ, text: '3, 0x1000, 4', ret: null, errno: null };
    const base = { name: 'read', cat: 'syscall', pid: 7, tid: 7, ts: 2 };
    assert.deepStrictEqual(syscallSlice(read, undefined), { ...base, ph: 'i', s: 't', args: { ...args, exit: 'not seen' } });
    const ended = { ...read, end: 'trace-ended' as const };
    assert.deepStrictEqual(syscallSlice(ended, new Map([[7, 9_000]])), { ...base, ph: 'X', dur: 7, args: { ...args, exit: 'thread exited' } });
    assert.deepStrictEqual(syscallSlice(ended, new Map()), { ...base, ph: 'B', args: { ...args, exit: 'after the trace ended' } });
  });

  it('exit_group: an instant, no result', () => {
    const nr = syscallNumber('exit_group') ?? -1;
    const call: EndedCall = { tid: 7, pid: 7, sysno: nr, name: 'exit_group', layout: layoutCall(nr, [1n]), enterNs: 1_000, raw: [1n], end: 'never-returns' };
    assert.deepStrictEqual(syscallSlice(call, undefined), { name: 'exit_group', cat: 'syscall', pid: 7, tid: 7, ts: 1, ph: 'i', s: 't', args: { nr, text: '1' } });
  });
});
