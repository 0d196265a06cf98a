// `npm run bench [-- --kernel 6.1|6.12|6.12-rt|7.3 --quick --out DIR]`: boots each kernel
// (twice: --smp 2 for everything, --smp 1 for scaling), decodes the large
// recording on the host, prints the table, writes the JSON and the figures
// in docs/performance.md.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { prepareBpftrace, prepareLttng } from './kit';
import { decodeBenchmark } from './decode-bench';
import { formatFlood, formatMarkdown, formatReaders, formatTable, replaceFigures } from './format';
import type { BenchResult, BootResult } from './types';

const repo = path.resolve(__dirname, '../../..');
/** The kernels measured by default; the others on request. */
const KERNELS = ['6.1', '6.12'];
const SUPPORTED = [...KERNELS, '6.12-rt', '7.3'];

interface DriverArgs {
  kernels: string[];
  quick: boolean;
  /** JSON goes here instead of bench/results/, and docs/performance.md is left alone. */
  out?: string;
  /** Stored results to print and write into docs/performance.md again, without measuring. */
  render: string[];
  /** Only the flood case, against the module of this git ref (one boot per kernel). */
  flood?: string;
  /** Only the readers case, against the module of this git ref (one boot per kernel). */
  readers?: string;
}

function parseArgs(argv: string[]): DriverArgs {
  const args: DriverArgs = { kernels: [], quick: false, render: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') args.quick = true;
    else if (a === '--kernel') args.kernels.push(...(argv[++i] ?? '').split(','));
    else if (a.startsWith('--kernel=')) args.kernels.push(...a.slice(9).split(','));
    else if (a === '--out') args.out = argv[++i];
    else if (a.startsWith('--out=')) args.out = a.slice(6);
    else if (a === '--flood') args.flood = argv[++i];
    else if (a.startsWith('--flood=')) args.flood = a.slice(8);
    else if (a === '--readers') args.readers = argv[++i];
    else if (a.startsWith('--readers=')) args.readers = a.slice(10);
    else if (a === '--render') {
      args.render.push(...argv.slice(i + 1));
      break;
    }
    else if (a === '-h' || a === '--help') {
      process.stdout.write('usage: npm run bench -- [--kernel 6.1|6.12|6.12-rt|7.3]... [--quick] [--out DIR] [--flood GIT_REF | --readers GIT_REF] | --render RESULT.json...\n');
      process.exit(0);
    } else throw new Error(`bench: unknown argument ${a}`);
  }
  if (!args.kernels.length) args.kernels = [...KERNELS];
  for (const k of args.kernels) if (!SUPPORTED.includes(k)) throw new Error(`bench: --kernel ${k}: one of ${SUPPORTED.join(', ')}`);
  return args;
}

/** Runs a command in the repository; its output goes to our stderr, stdout returned. */
function sh(argv: string[]): string {
  // A full boot takes ~7 minutes on a quiet host, several times that on a busy one: scripts/vm's 900 s is too short.
  const env = { ...process.env, KTRACE_VM_TIMEOUT: process.env.KTRACE_VM_TIMEOUT ?? '3600' };
  const r = spawnSync(argv[0], argv.slice(1), { cwd: repo, encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed (${r.status ?? r.signal})`);
  return r.stdout;
}

function buildTools(work: string): string {
  sh(['make', '-s', 'progs']);
  const timer = path.join(work, 'run_timed');
  sh(['cc', '-static', '-O2', '-Wall', '-Wextra', '-o', timer, 'bench/progs/run_timed.c']);
  return timer;
}

function boot(kernel: string, smp: number, work: string, timer: string, quick: boolean, extra: string[]): BootResult {
  const emptyProbe = sh(['scripts/build-module', kernel, 'bench/empty-probe']).trim().split('\n')[0];
  const out = path.join(work, `boot-${kernel}-smp${smp}.json`);
  const started = Date.now();
  process.stderr.write(`bench: booting ${kernel} with ${smp} vCPU(s)\n`);
  sh(['scripts/vm', '--kernel', kernel, '--smp', String(smp), '--',
    'node', 'dist/bench/src/guest.js', '--out', out, '--empty-probe', emptyProbe, '--timer', timer, ...(quick ? ['--quick'] : []), ...extra]);
  process.stderr.write(`bench: ${kernel} --smp ${smp} took ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  return JSON.parse(fs.readFileSync(out, 'utf8')) as BootResult;
}

/**
 * `--flood REF` / `--readers REF`: the module of REF (its kmod/ and Kbuild,
 * from git) and this tree's, in one boot per kernel: what a targeted
 * recording costs a process it does not trace (flood), or what more readers
 * cost a recorded command (readers). Prints the figures; stores the JSON
 * like a full run.
 */
function versusOnly(args: DriverArgs, kind: 'flood' | 'readers', ref: string, work: string, timer: string): void {
  const src = path.join(work, `${kind}-before`);
  fs.rmSync(src, { recursive: true, force: true });
  fs.mkdirSync(src, { recursive: true });
  sh(['sh', '-c', `git archive "$0" Kbuild kmod | tar -x -C "$1"`, ref, src]);
  for (const kernel of args.kernels) {
    const before = sh(['scripts/build-module', kernel, src]).trim().split('\n')[0];
    const result = boot(kernel, 2, work, timer, args.quick, [`--${kind}-before`, before, '--before-ref', ref]);
    if (result.flood) process.stdout.write(formatFlood(kernel, result.flood) + '\n');
    if (result.readers) process.stdout.write(formatReaders(kernel, result.readers) + '\n');
    const dir = args.out ?? path.join(repo, 'bench/results');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${kind}-${new Date().toISOString().slice(0, 10)}-${kernel}.json`), JSON.stringify(result, null, 2) + '\n');
  }
}

/**
 * The guest arguments of the LTTng column on @kernel: its kit and a file
 * listing its kernel modules (scripts/lttng-modules). None, with the reason
 * on stderr, when the host has no lttng-tools or the modules do not build.
 */
function lttngArgs(kit: string | null, kernel: string, work: string): string[] {
  if (!kit) return [];
  let kos: string;
  try {
    kos = sh(['scripts/lttng-modules', kernel]);
  } catch (err) {
    process.stderr.write(`bench: LTTng's modules for ${kernel}: ${(err as Error).message}: its column is left out\n`);
    return [];
  }
  const list = path.join(work, `lttng-modules-${kernel}.txt`);
  fs.writeFileSync(list, kos);
  return ['--lttng', kit, '--lttng-modules', list];
}

function writeDocs(results: readonly BenchResult[]): void {
  const doc = path.join(repo, 'docs/performance.md');
  fs.writeFileSync(doc, replaceFigures(fs.readFileSync(doc, 'utf8'), formatMarkdown(results)));
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.render.length) {
    const stored = args.render.map((file) => JSON.parse(fs.readFileSync(file, 'utf8')) as BenchResult);
    for (const result of stored) process.stdout.write(formatTable(result) + '\n');
    writeDocs(stored);
    return;
  }
  const work = path.join(repo, 'build/bench');
  fs.mkdirSync(work, { recursive: true });
  const timer = buildTools(work);
  if (args.flood) {
    versusOnly(args, 'flood', args.flood, work, timer);
    return;
  }
  if (args.readers) {
    versusOnly(args, 'readers', args.readers, work, timer);
    return;
  }
  const bpftrace = prepareBpftrace(work);
  const lttng = prepareLttng(work);
  const date = new Date().toISOString().slice(0, 10);
  const results: BenchResult[] = [];
  for (const [i, kernel] of args.kernels.entries()) {
    const recording = path.join(work, `all-${kernel}.ktr`);
    // Five minutes of the dashboard once per full run (its memory is the frontend's, not the kernel's).
    const dashboardSeconds = args.quick ? 15 : i === 0 ? 300 : 0;
    const main = boot(kernel, 2, work, timer, args.quick, [
      '--keep-recording', recording, '--dashboard-seconds', String(dashboardSeconds), ...(bpftrace ? ['--bpftrace', bpftrace] : []),
      ...lttngArgs(lttng, kernel, work),
    ]);
    const smp1 = boot(kernel, 1, work, timer, args.quick, ['--scaling-only']);
    const decode = await decodeBenchmark(recording);
    const result: BenchResult = { date, kernel, quick: args.quick, boot: main, smp1, decode };
    results.push(result);
    process.stdout.write(formatTable(result) + '\n');
    const dir = args.out ?? path.join(repo, 'bench/results');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${date}-${kernel}.json`), JSON.stringify(result, null, 2) + '\n');
  }
  if (!args.out) writeDocs(results);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
