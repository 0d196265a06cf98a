// In the VM: `node dist/stress/src/guest.js --seconds S --seed N`. Reloads
// trace.ko with a large buffer, runs the stress, prints the report as JSON
// and exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { runStress, stressFailures } from './run';

function argValue(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function sh(argv: string[]): void {
  const r = spawnSync(argv[0], argv.slice(1), { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed`);
}

async function main(): Promise<void> {
  const module = process.env.KTRACE_MODULE;
  if (!module) throw new Error('KTRACE_MODULE is not set (run through scripts/vm)');
  const seconds = argValue('--seconds', 60);
  const seed = argValue('--seed', Date.now() % 1000000007);
  sh(['rmmod', 'trace']);
  sh(['insmod', module, 'buffer_kb=16384']);
  const progs = path.resolve(__dirname, '../../../build/progs');
  process.stderr.write(`stress: ${seconds} s, seed ${seed} (replay with --seed ${seed})\n`);
  const dumpAt = process.argv.indexOf('--dump');
  const dump = dumpAt >= 0 ? process.argv[dumpAt + 1] : undefined;
  const report = await runStress({ seconds, seed, readers: 8, progs, dump });
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  const failures = stressFailures(report);
  for (const f of failures) process.stderr.write(`stress: FAIL ${f}\n`);
  for (const e of report.examples) process.stderr.write(`stress:   ${e}\n`);
  process.stderr.write(
    `stress: ${report.recordsChecked} records checked in ${report.segments} streams, ${report.mismatches} mismatches, ` +
      `${report.unexplainedGaps} unexplained gaps, reference ${report.referenceRecords} records (${report.referenceLost} lost)\n`,
  );
  process.exitCode = failures.length ? 1 : 0;
}

main().catch((err: unknown) => {
  process.stderr.write(`stress: ${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
