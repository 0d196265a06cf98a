// The memory view: rates from counters and page events, and its formatting.
import { strict as assert } from 'node:assert';
import { fieldByName } from '../../frontend/src/abi/abi';
import type { DecodedRecord } from '../../frontend/src/decode';
import { formatMemHeader, formatMemJson, formatMemRow } from '../../frontend/src/views/mem/format';
import { MemSampler } from '../../frontend/src/views/mem/sampler';

function event(name: string, fields: Record<string, number>): DecodedRecord {
  const byTag = new Map(Object.entries(fields).map(([k, v]) => [fieldByName(k)!.tag, v]));
  return {
    type: 'event',
    eventName: name,
    eventBit: 0,
    synced: true,
    get: (tag: number) => byTag.get(tag) ?? 0,
  } as unknown as DecodedRecord;
}

const MIB = 1024 * 1024;
const system = (free: number, faults: number, order = 0, name = 'page_alloc') =>
  event(name, { free_mem: free, total_mem: 2048 * MIB, page_faults: faults, page_ins: 10, page_outs: 20, swap_ins: 0, swap_outs: 0, order });

describe('ktrace mem view', () => {
  it('has no row before a system record, then rates per second from the counters', () => {
    const s = new MemSampler();
    assert.equal(s.row(1), undefined);
    s.onSystemRecord(system(1000 * MIB, 500));
    const first = s.row(1)!;
    assert.equal(first.freeBytes, 1000 * MIB);
    assert.equal(first.totalBytes, 2048 * MIB);
    assert.equal(first.faultsPerSec, 0, 'no baseline yet for the first row');
    assert.equal(first.allocPagesPerSec, 1);

    s.onSystemRecord(system(990 * MIB, 700, 3));
    s.onSystemRecord(system(990 * MIB, 900, 0, 'page_free'));
    const second = s.row(0.5)!;
    assert.equal(second.elapsedSec, 1.5);
    assert.equal(second.faultsPerSec, 800, '400 faults in half a second');
    assert.equal(second.allocPagesPerSec, 16, 'one order-3 allocation is 8 pages');
    assert.equal(second.freePagesPerSec, 2);
    assert.equal(second.freeBytes, 990 * MIB);
  });

  it('tracks only the chosen task and counts losses per row', () => {
    const s = new MemSampler(42);
    s.onSystemRecord(system(100 * MIB, 1));
    s.onTaskRecord(event('sys_exit', { pid: 7, rss: 1, vm_size: 1, min_flt: 1, maj_flt: 1 }));
    assert.equal(s.row(1)!.task, undefined);
    s.onTaskRecord(event('sys_exit', { pid: 42, rss: 3 * MIB, vm_size: 10 * MIB, min_flt: 100, maj_flt: 1 }));
    s.row(1);
    s.onTaskRecord(event('fault_user', { pid: 42, rss: 4 * MIB, vm_size: 10 * MIB, min_flt: 150, maj_flt: 1 }));
    s.onSystemRecord({ type: 'lost', count: 5, srcCpu: 1, offset: 0, length: 0 });
    const row = s.row(1)!;
    assert.deepEqual(row.task, { pid: 42, rssBytes: 4 * MIB, vmSizeBytes: 10 * MIB, minorFaultsPerSec: 50, majorFaultsPerSec: 0 });
    assert.equal(row.lost, 5);
  });

  it('formats aligned rows and JSON lines', () => {
    const s = new MemSampler();
    s.onSystemRecord(system(1000 * MIB, 500));
    const row = s.row(1)!;
    const header = formatMemHeader(false);
    const line = formatMemRow(row, false);
    assert.equal(header.length, line.length, `${header}${line}`);
    assert.match(line, /^ +1\.0 +1000\.0M +2048\.0M +0\.0 +0\.0 +0\.0 +0\.0 +0\.0 +1\.0 +0\.0\n$/);
    assert.match(formatMemRow(row, true), / \| +- +- +- +- +-\n$/);
    assert.deepEqual(JSON.parse(formatMemJson(row)), {
      elapsed_s: 1, free_bytes: 1000 * MIB, total_bytes: 2048 * MIB, faults_per_s: 0, page_ins_per_s: 0,
      page_outs_per_s: 0, swap_ins_per_s: 0, swap_outs_per_s: 0, alloc_pages_per_s: 1, freed_pages_per_s: 0,
      lost: 0, task: null,
    });
  });
});
