// The shape of bench/results/*.json: what one boot measured, and the run.

/** How each workload ran; `emptyProbe` is the floor, `strace` ran a smaller N and is scaled. */
export const VARIANTS = ['untraced', 'emptyProbe', 'ktrace', 'ktraceVm', 'ktraceAll', 'perfRecord', 'lttng', 'perfTrace', 'strace'] as const;
export type Variant = (typeof VARIANTS)[number];

export interface WorkloadResult {
  name: 'dd' | 'getppid';
  command: string[];
  n: number;
  /** strace's N; its seconds are scaled by n / straceN. */
  straceN: number;
  /** Tracepoint hits (sys_enter + sys_exit) of the workload: the records ktrace recorded for it. */
  events: number;
  /** Median seconds of each variant (null: not measured). */
  seconds: Record<Variant, number | null>;
  runs: Record<Variant, number[]>;
  /** Events LTTng discarded in each of its runs (its buffers full), when it ran. */
  lttngDiscarded?: number[];
  /** The bytes of LTTng's trace (data and metadata) in each of its runs. */
  lttngBytes?: number[];
  /** Why LTTng has no figures, when it failed. */
  lttngError?: string;
}

export interface ReaderRate {
  bytes: number;
  records: number;
  lost: number;
  cpuSeconds: number;
  /** read() calls that returned data (the raw reader counts them). */
  reads?: number;
}

export interface BootResult {
  kernel: string;
  smp: number;
  runs: number;
  workloads: WorkloadResult[];
  /** Only in the main boot; the --smp 1 boot measures workloads only. */
  loss?: {
    defaultBufferKb: number;
    /** The most lost in one of the timed runs, of `events` (records plus lost). */
    lostDefault: number;
    events: number;
    /** Smallest power-of-two buffer_kb tried that lost nothing, null if none or not searched. */
    zeroLossBufferKb: number | null;
    tried: { bufferKb: number; lost: number }[];
  };
  /** spans: the raw reader in KT_FORMAT_SPANS (since 2026-12-08). */
  readRate?: { raw: ReaderRate; record: ReaderRate; spans?: ReaderRate };
  size?: { ktraceBytes: number; ktraceRecords: number; perfBytes: number; perfSamples: number };
  memory?: { recordPeakRssKb: number; moduleCoreBytes: number; ringBytes: number; memFreeDropKb: number };
  /** The live dashboard's memory over a long run (the first kernel of a full run, every --quick one). */
  dashboard?: DashboardMemory;
  profile?: string[];
  /** The cost of one USDT hit (only in the main boot). */
  usdt?: UsdtResult;
  /** libktrace-blkin's blkin_record (BLKIN_TIMESTAMP): mean ns per call, median of the runs. */
  blkin?: BlkinCost;
  /** The msg family on a request/response loop, per transport (only in the main boot). */
  msg?: MsgLoopResult[];
  /** An unrelated process's syscalls while a targeted `ktrace record` runs (`--flood`). */
  flood?: FloodCost;
  /** A recorded command beside more readers, wanting its events or not (`--readers`). */
  readers?: ReadersCost;
  /** A syscall flood recorded with and without `--no-loss` (only in the main boot). */
  noLoss?: NoLossFlood;
}

/** Seconds of getppid_loop N under `ktrace record`, alone and beside @extra more readers. */
export interface ReadersTimes {
  alone: number;
  /** Beside readers of an event the command never makes. */
  disjoint: number;
  /** Beside readers of its syscall events. */
  wanting: number;
}

/**
 * getppid_loop N under `ktrace record` (syscall+regs) with the module of an
 * earlier commit (`before`) and this tree's, in one boot: medians, seconds.
 */
export interface ReadersCost {
  n: number;
  /** Syscall events the command makes (enter and exit per call). */
  events: number;
  /** How many more readers ran beside the recording. */
  extra: number;
  beforeRef: string;
  untraced: number;
  before: ReadersTimes;
  after: ReadersTimes;
  /** Records the wanting readers got in all, in the last run of each module. */
  extraRead: { before: number; after: number };
}

/**
 * getppid_loop (the flood, traced by no reader) timed untraced, under the
 * empty probe, and while `ktrace record -p` records another process, with
 * this tree's module and with the module of an earlier commit (`before`),
 * in one boot: medians of the runs, seconds.
 */
/**
 * A syscall flood recorded whole (`--no-loss`) and as usual: one run each
 * in one boot, seconds (the full bench's flood is 10M calls).
 */
export interface NoLossFlood {
  n: number;
  /** Syscall events the flood makes (enter and exit per call). */
  events: number;
  untraced: number;
  lossy: { seconds: number; records: number; lost: number };
  noLoss: { seconds: number; records: number; lost: number; waits: number; waitMs: number };
}

export interface FloodCost {
  n: number;
  /** Syscall events the flood makes (enter and exit per call). */
  events: number;
  beforeRef: string;
  untraced: number;
  emptyProbe: number;
  before: number;
  after: number;
  /** Records the `after` recording got (the target's): the flood's are not among them. */
  afterRecords: number;
  beforeRecords: number;
}

/**
 * How the request/response loop ran: untraced; recorded with the msg family
 * (endpoints, sequence numbers, byte counts); with it and 64 payload bytes
 * per message, as `ktrace paths` records; with the syscall family, for comparison.
 */
export const MSG_VARIANTS = ['untraced', 'msg', 'msgPayload', 'syscall'] as const;
export type MsgVariant = (typeof MSG_VARIANTS)[number];

export interface MsgLoopResult {
  transport: 'unix' | 'tcp';
  command: string[];
  /** Round trips per run. */
  n: number;
  /** Bytes each way per round trip. */
  size: number;
  /**
   * The loop's own msg events: 2 sends and its receives per round trip
   * (as rr_loop counted them), plus connect and accept for TCP.
   */
  messages: number;
  seconds: Record<MsgVariant, number | null>;
  runs: Record<MsgVariant, number[]>;
  /** Records and lost records of the last msg run: the loop's messages, and the few lines of output its tools write into socket pipes. */
  msgRecords: number;
  msgLost: number;
  /** Records and lost records of the last syscall run. */
  syscallRecords: number;
  syscallLost: number;
}

export interface BlkinCost {
  n: number;
  /** Nobody traces: the semaphore is 0 and the call returns. */
  untracedNs: number;
  /** Under `ktrace spans`: the uprobe fires and the module records the annotation. */
  tracedNs: number;
}

/** How the USDT loop ran: untraced (a nop), under ktrace, under bpftrace (null: not run). */
export const USDT_VARIANTS = ['untraced', 'ktrace', 'bpftrace'] as const;
export type UsdtVariant = (typeof USDT_VARIANTS)[number];

export interface UsdtResult {
  command: string[];
  /** Probe hits per run. */
  n: number;
  seconds: Record<UsdtVariant, number | null>;
  runs: Record<UsdtVariant, number[]>;
  /** Records and lost records of the last ktrace run: together they are the hits ktrace saw. */
  ktraceRecords: number;
  ktraceLost: number;
  /** The count bpftrace printed for the last run, null if it did not run. */
  bpftraceHits: number | null;
  /** Why bpftrace has no figure, when it has none. */
  bpftraceError?: string;
}

export interface DashboardMemory {
  seconds: number;
  intervalSeconds: number;
  /** VmRSS in KiB at the end of each interval, from the first drawn screen on. */
  rssKb: number[];
  /** VmHWM in KiB at the end. */
  peakKb: number;
  /** The dashboard's status line at the end: records per second and lost records. */
  statusLine: string;
}

export interface DecodeResult {
  file: string;
  bytes: number;
  records: number;
  decoderSeconds: number;
  materializeSeconds: number;
  asn1jsSeconds: number;
  straceEvents: number;
  straceSeconds: number;
}

export interface BenchResult {
  date: string;
  kernel: string;
  quick: boolean;
  boot: BootResult;
  smp1: BootResult | null;
  decode: DecodeResult | null;
}
