// KT_FORMAT_SPANS (draft, issue 17): a privileged reader gets the rings'
// bytes in frames and merges them itself. Against a merged-records reader
// of the same target in the same run, the merge must give the same events
// with the same times and values; an unprivileged reader may not ask for
// spans, and a started one may not switch.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { eventByName, FieldTag } from '../../frontend/src/abi/abi';
import { SpanMerger } from '../../frontend/src/decode/span-merge';
import { SpanSplitter } from '../../frontend/src/decode/spans';
import { StreamDecoder } from '../../frontend/src/decode/decoder';
import type { DecodedRecord } from '../../frontend/src/decode/types';
import { drain, openReader, prog, REPO, run, spawnHeldWaiting } from './lib/readers';

// Compared: the task, and what each event itself records (a field an
// event does not record holds whatever its stream last carried, and a CPU's
// stream and the merged one carried different records before it).
const FIELDS = [FieldTag.PID, FieldTag.TID, FieldTag.SYSNO, FieldTag.ARG0, FieldTag.RET];
const own = (name: string, tag: number) => tag === FieldTag.PID || tag === FieldTag.TID || (eventByName(name)?.fields.includes(tag) ?? false);
const line = (name: string, ts: bigint, value: (tag: number) => bigint) => `${name} ${ts} ${FIELDS.map((t) => (own(name, t) ? value(t) : '-')).join(' ')}`;

/** Every record the merge of @bytes (whole frames) yields, in order, to @onRecord. */
function mergeSpans(bytes: Buffer, onRecord: (rec: DecodedRecord) => void): void {
  const splitter = new SpanSplitter();
  const merger = new SpanMerger({ cpus: os.cpus().length });
  const take = () => {
    for (let r = merger.next(); r.kind !== 'need-more'; r = merger.next()) {
      if (r.kind !== 'record') assert.fail(`malformed: cpu ${r.cpu} at ${r.pos}: ${r.reason}`);
      onRecord(r.record);
    }
  };
  splitter.push(bytes);
  for (let s = splitter.next(); s.kind === 'frame'; s = splitter.next()) {
    merger.push(s.frame);
    take();
  }
  assert.deepEqual(splitter.next(), { kind: 'need-more', have: 0 });
  merger.end();
  take();
  assert.equal(merger.buffered, 0);
}

function spanEvents(bytes: Buffer, wanted: Set<number>, pid: number): string[] {
  const out: string[] = [];
  mergeSpans(bytes, (rec) => {
    assert.notEqual(rec.type, 'lost', 'a lost record');
    if (rec.type === 'event' && wanted.has(rec.eventBit) && rec.get(FieldTag.PID) === pid) out.push(line(rec.eventName, rec.tsBigInt(), (t) => rec.getBigInt(t)));
  });
  return out;
}

function recordEvents(bytes: Buffer): string[] {
  const decoder = new StreamDecoder();
  const out: string[] = [];
  decoder.push(bytes);
  for (let r = decoder.next(); r.kind !== 'need-more'; r = decoder.next()) {
    if (r.kind !== 'record') assert.fail(`malformed at ${r.offset}: ${r.reason}`);
    const rec = r.record;
    if (rec.type === 'event') out.push(line(rec.eventName, rec.tsBigInt(), (t) => rec.getBigInt(t)));
  }
  assert.equal(decoder.buffered, 0);
  return out;
}

describe('read() in spans (in VM)', function () {
  this.timeout(300000);

  it('the merged spans of a privileged reader hold the events, times and values a records reader gets', async function () {
    const spec = { events: ['sys_enter', 'sys_exit'], vars: ['pid', 'regs'] };
    const records = openReader(spec);
    const spans = openReader(spec);
    spans.setFormat('spans');
    const child = await spawnHeldWaiting(prog('getppid_loop'), ['20000']);
    for (const d of [records, spans]) {
      d.setTarget(child.pid, false);
      d.start();
    }
    // Both read while it runs: the spans reader through many reads.
    const reading = [drain(records, 1 << 20), drain(spans, 1 << 20)];
    const t0 = Date.now();
    child.release();
    assert.equal(await child.exited, 0);
    const t1 = Date.now();
    records.stop();
    spans.stop();
    const [a, b] = await Promise.all(reading);
    console.log(`      ran ${t1 - t0} ms, drained ${Date.now() - t1} ms later`);
    const wanted = new Set(records.describeAll('event').filter((e) => spec.events.includes(e.name)).map((e) => e.number));
    const fromRecords = recordEvents(a);
    const fromSpans = spanEvents(b, wanted, child.pid);
    const getppid = fromRecords.filter((l) => l.startsWith('sys_enter') && l.split(' ')[4] === '110').length;
    console.log(`      ${fromRecords.length} events; ${a.length} bytes as records, ${b.length} as spans; getppid entries ${getppid}`);
    assert.equal(getppid, 20000);
    assert.equal(records.stats().recordsLost, 0n);
    const at = fromRecords.findIndex((l, i) => fromSpans[i] !== l);
    assert.ok(at === -1 && fromSpans.length === fromRecords.length, `${fromSpans.length} events from spans, ${fromRecords.length} from records; first difference at ${at}: ${fromSpans.slice(Math.max(0, at - 2), at + 3).join(' | ')} / ${fromRecords.slice(Math.max(0, at - 2), at + 3).join(' | ')}`);
    records.close();
    spans.close();
  });

  it('a reader the writer lapped: every record written is either merged or counted lost, and what is merged is exact', async function () {
    const dev = openReader({ events: ['sys_enter', 'sys_exit'], vars: ['pid', 'regs'] });
    dev.setFormat('spans');
    // Pinned, so one ring laps: 600000 records of ~6 bytes in a 1 MiB ring, read only after the run.
    const child = await spawnHeldWaiting('taskset', ['-c', '0', prog('getppid_loop'), '300000']);
    const before = dev.stats().recordsWritten;
    dev.setTarget(child.pid, false);
    dev.start();
    child.release();
    assert.equal(await child.exited, 0);
    dev.stop();
    const bytes = await drain(dev, 1 << 20);
    const written = dev.stats().recordsWritten - before;
    dev.close();
    let events = 0;
    let lost = 0;
    let getppidExits = 0;
    mergeSpans(bytes, (rec) => {
      if (rec.type === 'lost') lost += rec.count;
      if (rec.type !== 'event') return;
      events++;
      if (rec.eventName === 'sys_exit' && rec.get(FieldTag.PID) === child.pid && rec.get(FieldTag.SYSNO) === 110) {
        getppidExits++;
        if (rec.get(FieldTag.RET) !== process.pid) assert.fail(`getppid() returned ${rec.get(FieldTag.RET)} at ${rec.tsBigInt()}`);
      }
    });
    console.log(`      written ${written}, merged ${events}, lost ${lost}, getppid exits merged ${getppidExits}; ${bytes.length} bytes`);
    assert.ok(lost > 100000, `only ${lost} lost: the ring was not lapped`);
    assert.ok(getppidExits > 10000, `${getppidExits} getppid exits merged`);
    assert.equal(BigInt(events + lost), written);
  });

  it('an unprivileged reader may not ask for spans; a started reader may not switch, a stopped one drops what it had', async function () {
    const script = `
      const { TraceDevice } = require(${JSON.stringify(path.join(REPO, 'dist/frontend/src/device/trace-device.js'))});
      const d = TraceDevice.open(undefined, false);
      try { d.setFormat('spans'); console.log('ok'); } catch (e) { console.log(e.code); }
      d.setFormat('records');
      console.log('records ok');`;
    const r = spawnSync('setpriv', ['--reuid=1000', '--regid=1000', '--clear-groups', '--', process.execPath, '-e', script], { encoding: 'utf8' });
    assert.equal(r.stdout, 'EPERM\nrecords ok\n', r.stderr);
    const d = openReader({ events: ['sys_enter'], vars: [] });
    d.start();
    assert.throws(() => d.setFormat('spans'), /EBUSY/);
    assert.equal(run('true'), 0);
    d.stop();
    // Stopped with records queued: switching drops them (they are in the other format).
    assert.ok(d.stats().recordsWritten > 0n);
    d.setFormat('spans');
    assert.equal((await drain(d)).length, 0);
    d.close();
  });
});
