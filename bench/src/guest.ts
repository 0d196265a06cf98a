// In-guest half of `npm run bench`: every figure of one boot, so that ratios
// compare like with like. Run by the driver through scripts/vm; writes JSON.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expandEventNames, maskOf } from '../../frontend/src/abi/abi';
import { TraceDevice } from '../../frontend/src/device/trace-device';
import { Background, cpuSeconds, heldWorkload, median, memFreeKb, peakRssKb, rssKb, run, settledCpuSeconds, sleep, timedSeconds } from './proc';
import { kitCommand } from './kit';
import { Lttng, type LttngSetup } from './lttng';
import { MSG_VARIANTS, USDT_VARIANTS, VARIANTS, type BlkinCost, type MsgLoopResult, type MsgVariant, type BootResult, type NoLossFlood, type DashboardMemory, type FloodCost, type ReaderRate, type ReadersCost, type UsdtResult, type UsdtVariant, type Variant, type WorkloadResult } from './types';

interface GuestArgs {
  out: string;
  emptyProbe: string;
  timer: string;
  quick: boolean;
  /** Workloads only (the --smp 1 boot). */
  scalingOnly: boolean;
  /** Where to leave the system-wide recording for the host's decode benchmark. */
  keepRecording?: string;
  /** How long to watch the live dashboard's memory; 0: not at all. */
  dashboardSeconds: number;
  /** Only that: the memory figure needs no quiet host, unlike the timings. */
  dashboardOnly: boolean;
  /** bpftrace's kit (bench/src/kit.ts), if the host has one. */
  bpftrace?: string;
  /** LTTng's kit and the list of its kernel modules for this kernel, if the driver has them. */
  lttng?: LttngSetup;
  /** Only the blkin_record cost. */
  blkinOnly: boolean;
  /** Only the targeted-recording-under-flood cost, with this module and the one given here. */
  floodBefore?: string;
  /** Only the cost of extra readers (readersCost()), with this module and the one given here. */
  readersBefore?: string;
  /** The git ref the module given to --flood-before or --readers-before was built from. */
  beforeRef: string;
}

const repo = process.env.KTRACE_REPO ?? process.cwd();
const cli = path.join(repo, 'dist/frontend/src/cli.js');
const tmp = fs.mkdtempSync('/tmp/ktrace-bench-');

function parseArgs(argv: string[]): GuestArgs {
  const value = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const need = (name: string) => value(name) ?? fail(`guest: ${name} is required`);
  const dashboardOnly = argv.includes('--dashboard-only') || argv.includes('--blkin-only');
  const floodBefore = value('--flood-before');
  return {
    out: need('--out'),
    emptyProbe: dashboardOnly ? '' : need('--empty-probe'),
    floodBefore,
    readersBefore: value('--readers-before'),
    beforeRef: value('--before-ref') ?? 'before',
    timer: dashboardOnly ? '' : need('--timer'),
    quick: argv.includes('--quick'),
    scalingOnly: argv.includes('--scaling-only'),
    keepRecording: value('--keep-recording'),
    dashboardSeconds: Number(value('--dashboard-seconds') ?? 0),
    dashboardOnly: argv.includes('--dashboard-only'),
    bpftrace: value('--bpftrace'),
    lttng: value('--lttng') ? { kit: need('--lttng'), modules: need('--lttng-modules') } : undefined,
    blkinOnly: argv.includes('--blkin-only'),
  };
}

function fail(message: string): never {
  throw new Error(message);
}

/** "ktrace: recorded N records (B bytes) to F; L lost" */
function parseRecordSummary(stderr: string): { records: number; bytes: number; lost: number; waits: number; waitMs: number } {
  const m = /recorded (\d+) records \((\d+) bytes\)[^\n;]*(?:; (\d+) lost)?/.exec(stderr);
  if (!m) throw new Error(`no record summary in: ${stderr.slice(-500)}`);
  const w = /waited (\d+) times \(([\d.]+) ms\)/.exec(stderr);
  return { records: Number(m[1]), bytes: Number(m[2]), lost: Number(m[3] ?? 0), waits: Number(w?.[1] ?? 0), waitMs: Number(w?.[2] ?? 0) };
}

/** Waits until some reader has started (the device reports active events). */
async function readerStarted(reader: Background): Promise<void> {
  const probe = TraceDevice.open();
  let exited = false;
  void reader.exited.then(() => (exited = true));
  try {
    for (let i = 0; i < 600; i++) {
      if (exited) throw new Error(`reader exited before it started: ${reader.stderr.slice(-500)}`);
      if (probe.info().activeEvents !== 0n) return;
      await sleep(100);
    }
    throw new Error('no reader started within 60 s');
  } finally {
    probe.close();
  }
}

const ktraceRecord = (file: string, extra: string[]) => ['node', cli, 'record', '-o', file, ...extra];

/** LTTng's session daemon, started by the first LTTng run of the boot and stopped after the workloads. */
let lttng: Lttng | null = null;

/** One timed run of @workload under @variant; also the records ktrace saw. */
async function runOnce(
  variant: Variant,
  workload: string[],
  args: GuestArgs,
): Promise<{ seconds: number; records?: number; lost?: number; bytes?: number; peakRssKb?: number; discarded?: number; stderr: string }> {
  const timed = [args.timer, ...workload];
  switch (variant) {
    case 'untraced':
    case 'emptyProbe': {
      const r = run(timed);
      return { seconds: timedSeconds(r.stderr), stderr: r.stderr };
    }
    case 'ktrace': {
      const r = run([...ktraceRecord(`${tmp}/k.ktr`, ['--events', 'syscall', '--vars', 'regs', '-f', '--']), ...timed]);
      return { seconds: timedSeconds(r.stderr), ...parseRecordSummary(r.stderr), stderr: r.stderr };
    }
    case 'ktraceVm': {
      const vars = 'regs,page_faults,page_ins,page_outs,swap_ins,swap_outs';
      const r = run([...ktraceRecord(`${tmp}/vm.ktr`, ['--events', 'syscall', '--vars', vars, '-f', '--']), ...timed]);
      return { seconds: timedSeconds(r.stderr), ...parseRecordSummary(r.stderr), stderr: r.stderr };
    }
    case 'ktraceAll': {
      const rec = new Background(ktraceRecord(`${tmp}/all.ktr`, ['--events', 'all', '--vars', 'all']));
      await readerStarted(rec);
      const r = run(timed);
      const rssKb = peakRssKb(rec.pid);
      await rec.interrupt();
      return { seconds: timedSeconds(r.stderr), ...parseRecordSummary(rec.stderr), peakRssKb: rssKb, stderr: rec.stderr };
    }
    case 'perfRecord': {
      const r = run(['perf', 'record', '-q', '-e', 'raw_syscalls:*', '-o', `${tmp}/perf.data`, '--', ...timed]);
      return { seconds: timedSeconds(r.stderr), stderr: r.stderr };
    }
    case 'lttng': {
      lttng ??= Lttng.start(args.lttng ?? fail('no LTTng kit'), `${tmp}/lttng`);
      return lttng.runOnce(timed);
    }
    case 'perfTrace': {
      const r = run(['perf', 'trace', '-o', `${tmp}/trace.txt`, '--', ...timed]);
      return { seconds: timedSeconds(r.stderr), stderr: r.stderr };
    }
    case 'strace': {
      const r = run(['strace', '-f', '-o', `${tmp}/strace.txt`, ...timed]);
      return { seconds: timedSeconds(r.stderr), stderr: r.stderr };
    }
  }
}

function workloadCommand(name: WorkloadResult['name'], n: number): string[] {
  return name === 'dd'
    ? ['busybox', 'dd', 'if=/dev/zero', 'of=/dev/null', 'bs=1', `count=${n}`]
    : [path.join(repo, 'build/progs/getppid_loop'), String(n)];
}

async function measureWorkload(name: WorkloadResult['name'], n: number, args: GuestArgs, runs: number, variants: readonly Variant[]) {
  const straceN = Math.max(1, Math.round(n / 100));
  const result: WorkloadResult = {
    name,
    command: workloadCommand(name, n),
    n,
    straceN,
    events: 0,
    seconds: Object.fromEntries(VARIANTS.map((v) => [v, null])) as Record<Variant, number | null>,
    runs: Object.fromEntries(VARIANTS.map((v) => [v, []])) as unknown as Record<Variant, number[]>,
  };
  const lost: number[] = [];
  const size = { ktraceBytes: 0, ktraceRecords: 0 };
  let recordPeakRssKb = 0;
  for (const variant of variants) {
    if (variant === 'lttng' && !args.lttng) continue;
    const scale = variant === 'strace' ? n / straceN : 1;
    const command = workloadCommand(name, variant === 'strace' ? straceN : n);
    if (variant === 'emptyProbe') run(['insmod', args.emptyProbe]);
    try {
      for (let i = 0; i < runs; i++) {
        let r;
        try {
          r = await runOnce(variant, command, args);
        } catch (err) {
          // LTTng is a guest visitor: the other figures stand without it (CI's check requires it).
          if (variant !== 'lttng') throw err;
          result.lttngError = (err as Error).message.slice(-300);
          result.runs.lttng = [];
          args.lttng = undefined;
          break;
        }
        result.runs[variant].push(r.seconds * scale);
        if (variant === 'ktrace') {
          // Lost records were events too: the workload paid for their probes.
          result.events = Math.max(result.events, (r.records ?? 0) + (r.lost ?? 0));
          lost.push(r.lost ?? 0);
          Object.assign(size, { ktraceBytes: r.bytes ?? 0, ktraceRecords: r.records ?? 0 });
        }
        if (variant === 'lttng') {
          (result.lttngDiscarded ??= []).push(r.discarded ?? 0);
          (result.lttngBytes ??= []).push(r.bytes ?? 0);
        }
        if (variant === 'ktraceAll') recordPeakRssKb = Math.max(recordPeakRssKb, r.peakRssKb ?? 0);
      }
    } finally {
      if (variant === 'emptyProbe') run(['rmmod', 'empty_probe']);
    }
    result.seconds[variant] = result.runs[variant].length ? median(result.runs[variant]) : null;
    log(`${name} ${variant}: ${result.runs[variant].map((s) => s.toFixed(3)).join(' ')} s`);
  }
  return { result, lost, size, recordPeakRssKb };
}

function log(line: string): void {
  process.stderr.write(`bench: ${line}\n`);
}

const traceModule = () => process.env.KTRACE_MODULE ?? fail('KTRACE_MODULE is not set (run through scripts/vm)');

function reloadTrace(bufferKb?: number): void {
  run(['rmmod', 'trace']);
  run(['insmod', traceModule(), ...(bufferKb ? [`buffer_kb=${bufferKb}`] : [])]);
}

/** Lost records of the targeted dd recording per buffer size, down (or up) to the zero-loss edge. */
function searchZeroLoss(ddN: number, args: GuestArgs, defaultKb: number, lostDefault: number) {
  const tried: { bufferKb: number; lost: number }[] = [];
  const lostWith = (kb: number) => {
    reloadTrace(kb);
    const r = run([...ktraceRecord(`${tmp}/loss.ktr`, ['--events', 'syscall', '--vars', 'regs', '-f', '--']), args.timer, ...workloadCommand('dd', ddN)]);
    const lost = parseRecordSummary(r.stderr).lost;
    tried.push({ bufferKb: kb, lost });
    log(`loss: buffer_kb=${kb}: ${lost} lost`);
    return lost;
  };
  let zeroLoss: number | null = null;
  try {
    if (lostDefault === 0) {
      zeroLoss = defaultKb;
      for (let kb = defaultKb / 2; kb >= 16 && lostWith(kb) === 0; kb /= 2) zeroLoss = kb;
    } else {
      for (let kb = defaultKb * 2; kb <= 65536; kb *= 2)
        if (lostWith(kb) === 0) {
          zeroLoss = kb;
          break;
        }
    }
  } finally {
    reloadTrace();
  }
  return { tried, zeroLoss };
}

/**
 * A reader's CPU time for a getppid load, from its start to the drained end.
 * The load is targeted (a held process), so the reader does not read its own reads.
 */
async function readerRate(
  argv: (pid: number) => string[],
  n: number,
  args: GuestArgs,
  parse: (bg: Background) => Omit<ReaderRate, 'cpuSeconds'>,
) {
  const workload = heldWorkload([args.timer, ...workloadCommand('getppid', n)]);
  const reader = new Background(argv(workload.pid));
  await readerStarted(reader);
  const cpu0 = cpuSeconds(reader.pid);
  workload.release();
  await workload.exited;
  const cpu1 = await settledCpuSeconds(reader.pid);
  await reader.interrupt();
  return { ...parse(reader), cpuSeconds: cpu1 - cpu0 };
}

async function measureReadRates(n: number, args: GuestArgs) {
  const rawReader = (format: string) =>
    readerRate((pid) => ['node', path.join(__dirname, 'raw-reader.js'), String(pid), format], n, args, (bg) => {
      return JSON.parse(bg.stdout) as Omit<ReaderRate, 'cpuSeconds'>;
    });
  const raw = await rawReader('records');
  const spans = await rawReader('spans');
  const record = await readerRate((pid) => ktraceRecord(`${tmp}/rate.ktr`, ['--events', 'syscall', '--vars', 'regs', '-f', '--pid', String(pid)]), n, args, (bg) => {
    const s = parseRecordSummary(bg.stderr);
    return { bytes: s.bytes, records: s.records, lost: s.lost };
  });
  return { raw, record, spans };
}

/**
 * A flood of @n getppid() calls, untraced, recorded as usual (records may be
 * lost) and with `--no-loss` (the flood waits for the reader instead), one
 * run each: what recording everything costs. The recording goes to
 * /dev/null: the guest's memory would not hold 10M calls' records.
 */
function noLossFlood(n: number, args: GuestArgs): NoLossFlood {
  const flood = [args.timer, path.join(repo, 'build/progs/getppid_loop'), String(n)];
  const untraced = timedSeconds(run(flood).stderr);
  const recorded = (extra: string[]) => {
    const r = run([...ktraceRecord('/dev/null', ['--events', 'syscall', '--vars', 'regs', ...extra, '-f', '--']), ...flood]);
    const s = parseRecordSummary(r.stderr);
    return { seconds: timedSeconds(r.stderr), ...s };
  };
  const lossy = recorded([]);
  const noLoss = recorded(['--no-loss']);
  log(`no-loss flood ${n}: untraced ${untraced.toFixed(3)} s; record ${lossy.seconds.toFixed(3)} s, ${lossy.lost} lost; --no-loss ${noLoss.seconds.toFixed(3)} s, ${noLoss.lost} lost, ${noLoss.waits} waits`);
  return {
    n,
    events: 2 * n,
    untraced,
    lossy: { seconds: lossy.seconds, records: lossy.records, lost: lossy.lost },
    noLoss: { seconds: noLoss.seconds, records: noLoss.records, lost: noLoss.lost, waits: noLoss.waits, waitMs: noLoss.waitMs },
  };
}

/**
 * The cost of a USDT hit: build/progs/usdt_loop fires kbench:hit N times
 * with no syscall in between, untraced (the probe site is a nop), recorded by
 * ktrace (a uprobe per hit, one record each) and counted by bpftrace.
 */
async function measureUsdt(n: number, args: GuestArgs, runs: number): Promise<UsdtResult> {
  // Uprobes are keyed by inode, and 9p (the shared repository) gives each
  // lookup a new one: the loop runs as a copy on the guest's own rootfs.
  const prog = path.join(tmp, 'usdt_loop');
  fs.copyFileSync(path.join(repo, 'build/progs/usdt_loop'), prog);
  fs.chmodSync(prog, 0o755);
  const command = [prog, String(n)];
  const result: UsdtResult = {
    command,
    n,
    seconds: Object.fromEntries(USDT_VARIANTS.map((v) => [v, null])) as Record<UsdtVariant, number | null>,
    runs: Object.fromEntries(USDT_VARIANTS.map((v) => [v, []])) as unknown as Record<UsdtVariant, number[]>,
    ktraceRecords: 0,
    ktraceLost: 0,
    bpftraceHits: null,
  };
  const once: Record<UsdtVariant, () => number | Promise<number>> = {
    untraced: () => timedSeconds(run([args.timer, ...command]).stderr),
    ktrace: () => {
      const r = run([...ktraceRecord(`${tmp}/usdt.ktr`, ['--events', `u:${prog}:kbench:hit`, '-f', '--']), args.timer, ...command]);
      const s = parseRecordSummary(r.stderr);
      Object.assign(result, { ktraceRecords: s.records, ktraceLost: s.lost });
      return timedSeconds(r.stderr);
    },
    bpftrace: async () => {
      // Not -c: bpftrace would limit the probe to run_timed's pid, and the loop is its child.
      const kit = args.bpftrace ?? fail('no bpftrace kit');
      // "Attaching N probes" is printed before the uprobe is live: a run of one
      // hit, hit(0, 1), is repeated until bpftrace reports it, and only then is
      // the loop timed. Its own hits (i from 0, N - i from N) never match.
      const script = `usdt:${prog}:kbench:hit { @hits = count(); if (arg0 == 0 && arg1 == 1) { printf("armed\\n"); } }`;
      const bt = new Background([...kitCommand(kit), '-e', script]);
      try {
        for (let i = 0; !/^armed$/m.test(bt.stdout); i++) {
          if (bt.child.exitCode !== null || i >= 600) throw new Error(`bpftrace did not attach: ${bt.stderr.slice(-300)}`);
          run([prog, '1']);
          await sleep(200);
        }
        const seconds = timedSeconds(run([args.timer, ...command]).stderr);
        await bt.interrupt();
        const m = /@hits: (\d+)/.exec(bt.stdout);
        if (!m) throw new Error(`bpftrace printed no count: ${bt.stdout.slice(-200)} ${bt.stderr.slice(-200)}`);
        const hits = Number(m[1]) - (bt.stdout.match(/^armed$/gm) ?? []).length;
        if (hits !== n) throw new Error(`bpftrace counted ${hits} of the loop's ${n} hits`);
        result.bpftraceHits = hits;
        return seconds;
      } finally {
        bt.child.kill('SIGKILL');
      }
    },
  };
  for (const variant of USDT_VARIANTS) {
    if (variant === 'bpftrace' && !args.bpftrace) continue;
    try {
      for (let i = 0; i < runs; i++) result.runs[variant].push(await once[variant]());
    } catch (err) {
      // bpftrace is a guest visitor (LLVM under TCG): the other figures stand without it.
      if (variant !== 'bpftrace') throw err;
      result.bpftraceError = (err as Error).message.slice(-300);
      result.runs.bpftrace = [];
      continue;
    }
    result.seconds[variant] = result.runs[variant].length ? median(result.runs[variant]) : null;
    log(`usdt ${variant}: ${result.runs[variant].map((s) => s.toFixed(3)).join(' ')} s`);
  }
  return result;
}

/**
 * The cost of the msg family on build/progs/rr_loop's request/response loop
 * (N round trips of 64 bytes each way, over a unix socketpair and over TCP
 * loopback): untraced, and under `ktrace record -f` of the msg family without
 * and with payload bytes, and of the syscall family (syscall+regs) for scale.
 */
function measureMsg(n: number, args: GuestArgs, runs: number): MsgLoopResult[] {
  const size = 64;
  const out: MsgLoopResult[] = [];
  const record: Record<Exclude<MsgVariant, 'untraced'>, string[]> = {
    msg: ['--events', 'msg', '--vars', 'pid,comm'],
    msgPayload: ['--events', 'msg', '--vars', 'pid,comm,strings', '-s', '64'],
    syscall: ['--events', 'syscall', '--vars', 'regs'],
  };
  for (const transport of ['unix', 'tcp'] as const) {
    const command = [path.join(repo, 'build/progs/rr_loop'), transport, String(n), String(size)];
    const receives = Number(/^receives (\d+)$/m.exec(run(command).stdout)?.[1] ?? fail('rr_loop printed no receives'));
    const result: MsgLoopResult = {
      transport,
      command,
      n,
      size,
      messages: 2 * n + receives + (transport === 'tcp' ? 2 : 0),
      seconds: Object.fromEntries(MSG_VARIANTS.map((v) => [v, null])) as Record<MsgVariant, number | null>,
      runs: Object.fromEntries(MSG_VARIANTS.map((v) => [v, []])) as unknown as Record<MsgVariant, number[]>,
      msgRecords: 0,
      msgLost: 0,
      syscallRecords: 0,
      syscallLost: 0,
    };
    for (const variant of MSG_VARIANTS) {
      for (let i = 0; i < runs; i++) {
        if (variant === 'untraced') {
          result.runs.untraced.push(timedSeconds(run([args.timer, ...command]).stderr));
          continue;
        }
        const r = run([...ktraceRecord(`${tmp}/msg.ktr`, [...record[variant], '-f', '--']), args.timer, ...command]);
        const s = parseRecordSummary(r.stderr);
        if (variant === 'syscall') Object.assign(result, { syscallRecords: s.records, syscallLost: s.lost });
        else Object.assign(result, { msgRecords: s.records, msgLost: s.lost });
        result.runs[variant].push(timedSeconds(r.stderr));
      }
      result.seconds[variant] = median(result.runs[variant]);
      log(`msg ${transport} ${variant}: ${result.runs[variant].map((s) => s.toFixed(3)).join(' ')} s`);
    }
    out.push(result);
  }
  return out;
}

/** perf's "(N samples)" summary and its file's size, for the dd workload. */
function perfRecordSize(n: number, args: GuestArgs) {
  const file = `${tmp}/size.data`;
  const r = run(['perf', 'record', '-e', 'raw_syscalls:*', '-o', file, '--', args.timer, ...workloadCommand('dd', n)]);
  const m = /\((\d+) samples\)/.exec(r.stderr);
  return { perfBytes: fs.statSync(file).size, perfSamples: m ? Number(m[1]) : 0 };
}

/** Module text/data plus the rings, and what MemFree says a load and one started reader take. */
function moduleMemory(): { moduleCoreBytes: number; ringBytes: number; memFreeDropKb: number } {
  run(['rmmod', 'trace']);
  run(['sync']);
  const before = memFreeKb();
  run(['insmod', traceModule()]);
  const device = TraceDevice.open();
  try {
    device.setEvents(1n);
    device.start();
    const after = memFreeKb();
    const info = device.info();
    return {
      moduleCoreBytes: Number(fs.readFileSync('/sys/module/trace/coresize', 'utf8')),
      ringBytes: info.bufferBytesPerCpu * info.nrCpus,
      memFreeDropKb: before - after,
    };
  } finally {
    device.close();
  }
}

/**
 * Where the time goes while ktrace records dd: each process's share of the
 * samples, then the top symbols, all CPUs, idle left out.
 */
function profile(n: number, args: GuestArgs): string[] {
  const data = `${tmp}/profile.data`;
  run(['perf', 'record', '-q', '-g', '-a', '-o', data, '--',
    ...ktraceRecord(`${tmp}/prof.ktr`, ['--events', 'syscall', '--vars', 'regs', '-f', '--']), args.timer, ...workloadCommand('dd', n)]);
  const top = (sort: string, limit: number) =>
    run(['perf', 'report', '-i', data, '--stdio', '--no-children', '--sort', sort, '-g', 'none', '--percent-limit', '0.7'])
      .stdout.split('\n')
      .filter((line) => /^\s+\d+\.\d+%/.test(line) && !/\sswapper(\s|$)/.test(line))
      .slice(0, limit)
      .map((line) => line.trim().replace(/\s+/g, ' '));
  return [...top('comm', 6), ...top('comm,dso,sym', 15)];
}

/**
 * The live dashboard, system-wide in a 100x30 tmux pane, under a steady
 * syscall load: its resident memory at regular intervals, which must level
 * off however long it runs, since its panels keep bounded state.
 */
async function dashboardMemory(seconds: number): Promise<DashboardMemory> {
  const tmux = (...argv: string[]) => run(['tmux', '-L', `bench-${process.pid}`, ...argv]).stdout;
  const screen = () => tmux('capture-pane', '-p', '-t', 'dash');
  const load = new Background([path.join(repo, 'build/progs/getppid_loop'), '1000000000', '200']);
  try {
    tmux('new-session', '-d', '-s', 'dash', '-x', '100', '-y', '30', '-e', 'LANG=C.UTF-8', `exec node ${cli} dashboard`);
    const pid = Number(tmux('list-panes', '-t', 'dash', '-F', '#{pane_pid}').trim());
    for (let i = 0; !/ rec\/s \| lost /.test(screen()); i++) {
      if (i >= 600) throw new Error(`the dashboard drew nothing within 60 s:\n${screen()}`);
      await sleep(100);
    }
    const intervalSeconds = Math.max(1, Math.round(seconds / 30));
    const samples: number[] = [];
    for (let t = 0; t < seconds; t += intervalSeconds) {
      await sleep(intervalSeconds * 1000);
      samples.push(rssKb(pid));
    }
    const result = { seconds, intervalSeconds, rssKb: samples, peakKb: peakRssKb(pid), statusLine: screen().split('\n')[0].trim() };
    log(`dashboard: RSS ${samples.map((kb) => (kb / 1024).toFixed(1)).join(' ')} MiB; ${result.statusLine}`);
    tmux('send-keys', '-t', 'dash', 'q');
    // It closes /dev/trace as it exits: scripts/vm unloads the module after us.
    for (let i = 0; i < 300 && fs.existsSync(`/proc/${pid}`); i++) await sleep(100);
    return result;
  } finally {
    run(['tmux', '-L', `bench-${process.pid}`, 'kill-server'], { allowFailure: true });
    load.child.kill('SIGKILL');
  }
}

/** blkin_demo --bench N untraced, then under `ktrace spans` (its probes' semaphores raised): ns per blkin_record. */
function blkinCost(n: number, runs: number): BlkinCost {
  // A local copy: uprobes are keyed by inode, which 9p gives anew on each lookup.
  const demo = path.join(tmp, 'blkin_demo');
  fs.copyFileSync(path.join(repo, 'build/progs/blkin_demo'), demo);
  fs.chmodSync(demo, 0o755);
  const nsOf = (stdout: string) => Number(/ns_per_record=([\d.]+)/.exec(stdout)?.[1] ?? fail(`blkin_demo printed: ${stdout.slice(-200)}`));
  const untraced: number[] = [];
  const traced: number[] = [];
  for (let i = 0; i < runs; i++) {
    untraced.push(nsOf(run([demo, '--bench', String(n)]).stdout));
    traced.push(nsOf(run([process.execPath, cli, 'spans', '-o', '/dev/null', '--', demo, '--bench', String(n)]).stdout));
  }
  const result = { n, untracedNs: median(untraced), tracedNs: median(traced) };
  log(`blkin_record: untraced ${untraced.join(' ')} ns, traced ${traced.join(' ')} ns`);
  return result;
}

/**
 * The cost an unrelated process pays while a targeted `ktrace record -p`
 * runs: getppid_loop N (untraced by anyone) timed with nothing loaded,
 * under the empty probe, and beside the recording of a steady target (one
 * getppid() per ms), with the module of @args.floodBefore and with this
 * tree's, runs interleaved so drift in the host hits both alike.
 */
async function floodCost(n: number, runs: number, args: GuestArgs): Promise<FloodCost> {
  const before = args.floodBefore ?? fail('--flood-before is required');
  const flood = [args.timer, path.join(repo, 'build/progs/getppid_loop'), String(n)];
  const times = { untraced: [] as number[], emptyProbe: [] as number[], before: [] as number[], after: [] as number[] };
  const records = { before: 0, after: 0 };
  const recorded = async (which: 'before' | 'after') => {
    run(['rmmod', 'trace']);
    run(['insmod', which === 'before' ? before : traceModule()]);
    const target = new Background([path.join(repo, 'build/progs/getppid_loop'), '1000000000', '1000']);
    try {
      const rec = new Background(ktraceRecord(`${tmp}/flood.ktr`, ['--events', 'syscall', '--vars', 'regs', '-p', String(target.pid)]));
      await readerStarted(rec);
      times[which].push(timedSeconds(run(flood).stderr));
      await rec.interrupt();
      records[which] = parseRecordSummary(rec.stderr).records;
    } finally {
      target.child.kill('SIGKILL');
      await target.exited;
    }
  };
  for (let i = 0; i < runs; i++) {
    times.untraced.push(timedSeconds(run(flood).stderr));
    run(['insmod', args.emptyProbe]);
    try {
      times.emptyProbe.push(timedSeconds(run(flood).stderr));
    } finally {
      run(['rmmod', 'empty_probe']);
    }
    await recorded('before');
    await recorded('after');
  }
  log(`flood: ${Object.entries(times).map(([k, v]) => `${k} ${v.map((s) => s.toFixed(3)).join(' ')}`).join('; ')} s`);
  return {
    n,
    events: 2 * n,
    beforeRef: args.beforeRef,
    untraced: median(times.untraced),
    emptyProbe: median(times.emptyProbe),
    before: median(times.before),
    after: median(times.after),
    afterRecords: records.after,
    beforeRecords: records.before,
  };
}

/** Until @bg prints a line matching @re (it exits or 60 s pass: an error). */
async function printed(bg: Background, re: RegExp): Promise<void> {
  let exited = false;
  void bg.exited.then(() => (exited = true));
  for (let i = 0; i < 600 && !re.test(bg.stdout); i++) {
    if (exited) throw new Error(`${bg.child.spawnargs.join(' ')} exited: ${bg.stderr.slice(-300)}`);
    await sleep(100);
  }
  if (!re.test(bg.stdout)) throw new Error(`${bg.child.spawnargs.join(' ')} printed no ${re} within 60 s`);
}

/**
 * What more readers cost a traced command: getppid_loop N under \`ktrace
 * record\` (syscall+regs) alone, beside 7 system-wide readers of an event it
 * never makes (block_issue: they want none of its records), and beside 7
 * system-wide readers of its syscall events (they want all of them), with
 * the module of @args.readersBefore and with this tree's, runs interleaved.
 */
async function readersCost(n: number, runs: number, args: GuestArgs): Promise<ReadersCost> {
  const before = args.readersBefore ?? fail('--readers-before is required');
  const extra = 7;
  const mask = (...names: string[]) => String(maskOf(expandEventNames(names)));
  const masks = { disjoint: mask('block_issue'), wanting: mask('sys_enter', 'sys_exit') };
  const loop = [args.timer, path.join(repo, 'build/progs/getppid_loop'), String(n)];
  const cases = ['alone', 'disjoint', 'wanting'] as const;
  const times = { before: { alone: [], disjoint: [], wanting: [] }, after: { alone: [], disjoint: [], wanting: [] } } as Record<'before' | 'after', Record<(typeof cases)[number], number[]>>;
  const extraRead = { before: 0, after: 0 };
  const untraced: number[] = [];
  for (let i = 0; i < runs; i++) {
    untraced.push(timedSeconds(run(loop).stderr));
    for (const which of ['before', 'after'] as const) {
      run(['rmmod', 'trace']);
      run(['insmod', which === 'before' ? before : traceModule()]);
      for (const c of cases) {
        const readers = c === 'alone' ? [] : Array.from({ length: extra }, () => new Background([path.join(repo, 'build/progs/drain_reader'), masks[c]]));
        try {
          for (const r of readers) await printed(r, /^started$/m);
          const r = run([...ktraceRecord(`${tmp}/readers.ktr`, ['--events', 'syscall', '--vars', 'regs', '-f', '--']), ...loop]);
          times[which][c].push(timedSeconds(r.stderr));
        } finally {
          for (const r of readers) await r.interrupt();
        }
        if (c === 'wanting') extraRead[which] = readers.reduce((sum, r) => sum + Number(/^read (\d+)/m.exec(r.stdout)?.[1] ?? 0), 0);
      }
    }
  }
  log(`readers: untraced ${untraced.map((s) => s.toFixed(3)).join(' ')} s; ${(['before', 'after'] as const).map((w) => cases.map((c) => `${w} ${c} ${times[w][c].map((s) => s.toFixed(3)).join(' ')}`).join('; ')).join('; ')} s`);
  const medians = (w: 'before' | 'after') => ({ alone: median(times[w].alone), disjoint: median(times[w].disjoint), wanting: median(times[w].wanting) });
  return { n, events: 2 * n, extra, beforeRef: args.beforeRef, untraced: median(untraced), before: medians('before'), after: medians('after'), extraRead };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const runs = args.quick ? 1 : 5;
  // Full sizes keep both kernels' two boots each within 15 minutes in TCG.
  const ddN = args.quick ? 10000 : 50000;
  const loopN = args.quick ? 20000 : 100000;
  const usdtN = args.quick ? 20000 : 100000;
  const all = VARIANTS;
  const scaling: readonly Variant[] = ['untraced', 'emptyProbe', 'ktrace'];
  const info = (() => {
    const d = TraceDevice.open();
    try {
      return d.info();
    } finally {
      d.close();
    }
  })();
  const boot: BootResult = { kernel: info.kernelRelease, smp: info.nrCpus, runs, workloads: [] };
  if (args.readersBefore) {
    boot.readers = await readersCost(args.quick ? 20000 : 100000, runs, args);
    fs.writeFileSync(args.out, JSON.stringify(boot, null, 2) + '\n');
    return;
  }
  if (args.floodBefore) {
    boot.flood = await floodCost(args.quick ? 20000 : 100000, runs, args);
    fs.writeFileSync(args.out, JSON.stringify(boot, null, 2) + '\n');
    return;
  }
  if (args.blkinOnly) {
    boot.blkin = blkinCost(args.quick ? 20000 : 100000, runs);
    fs.writeFileSync(args.out, JSON.stringify(boot, null, 2) + '\n');
    return;
  }
  if (args.dashboardOnly) {
    boot.dashboard = await dashboardMemory(args.dashboardSeconds || 300);
    fs.writeFileSync(args.out, JSON.stringify(boot, null, 2) + '\n');
    return;
  }

  const dd = await measureWorkload('dd', ddN, args, runs, args.scalingOnly ? scaling : all);
  const loop = await measureWorkload('getppid', loopN, args, runs, args.scalingOnly ? scaling : all);
  boot.workloads.push(dd.result, loop.result);
  try {
    lttng?.stop();
  } catch (err) {
    log(`stopping LTTng: ${(err as Error).message}`);
  }
  lttng = null;
  if (!args.scalingOnly) {
    if (args.keepRecording) fs.copyFileSync(`${tmp}/all.ktr`, args.keepRecording);
    const defaultKb = info.bufferBytesPerCpu / 1024;
    const lostDefault = Math.max(...dd.lost);
    const search = args.quick ? { tried: [], zeroLoss: lostDefault === 0 ? defaultKb : null } : searchZeroLoss(ddN, args, defaultKb, lostDefault);
    boot.loss = { defaultBufferKb: defaultKb, lostDefault, events: dd.result.events, zeroLossBufferKb: search.zeroLoss, tried: search.tried };
    boot.readRate = await measureReadRates(loopN, args);
    boot.size = { ...dd.size, ...perfRecordSize(ddN, args) };
    boot.usdt = await measureUsdt(usdtN, args, runs);
    boot.memory = { recordPeakRssKb: dd.recordPeakRssKb, ...moduleMemory() };
    boot.blkin = blkinCost(args.quick ? 20000 : 100000, runs);
    boot.msg = measureMsg(args.quick ? 5000 : 20000, args, runs);
    boot.noLoss = noLossFlood(args.quick ? 200000 : 10000000, args);
    if (args.dashboardSeconds > 0) boot.dashboard = await dashboardMemory(args.dashboardSeconds);
    if (!args.quick) {
      try {
        boot.profile = profile(ddN / 4, args);
      } catch (err) {
        // The figures stand without it; say why it is missing.
        boot.profile = [`perf profile failed: ${(err as Error).message.slice(0, 300)}`];
      }
    }
  }
  fs.writeFileSync(args.out, JSON.stringify(boot, null, 2) + '\n');
  fs.rmSync(tmp, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  process.stderr.write(`bench guest: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
