// The conformance run, inside a guest (scripts/strace-conformance starts it
// through scripts/vm): every selected program of strace's test suite is run
// as tests/init.sh runs it, once under the guest's strace (which validates
// the harness: strace must pass its own tests) and once under `ktrace run`
// with the same options, each log compared with the program's own output.
//   node dist/test/conformance/run.js --dir DIR --out FILE.json [--only NAME,...]
// DIR is what scripts/strace-tests printed.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { firstDifference, fromMarker, type Difference } from './compare';
import type { SelectedTest } from './gen-tests';

export type Verdict = 'pass' | 'fail' | 'skip';

export interface TracerResult {
  readonly verdict: Verdict;
  /** Why it failed or was skipped: a category (see categorize in report.ts). */
  readonly reason?: string;
  readonly difference?: Difference;
  readonly seconds: number;
}

export interface TestResult {
  readonly name: string;
  readonly options: string[];
  readonly strace: TracerResult;
  /** Absent when the program skipped itself or strace was not run. */
  readonly ktrace?: TracerResult;
}

export interface RunResults {
  /** scripts/vm's --kernel (6.1, 6.12, ...). */
  readonly flavor: string;
  readonly kernel: string;
  readonly straceVersion: string;
  readonly sourceVersion: string;
  readonly selected: number;
  readonly built: number;
  readonly seconds: number;
  readonly tests: TestResult[];
}

const TIMEOUT_MS = 120_000;
const REPO = path.resolve(__dirname, '../../..');
const CLI = path.join(REPO, 'dist/frontend/src/cli.js');

function firstLine(text: string): string {
  return text.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
}

/** One tracer's run of @t in @dir: `TRACER -o LOG OPTIONS ../NAME ARGS > EXP`, then the diff. */
function traceOnce(tracer: 'strace' | 'ktrace', t: SelectedTest, dir: string): TracerResult {
  const log = path.join(dir, `${tracer}.log`);
  const started = process.hrtime.bigint();
  const cmd = tracer === 'strace' ? ['strace', '-o', log, ...t.options, `../${t.name}`, ...t.progArgs] : [process.execPath, CLI, 'run', '-o', log, ...t.options, '--', `../${t.name}`, ...t.progArgs];
  fs.rmSync(log, { force: true });
  const r = spawnSync(cmd[0], cmd.slice(1), { cwd: dir, encoding: 'utf8', timeout: TIMEOUT_MS, maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.error) return { verdict: 'fail', reason: `${tracer} did not finish: ${r.error.message}`, seconds };
  if (r.status !== 0) {
    const why = firstLine(r.stderr) || `exit status ${r.status ?? r.signal}`;
    return { verdict: 'fail', reason: r.status === 2 && tracer === 'ktrace' ? `usage: ${why}` : `exit status ${r.status ?? r.signal}: ${why}`, seconds };
  }
  const got = fs.existsSync(log) ? fs.readFileSync(log, 'utf8') : '';
  const difference = firstDifference(r.stdout, fromMarker(got, t.startMarker));
  return difference ? { verdict: 'fail', reason: 'output differs', difference, seconds } : { verdict: 'pass', seconds };
}

/**
 * One test as init.sh runs it: the program alone first (77 is a skip), then
 * strace, then (unless @withKtrace is false) ktrace.
 */
export function runTest(t: SelectedTest, programs: string, scratch: string, withKtrace = true): TestResult {
  const dir = path.join(scratch, `${t.name}.dir`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(path.join(programs, t.name), path.join(scratch, t.name));
  fs.chmodSync(path.join(scratch, t.name), 0o755);
  const started = process.hrtime.bigint();
  const alone = spawnSync(`../${t.name}`, t.progArgs, { cwd: dir, encoding: 'utf8', timeout: TIMEOUT_MS, stdio: ['ignore', 'ignore', 'pipe'] });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  try {
    if (alone.status === 77) return { name: t.name, options: t.options, strace: { verdict: 'skip', reason: firstLine(alone.stderr) || 'skipped', seconds } };
    if (alone.status !== 0)
      return { name: t.name, options: t.options, strace: { verdict: 'fail', reason: `the program alone: ${alone.error?.message ?? `exit status ${alone.status ?? alone.signal}`}: ${firstLine(alone.stderr)}`, seconds } };
    const strace = traceOnce('strace', t, dir);
    if (!withKtrace) return { name: t.name, options: t.options, strace };
    const ktrace = traceOnce('ktrace', t, dir);
    return { name: t.name, options: t.options, strace, ktrace };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(path.join(scratch, t.name), { force: true });
  }
}

function main(argv: string[]): number {
  const arg = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i < 0 ? undefined : argv[i + 1];
  };
  const dir = arg('--dir');
  const out = arg('--out');
  if (!dir || !out) {
    process.stderr.write('usage: run.js --dir DIR --out FILE.json [--only NAME,...]\n');
    return 2;
  }
  const only = arg('--only')?.split(',');
  const selection = JSON.parse(fs.readFileSync(path.join(dir, 'selection.json'), 'utf8')) as { selected: SelectedTest[] };
  const built = new Set(fs.readFileSync(path.join(dir, 'built.txt'), 'utf8').split('\n').filter(Boolean));
  const tests = selection.selected.filter((t) => built.has(t.name) && (!only || only.includes(t.name)));
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'conform-'));
  const started = process.hrtime.bigint();
  const results: TestResult[] = [];
  for (const t of tests) {
    const r = runTest(t, path.join(dir, 'tests'), scratch);
    results.push(r);
    const k = r.ktrace ? ` ktrace ${r.ktrace.verdict}${r.ktrace.reason ? ` (${r.ktrace.reason})` : ''}` : '';
    process.stdout.write(`${t.name}: strace ${r.strace.verdict}${r.strace.verdict !== 'pass' && r.strace.reason ? ` (${r.strace.reason})` : ''}${k}\n`);
  }
  fs.rmSync(scratch, { recursive: true, force: true });
  const straceVersion = firstLine(spawnSync('strace', ['-V'], { encoding: 'utf8' }).stdout);
  const doc: RunResults = {
    flavor: process.env.KTRACE_VM_KERNEL ?? 'host',
    kernel: os.release(),
    straceVersion,
    sourceVersion: fs.readFileSync(path.join(dir, 'version'), 'utf8').trim(),
    selected: selection.selected.length,
    built: built.size,
    seconds: Math.round(Number(process.hrtime.bigint() - started) / 1e9),
    tests: results,
  };
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(doc, null, 1) + '\n');
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
