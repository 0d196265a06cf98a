// `ktrace mem` against the real module: rows with exact system totals and a
// growing target's rss and faults.
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { prog } from './lib/readers';

interface Row {
  elapsed_s: number;
  free_bytes: number;
  total_bytes: number;
  faults_per_s: number;
  alloc_pages_per_s: number;
  freed_pages_per_s: number;
  lost: number;
  task: { pid: number; rss_bytes: number; vm_size_bytes: number; minor_faults_per_s: number; major_faults_per_s: number } | null;
}

function memTotalBytes(): number {
  return Number(/^MemTotal:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/meminfo', 'utf8'))?.[1]) * 1024;
}

describe('ktrace mem (in VM)', function () {
  this.timeout(120000);

  it('prints rows with the system totals and a growing process rss and faults', function () {
    // 1 MiB more every 100 ms for 30 s: it outlives the CLI's start-up under TCG.
    const grower = spawn(prog('mem_grow'), ['1', '300'], { stdio: 'ignore' });
    try {
      const r = spawnSync('ktrace', ['mem', '--json', '--interval', '1000', '--count', '4', '--pid', String(grower.pid)], {
        encoding: 'utf8',
      });
      assert.equal(r.status, 0, r.stderr);
      const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Row);
      assert.equal(rows.length, 4, r.stdout);
      const total = memTotalBytes();
      for (const row of rows) {
        assert.equal(row.total_bytes, total, 'total_mem is MemTotal');
        assert.ok(row.free_bytes > 0 && row.free_bytes < total, `free ${row.free_bytes}`);
        assert.equal(row.task?.pid, grower.pid, JSON.stringify(row));
        assert.ok(row.alloc_pages_per_s > 0, 'the grower alone allocates 256 pages a second');
      }
      const rss = rows.map((row) => row.task!.rss_bytes);
      for (let i = 1; i < rss.length; i++) assert.ok(rss[i] >= rss[i - 1], `rss never shrinks: ${rss}`);
      // However slowly a loaded guest runs it, the grower maps and touches 1 MiB at a time: its rss shows at least one.
      assert.ok(rss[3] - rss[0] >= 1 << 20, `rss grew by ${rss[3] - rss[0]} bytes: ${rss}`);
      // Its rss grows only by the pages it faults in (the rss and the fault count of a row come from one record): the
      // rate times the interval (rows after the first have a baseline) is at least the pages it gained, give or take
      // what the rss counter had not folded in at either end: 6.1 batches up to 64 events per thread, 6.2 and later
      // per-CPU counters up to 32 per CPU (2 here).
      const RSS_SLACK_PAGES = 2 * 64;
      for (let i = 1; i < rows.length; i++) {
        const faults = Math.round(rows[i].task!.minor_faults_per_s * (rows[i].elapsed_s - rows[i - 1].elapsed_s));
        const gained = (rss[i] - rss[i - 1]) / 4096;
        assert.ok(faults + RSS_SLACK_PAGES >= gained, `row ${i}: ${faults} faults for ${gained} new pages: ${JSON.stringify(rows)}`);
        assert.ok(faults > 0 || gained === 0, `row ${i}: rss grew without a fault`);
      }
      assert.ok(rows.slice(1).some((row) => row.faults_per_s > 0), 'system-wide faults include the grower');
    } finally {
      grower.kill();
    }
  });

  it('refuses a bad interval with one clear line', function () {
    const r = spawnSync('ktrace', ['mem', '--interval', '0'], { encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.equal(r.stderr, 'ktrace: --interval must be at least 10 ms\n');
  });
});
