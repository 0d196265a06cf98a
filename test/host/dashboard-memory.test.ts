// The dashboard's memory over an hour of a busy system (issue 16: its RSS
// grew over the bench's five minutes). A synthetic stream with ever new
// processes, threads and syscall numbers goes through the real decoder into
// the model, and a 200x50 screen draws it (to a sink) as it would live.
// Every panel's state must stay within its cap, and the heap after a full
// collection must stay flat once warmed up: no state grows with time.
import { strict as assert } from 'node:assert';
import { Writable, PassThrough } from 'node:stream';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { StreamDecoder } from '../../frontend/src/decode';
import { DashboardModel } from '../../frontend/src/views/dashboard/model';
import { SyscallPanelModel } from '../../frontend/src/views/dashboard/panels/syscalls';
import { DashboardScreen, MAX_TABLE_ROWS } from '../../frontend/src/views/dashboard/screen';
import { BusySystem } from '../support/busy-system';
import { createRandom } from '../support/prng';

/** A full collection: --expose-gc when given, else switched on here. */
function collect(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) return g();
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

const heapMiB = () => {
  collect();
  collect();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

class Sink extends Writable {
  columns = 200;
  rows = 50;
  bytes = 0;
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.bytes += chunk.length;
    done();
  }
}

describe('dashboard memory over an hour of a busy system', function () {
  this.timeout(300000);

  it('keeps every panel within its cap and the heap flat after warm-up', async function () {
    const random = createRandom(16);
    const system = new BusySystem(random, { longLived: 10, newPerSecond: 6, eventsPerProcess: 2 });
    const model = new DashboardModel();
    const sink = new Sink();
    const screen = new DashboardScreen(model, {
      source: () => ({ kernel: '6.1.0-test', abi: 2, nrCpus: 2 }),
      io: { input: new PassThrough(), output: sink, terminal: 'xterm-256color' },
    });
    const decoder = new StreamDecoder();
    // Drawn as the timer does; then the event loop runs, as live, so the
    // terminal output is written out (blessed buffers it until a tick).
    const draw = async () => {
      screen.invalidate();
      (screen as unknown as { draw(): void }).draw();
      await new Promise((resolve) => setImmediate(resolve));
    };
    const heap: number[] = [];
    const sizes: Record<string, number>[] = [];
    try {
      for (let sec = 1; sec <= 3600; sec++) {
        decoder.push(system.second());
        for (let next = decoder.next(); next.kind === 'record'; next = decoder.next()) model.onRecord(next.record);
        assert.equal(decoder.next().kind, 'need-more');
        if (sec % 10 === 0) await draw();
        if (sec % 600 === 0) {
          heap.push(heapMiB());
          sizes.push(model.stateSizes());
        }
      }
    } finally {
      screen.destroy();
    }
    const last = sizes[sizes.length - 1];
    // 21,600 processes came and went, with up to four threads each and every syscall number.
    assert.deepEqual(last, {
      processes: 2048,
      syscalls: 512,
      pids: 1024,
      perPidEntries: last.perPidEntries,
      perPidCounted: last.perPidEntries,
      threads: last.threads,
      rateFamilies: 5,
      memorySamples: 600,
      logEntries: 1000,
    });
    assert.ok(last.perPidEntries <= 32768 && last.threads <= 4096, JSON.stringify(last));
    // The caps are reached early and then hold.
    const capped = ({ perPidEntries, perPidCounted, threads, ...rest }: Record<string, number>) => rest;
    assert.deepEqual(sizes.slice(1).map(capped), sizes.slice(1).map(() => capped(last)), JSON.stringify(sizes));
    assert.ok(sink.bytes > 0, 'the screen drew');
    const lists = [0, 1].map((i) => ((screen as unknown as Record<string, { items: unknown[] }>)[i === 0 ? 'syscallList' : 'processList'].items.length));
    assert.ok(lists.every((n) => n <= MAX_TABLE_ROWS), `rows handed to blessed: ${lists}`);
    // After the first ten minutes, within 1 MiB however long it runs (it was
    // flat to 0.1 MiB when written; a leak of one string per draw is 0.5).
    const growth = Math.max(...heap.slice(1)) - heap[0];
    console.log(`      heap after each ten minutes (MiB): ${heap.map((h) => h.toFixed(2)).join(' ')}`);
    assert.ok(growth < 1, `heap after each ten minutes (MiB): ${heap.map((h) => h.toFixed(2)).join(' ')}`);
  });

  it('syscall statistics keep to their budget of per-process entries, dropping the processes least recently seen', function () {
    const system = new BusySystem(createRandom(7), { longLived: 5, newPerSecond: 20, eventsPerProcess: 6 });
    const syscalls = new SyscallPanelModel({ pids: 100, threads: 16, syscalls: 50, perPidEntries: 300 });
    const decoder = new StreamDecoder();
    let sec = 0;
    for (; sec < 120; sec++) {
      decoder.push(system.second());
      for (let next = decoder.next(); next.kind === 'record'; next = decoder.next()) if (next.record.type === 'event') syscalls.onRecord(next.record, sec);
      const sizes = syscalls.sizes();
      assert.ok(sizes.perPidEntries <= 300 && sizes.pids <= 100 && sizes.syscalls <= 50 && sizes.threads <= 16, JSON.stringify(sizes));
      assert.equal(sizes.perPidCounted, sizes.perPidEntries);
    }
    const sizes = syscalls.sizes();
    assert.equal(sizes.syscalls, 50);
    assert.ok(sizes.perPidEntries > 250, `the budget is what limits here: ${JSON.stringify(sizes)}`);
    assert.ok(sizes.pids < 100, `fewer processes than their cap: ${JSON.stringify(sizes)}`);
    // The long-lived processes, seen every second, are among those kept.
    assert.ok(syscalls.rows(sec, 'calls', new Set([300])).length > 0);
  });
});
