// `npm run fuzz -- [--inputs N] [--seed S]`: the long decoder fuzz run
// (default 1 000 000 inputs), seeded from the real recordings in
// test/fixtures. Prints the seed first, so any failure can be replayed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseRecordHeader } from '../../frontend/src/record/record-file';
import { fixturesDir } from './fixtures';
import { fuzzDecoder } from './fuzz';

/** The raw streams: *.bin as read from /dev/trace, and the record part of each *.ktr. */
export function fuzzSources(): Uint8Array[] {
  const dir = fixturesDir();
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.bin') || f.endsWith('.ktr'))
    .sort()
    .map((f) => {
      const bytes = fs.readFileSync(path.join(dir, f));
      if (!f.endsWith('.ktr')) return bytes;
      const header = parseRecordHeader(bytes, f);
      return header.kind === 'header' ? bytes.subarray(header.streamOffset) : new Uint8Array(0);
    });
}

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

if (require.main === module) {
  const seed = option('--seed', Math.floor(Math.random() * 2 ** 32)) >>> 0;
  const inputs = option('--inputs', 1_000_000);
  process.stdout.write(`fuzz: seed ${seed}, ${inputs} inputs (replay with --seed ${seed})\n`);
  const started = Date.now();
  const heapBefore = process.memoryUsage().heapUsed;
  const summary = fuzzDecoder(seed, inputs, fuzzSources());
  global.gc?.();
  const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
  process.stdout.write(`${JSON.stringify({ ...summary, seconds: (Date.now() - started) / 1000, heapGrowthBytes: heapGrowth })}\n`);
}
