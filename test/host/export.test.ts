// `ktrace export` on a recording from the real module (test/fixtures/timeline.ktr,
// see test/fixtures/README.md): the Perfetto file is checked against the
// trace-event format's documented fields and against what the workload did.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PerfettoExport, SYSTEM_PID, cpuTrackTid, taskStateLetter, type TraceEvent } from '../../frontend/src/views/export';

const repo = path.resolve(__dirname, '../../..');
const fixture = path.join(repo, 'test/fixtures/timeline.ktr');

function ktrace(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(repo, 'dist/frontend/src/cli.js'), ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Loose {
  ph: string;
  name: string;
  cat?: string;
  ts?: number;
  dur?: number;
  pid: number;
  tid?: number;
  s?: string;
  args?: Record<string, unknown>;
}

describe('ktrace export --format perfetto on a real recording', () => {
  let file: { displayTimeUnit: string; otherData: Record<string, string>; traceEvents: Loose[] };
  let events: Loose[];
  let jsonl: Record<string, unknown>[];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ktrace-export-'));

  before(() => {
    const out = path.join(dir, 'trace.json');
    const r = ktrace('export', '--format', 'perfetto', fixture, '-o', out);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    file = JSON.parse(fs.readFileSync(out, 'utf8')) as typeof file;
    events = file.traceEvents;
    const lines = ktrace('export', '--format', 'jsonl', fixture);
    assert.equal(lines.code, 0, lines.stderr);
    jsonl = lines.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is the JSON object form with the recording described', () => {
    assert.equal(file.displayTimeUnit, 'ns');
    assert.equal(file.otherData.kernel, '6.1.0-56-amd64');
    assert.equal(file.otherData.producer, 'ktrace 0.1.0');
    assert.match(file.otherData.command, /^\/bin\/sh -c build\/progs\/signal_wait & /);
  });

  it('has only documented phases, each with its required fields', () => {
    for (const e of events) {
      assert.ok(['X', 'B', 'i', 'C', 'M'].includes(e.ph), `phase ${e.ph}`);
      assert.equal(typeof e.name, 'string');
      assert.ok(Number.isInteger(e.pid), `pid of ${JSON.stringify(e)}`);
      if (e.ph === 'M') {
        assert.equal(e.ts, undefined);
        continue;
      }
      assert.equal(typeof e.ts, 'number');
      if (e.ph !== 'C') assert.ok(Number.isInteger(e.tid), `tid of ${JSON.stringify(e)}`);
      if (e.ph === 'X') assert.ok(typeof e.dur === 'number' && e.dur >= 0, `dur of ${JSON.stringify(e)}`);
      if (e.ph === 'i') assert.ok(['t', 'p', 'g'].includes(e.s ?? ''), `scope of ${JSON.stringify(e)}`);
      if (e.ph === 'C') for (const v of Object.values(e.args ?? {})) assert.equal(typeof v, 'number');
    }
    const timed = events.filter((e) => e.ph !== 'M');
    assert.deepEqual(events.slice(0, events.length - timed.length).map((e) => e.ph), Array(events.length - timed.length).fill('M'), 'metadata first');
    for (let i = 1; i < timed.length; i++) assert.ok((timed[i].ts ?? 0) >= (timed[i - 1].ts ?? 0), 'time order');
  });

  it('names processes and threads from comm, after their execve', () => {
    const names = events.filter((e) => e.ph === 'M' && e.name === 'process_name').map((e) => [e.pid, e.args?.name]);
    assert.deepEqual(names, [
      [SYSTEM_PID, 'System (ktrace)'],
      [143, 'sh'],
      [148, 'signal_wait'],
      [149, 'busybox'],
      [150, 'mem_touch'],
    ]);
    const threads = events.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => [e.tid, e.args?.name]);
    assert.deepEqual(threads, [
      [cpuTrackTid(0), 'CPU 0'],
      [cpuTrackTid(1), 'CPU 1'],
      [143, 'sh'],
      [148, 'signal_wait'],
      [149, 'busybox'],
      [150, 'mem_touch'],
    ]);
  });

  it('draws every completed syscall as a slice in µs, the same calls as --json', () => {
    const slices = events.filter((e) => e.ph === 'X' && e.cat === 'syscall');
    const completed = jsonl.filter((j) => typeof j.syscall === 'string' && j.duration_ns !== null);
    assert.equal(slices.length, 142);
    assert.equal(slices.length, completed.length);
    const byKey = new Map(slices.map((s) => [`${s.tid}/${s.ts}`, s]));
    for (const call of completed) {
      const slice = byKey.get(`${call.tid as number}/${(call.ts as number) / 1000}`);
      assert.ok(slice, `no slice for ${JSON.stringify(call)}`);
      assert.equal(slice.name, call.syscall);
      assert.equal(slice.dur, (call.duration_ns as number) / 1000);
      assert.equal(slice.pid, call.pid);
      assert.deepEqual(slice.args, { nr: call.nr, text: call.text, ret: call.ret, errno: call.errno });
    }
    const kill = slices.find((s) => s.name === 'kill');
    assert.deepEqual(kill, {
      name: 'kill', cat: 'syscall', pid: 143, tid: 143, ts: 13199735.89, ph: 'X', dur: 5329.02,
      args: { nr: 62, text: '148, SIGUSR1', ret: 0, errno: null },
    });
  });

  it('shows calls that never return, and returns without an entry, as instants', () => {
    const instants = events.filter((e) => e.ph === 'i' && e.cat === 'syscall').map((e) => [e.name, e.tid, e.args?.entry ?? 'seen']);
    assert.deepEqual(instants, [
      ['clone', 148, 'not seen'], // the child's side of the fork: it starts inside the call
      ['vfork', 149, 'not seen'],
      ['exit_group', 149, 'seen'],
      ['exit_group', 148, 'seen'],
      ['vfork', 150, 'not seen'],
      ['exit_group', 150, 'seen'],
      ['exit_group', 143, 'seen'],
    ]);
    assert.equal(events.filter((e) => e.ph === 'B').length, 0, 'every call ended inside the trace');
  });

  it('puts scheduling on CPU tracks: one slice per switch away, never overlapping', () => {
    const sched = events.filter((e) => e.cat === 'sched');
    const switchesAway = jsonl.filter((j) => j.event === 'sched_in').length;
    assert.equal(sched.length, 186);
    // Each sched_in ends a stretch; the first one of the trace began before it.
    assert.equal(sched.length, switchesAway);
    for (const cpu of [0, 1]) {
      const track = sched.filter((e) => e.tid === cpuTrackTid(cpu));
      for (let i = 1; i < track.length; i++)
        assert.ok((track[i].ts ?? 0) >= (track[i - 1].ts ?? 0) + (track[i - 1].dur ?? 0) - 1e-6, `CPU ${cpu} slices overlap at ${track[i].ts}`);
    }
    assert.deepEqual(sched.filter((e) => e.args?.tid === 148)[0], {
      ph: 'X', cat: 'sched', name: 'sh 148', pid: SYSTEM_PID, tid: cpuTrackTid(0), ts: 12864355.62, dur: 3201.17,
      args: { pid: 148, tid: 148, end_state: 'D', prev_state: 258 },
    });
  });

  it('has the memory variables as counters, a sample per change', () => {
    const free = events.filter((e) => e.ph === 'C' && e.name === 'free_mem');
    assert.equal(free.length, 6);
    assert.deepEqual(free[0], { ph: 'C', name: 'free_mem', pid: SYSTEM_PID, ts: 12778025.24, args: { bytes: 1818124288 } });
    assert.equal(events.filter((e) => e.ph === 'C' && e.name === 'total_mem').length, 1);
    const rss = events.filter((e) => e.ph === 'C' && e.name === 'task_mem' && e.pid === 150);
    assert.deepEqual(rss[0], { ph: 'C', name: 'task_mem', pid: 150, ts: 13220458.73, args: { rss_bytes: 266240, vm_size_bytes: 2646016 } });
    for (let i = 1; i < rss.length; i++) assert.notDeepEqual(rss[i].args, rss[i - 1].args);
  });

  it('marks signals and faults as instants where they happened', () => {
    const usr1 = events.filter((e) => e.cat === 'signal' && e.name.endsWith('SIGUSR1'));
    assert.deepEqual(usr1.map((e) => [e.name, e.tid, e.s]), [
      ['signal_generate SIGUSR1', 143, 't'],
      ['signal_deliver SIGUSR1', 148, 't'],
    ]);
    assert.equal(usr1[0].args?.sig_target, 148);
    // mem_touch faults 4 printed "base 0x7f88661f0000": one write fault (error 6) per page, in order.
    const touches = events.filter((e) => e.name === 'fault_user' && String(e.args?.fault_addr).startsWith('0x7f88661f'));
    assert.deepEqual(touches.map((e) => [e.tid, e.args?.fault_addr, e.args?.fault_error]), [
      [150, '0x7f88661f0000', 6],
      [150, '0x7f88661f1000', 6],
      [150, '0x7f88661f2000', 6],
      [150, '0x7f88661f3000', 6],
    ]);
  });
});

describe('perfetto export details', () => {
  it('marks lost records globally, at the time of the record before them', () => {
    const timeline = new PerfettoExport({ recordedVars: 0n });
    timeline.onRecord({ type: 'lost', offset: 0, length: 4, srcCpu: 1, count: 37 });
    const lost = timeline.finish().filter((e: TraceEvent) => e.ph === 'i');
    assert.deepEqual(lost, [{ ph: 'i', s: 'g', cat: 'lost', name: 'lost 37 records', pid: SYSTEM_PID, tid: SYSTEM_PID, ts: 0, args: { count: 37, cpu: 1 } }]);
  });

  it('names the states a task leaves the CPU in as ps does', () => {
    assert.deepEqual([0, 1, 2, 0x102, 0x402, 4, 8, 0x20, 0x80].map(taskStateLetter), ['R', 'S', 'D', 'D', 'I', 'T', 't', 'Z', 'X']);
  });

  it('jsonl is exactly the --json view of every event, for log pipelines', () => {
    const a = ktrace('export', '--format', 'jsonl', fixture);
    const b = ktrace('report', '--json', '-f', '-s', '1024', fixture);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(a.stdout, b.stdout);
    assert.equal(a.stdout.split('\n').length - 1, 1414);
  });
});
