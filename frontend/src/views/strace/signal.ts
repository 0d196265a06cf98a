// Signals as strace prints them: `--- SIGx {si_signo=..., si_code=..., ...} ---`
// from the siginfo the module captured at delivery (signal_deliver's
// `siginfo`), and `+++ killed by SIGx (core dumped) +++` from proc_exit's
// wait status. Pure: bytes and numbers in, strings and JSON values out.
//
// Which fields follow si_code is strace's choice (printsiginfo): the sender
// (si_pid, si_uid) for signals sent by a process, the timer for SI_TIMER,
// the child's status and times for SIGCHLD, the faulting address for the
// fault signals, and so on.
import { errnoName, syscallName } from '../../syscalls';
import { signalName } from '../../syscalls/constants';
import { enumTable, formatEnum, formatFlags, flagTable, hex, type EnumTable } from '../../syscalls/xlat';

/** Bytes of the x86-64 `struct kernel_siginfo` the module records. */
export const SIGINFO_BYTES = 48;

const SIGILL = 4;
const SIGTRAP = 5;
const SIGBUS = 7;
const SIGFPE = 8;
const SIGKILL = 9;
const SIGSEGV = 11;
const SIGCHLD = 17;
const SIGIO = 29;
const SIGPROF = 27;
const SIGSYS = 31;

const SI_USER = 0;
const SI_TIMER = -2;
const SI_SIGIO = -5;
const SI_TKILL = -6;
const CLD_EXITED = 1;
const BUS_MCEERR_AR = 4;
const BUS_MCEERR_AO = 5;
const SEGV_BNDERR = 3;
const SEGV_PKUERR = 4;
const TRAP_PERF = 6;

/** si_code values any signal may carry (asm-generic/siginfo.h). */
const SI_CODES = enumTable('SI_', [
  [0, 'SI_USER'],
  [0x80, 'SI_KERNEL'],
  [-1, 'SI_QUEUE'],
  [-2, 'SI_TIMER'],
  [-3, 'SI_MESGQ'],
  [-4, 'SI_ASYNCIO'],
  [-5, 'SI_SIGIO'],
  [-6, 'SI_TKILL'],
  [-7, 'SI_DETHREAD'],
  [-60, 'SI_ASYNCNL'],
]);

/** si_code values of one signal, looked up when the common ones do not name it. */
const CODES_BY_SIGNAL: ReadonlyMap<number, EnumTable> = new Map([
  [SIGILL, enumTable('ILL_', [[1, 'ILL_ILLOPC'], [2, 'ILL_ILLOPN'], [3, 'ILL_ILLADR'], [4, 'ILL_ILLTRP'], [5, 'ILL_PRVOPC'], [6, 'ILL_PRVREG'], [7, 'ILL_COPROC'], [8, 'ILL_BADSTK'], [9, 'ILL_BADIADDR']])],
  [SIGTRAP, enumTable('TRAP_', [[1, 'TRAP_BRKPT'], [2, 'TRAP_TRACE'], [3, 'TRAP_BRANCH'], [4, 'TRAP_HWBKPT'], [5, 'TRAP_UNK'], [6, 'TRAP_PERF']])],
  [SIGBUS, enumTable('BUS_', [[1, 'BUS_ADRALN'], [2, 'BUS_ADRERR'], [3, 'BUS_OBJERR'], [4, 'BUS_MCEERR_AR'], [5, 'BUS_MCEERR_AO']])],
  [
    SIGFPE,
    enumTable('FPE_', [[1, 'FPE_INTDIV'], [2, 'FPE_INTOVF'], [3, 'FPE_FLTDIV'], [4, 'FPE_FLTOVF'], [5, 'FPE_FLTUND'], [6, 'FPE_FLTRES'], [7, 'FPE_FLTINV'], [8, 'FPE_FLTSUB'], [14, 'FPE_FLTUNK'], [15, 'FPE_CONDTRAP']]),
  ],
  [
    SIGSEGV,
    enumTable('SEGV_', [[1, 'SEGV_MAPERR'], [2, 'SEGV_ACCERR'], [3, 'SEGV_BNDERR'], [4, 'SEGV_PKUERR'], [5, 'SEGV_ACCADI'], [6, 'SEGV_ADIDERR'], [7, 'SEGV_ADIPERR'], [8, 'SEGV_MTEAERR'], [9, 'SEGV_MTESERR'], [10, 'SEGV_CPERR']]),
  ],
  [SIGCHLD, enumTable('CLD_', [[1, 'CLD_EXITED'], [2, 'CLD_KILLED'], [3, 'CLD_DUMPED'], [4, 'CLD_TRAPPED'], [5, 'CLD_STOPPED'], [6, 'CLD_CONTINUED']])],
  [SIGIO, enumTable('POLL_', [[1, 'POLL_IN'], [2, 'POLL_OUT'], [3, 'POLL_MSG'], [4, 'POLL_ERR'], [5, 'POLL_PRI'], [6, 'POLL_HUP']])],
  [SIGPROF, enumTable('PROF_', [[1, 'PROF_SIG']])],
  [SIGSYS, enumTable('SYS_', [[1, 'SYS_SECCOMP'], [2, 'SYS_USER_DISPATCH']])],
]);

const AUDIT_ARCHES = enumTable('AUDIT_ARCH_', [
  [0xc000003en, 'AUDIT_ARCH_X86_64'],
  [0x40000003n, 'AUDIT_ARCH_I386'],
]);

const PERF_TYPES = enumTable('PERF_TYPE_', [[0, 'PERF_TYPE_HARDWARE'], [1, 'PERF_TYPE_SOFTWARE'], [2, 'PERF_TYPE_TRACEPOINT'], [3, 'PERF_TYPE_HW_CACHE'], [4, 'PERF_TYPE_RAW'], [5, 'PERF_TYPE_BREAKPOINT']]);
const TRAP_PERF_FLAGS = flagTable('TRAP_PERF_FLAG_', [[1n << 31n, 'TRAP_PERF_FLAG_ASYNC']]);

/** si_code as strace prints it: the common name, the signal's own, else hex. */
export function siCodeName(code: number, signo: number): string {
  const value = BigInt(code);
  const common = SI_CODES.names.get(value);
  if (common !== undefined) return common;
  const own = CODES_BY_SIGNAL.get(signo)?.names.get(value);
  return own ?? hex(BigInt.asUintN(32, value));
}

/** One printed member of a siginfo: `name=text`; `json` is its value in --json output. */
export interface SiginfoField {
  readonly name: string;
  readonly text: string;
  readonly json: number | string;
}

class Reader {
  private readonly view: DataView;
  constructor(bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  i32(offset: number): number {
    return this.view.getInt32(offset, true);
  }
  u32(offset: number): number {
    return this.view.getUint32(offset, true);
  }
  i64(offset: number): bigint {
    return this.view.getBigInt64(offset, true);
  }
  u64(offset: number): bigint {
    return this.view.getBigUint64(offset, true);
  }
}

/** A pointer as strace's PRINT_FIELD_PTR: NULL or hex. */
function pointer(value: bigint): string {
  return value === 0n ? 'NULL' : hex(value);
}

/** A value exact in JSON: a number when it is a safe integer, else its decimal text. */
function jsonInt(value: bigint): number | string {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
}

// x86-64 layout: si_signo 0, si_errno 4, si_code 8, the union at 16.
const OFF_A = 16; // si_pid, si_timerid, si_addr, si_band, si_call_addr
const OFF_B = 20; // si_uid, si_overrun
const OFF_C = 24; // si_value, si_status, si_fd, si_syscall, si_trapno, si_perf_data
const OFF_D = 28; // si_arch
const OFF_E = 32; // si_utime, si_lower, si_pkey, si_perf_type
const OFF_F = 36; // si_perf_flags
const OFF_G = 40; // si_stime, si_upper

/**
 * The members strace prints for a siginfo, in its order, or undefined when
 * @bytes is shorter than the kernel's struct (a malformed field).
 */
export function decodeSiginfo(bytes: Uint8Array): SiginfoField[] | undefined {
  if (bytes.length < SIGINFO_BYTES) return undefined;
  const r = new Reader(bytes);
  const signo = r.i32(0);
  const errno = r.i32(4);
  const code = r.i32(8);
  const out: SiginfoField[] = [];
  const int = (name: string, value: number) => out.push({ name, text: String(value), json: value });
  const big = (name: string, value: bigint) => out.push({ name, text: value.toString(), json: jsonInt(value) });
  const ptr = (name: string, value: bigint) => out.push({ name, text: pointer(value), json: pointer(value) });
  const named = (name: string, text: string) => out.push({ name, text, json: text });
  // A clock_t in ticks (USER_HZ, 100 on x86-64): strace adds the seconds when not 0.
  const ticks = (name: string, value: bigint) => {
    const secs = value === 0n ? '' : ` /* ${value / 100n}.${(value % 100n).toString().padStart(2, '0')} s */`;
    out.push({ name, text: `${value}${secs}`, json: jsonInt(value) });
  };
  if (signo === 0) return out; // strace prints `{}`
  named('si_signo', signalName(signo));
  named('si_code', siCodeName(code, signo));
  if (errno !== 0) named('si_errno', errnoName(errno >>> 0) ?? String(errno >>> 0));
  const source = () => {
    int('si_pid', r.i32(OFF_A));
    int('si_uid', r.u32(OFF_B));
  };
  const sigval = () => {
    int('si_int', r.i32(OFF_C));
    ptr('si_ptr', r.u64(OFF_C));
  };
  if (code <= 0) {
    // Sent by a process (kill, tgkill, sigqueue, a POSIX timer, mq_notify, ...).
    switch (code) {
      case SI_USER:
      case SI_TKILL:
        source();
        break;
      case SI_TIMER:
        named('si_timerid', hex(BigInt(r.u32(OFF_A))));
        int('si_overrun', r.i32(OFF_B));
        sigval();
        break;
      case SI_SIGIO:
        big('si_band', r.i64(OFF_A));
        int('si_fd', r.i32(OFF_C));
        break;
      default:
        source();
        if (r.u64(OFF_C) !== 0n) sigval();
    }
    return out;
  }
  switch (signo) {
    case SIGCHLD:
      source();
      if (code === CLD_EXITED) int('si_status', r.i32(OFF_C));
      else named('si_status', signalName(r.i32(OFF_C)));
      ticks('si_utime', r.i64(OFF_E));
      ticks('si_stime', r.i64(OFF_G));
      break;
    case SIGILL:
    case SIGFPE:
      ptr('si_addr', r.u64(OFF_A));
      break;
    case SIGBUS:
      ptr('si_addr', r.u64(OFF_A));
      if (code === BUS_MCEERR_AR || code === BUS_MCEERR_AO) named('si_addr_lsb', hex(BigInt(r.i32(OFF_C) & 0xffff)));
      break;
    case SIGSEGV:
      ptr('si_addr', r.u64(OFF_A));
      if (code === SEGV_BNDERR) {
        ptr('si_lower', r.u64(OFF_E));
        ptr('si_upper', r.u64(OFF_G));
      } else if (code === SEGV_PKUERR) {
        int('si_pkey', r.u32(OFF_E));
      }
      break;
    case SIGTRAP:
      ptr('si_addr', r.u64(OFF_A));
      if (code === TRAP_PERF) {
        named('si_perf_data', hex(r.u64(OFF_C)));
        named('si_perf_type', formatEnum(BigInt(r.u32(OFF_E)), PERF_TYPES));
        named('si_perf_flags', formatFlags(BigInt(r.u32(OFF_F)), TRAP_PERF_FLAGS));
      }
      break;
    case SIGIO:
      if (code >= 1 && code <= 3) {
        big('si_band', r.i64(OFF_A));
        int('si_fd', r.i32(OFF_C));
      }
      break;
    case SIGSYS: {
      ptr('si_call_addr', r.u64(OFF_A));
      const nr = r.i32(OFF_C);
      const arch = r.u32(OFF_D);
      const name = arch === 0xc000003e ? syscallName(nr) : undefined;
      named('si_syscall', name === undefined ? String(nr) : `__NR_${name}`);
      named('si_arch', formatEnum(BigInt(arch), AUDIT_ARCHES));
      break;
    }
    default:
      // Sent by the kernel (SI_KERNEL, ...): the sender and value only when set.
      if (r.i32(OFF_A) !== 0 || r.u32(OFF_B) !== 0) source();
      if (r.u64(OFF_C) !== 0n) sigval();
  }
  return out;
}

/** `{si_signo=SIGx, ...}` */
export function formatSiginfo(fields: readonly SiginfoField[]): string {
  return `{${fields.map((f) => `${f.name}=${f.text}`).join(', ')}}`;
}

/** What a signal_deliver record gives the view. */
export interface DeliveredSignal {
  readonly signo: number;
  /** si_code as the tracepoint gives it (SI_USER for a signal without siginfo). */
  readonly code: number;
  /** The captured siginfo; undefined when the kernel had none (a task dying in a group exit). */
  readonly siginfo?: Uint8Array;
}

/**
 * The siginfo members of a delivery: decoded from the captured bytes, or,
 * from a module that did not capture them, the signal and code alone.
 */
export function deliveredFields(signal: DeliveredSignal): SiginfoField[] {
  const decoded = signal.siginfo === undefined ? undefined : decodeSiginfo(signal.siginfo);
  if (decoded !== undefined) return decoded;
  const name = signalName(signal.signo);
  return [
    { name: 'si_signo', text: name, json: name },
    { name: 'si_code', text: siCodeName(signal.code, signal.signo), json: siCodeName(signal.code, signal.signo) },
  ];
}

/**
 * Whether strace would show this delivery at all: never SIGKILL (a ptracer
 * never sees it delivered), and so not the SIGKILL the kernel hands a task
 * that already dies in a group exit (no siginfo): its `+++ killed by +++`
 * line says how it ended.
 */
export function shownDelivery(signal: DeliveredSignal): boolean {
  return signal.signo !== SIGKILL;
}

/** `--- SIGCHLD {si_signo=SIGCHLD, ...} ---` */
export function formatSignalLine(signal: DeliveredSignal): string {
  return `--- ${signalName(signal.signo)} ${formatSiginfo(deliveredFields(signal))} ---`;
}

/** How a thread ended, from proc_exit's wait status (task->exit_code). */
export type ExitStatus = { readonly exited: number } | { readonly signal: number; readonly coreDumped: boolean };

export function exitStatusOf(code: number): ExitStatus {
  const signal = code & 0x7f;
  if (signal === 0) return { exited: (code >> 8) & 0xff };
  return { signal, coreDumped: (code & 0x80) !== 0 };
}

/** `+++ exited with N +++` or `+++ killed by SIGx (core dumped) +++`. */
export function formatExitLine(status: ExitStatus): string {
  if ('exited' in status) return `+++ exited with ${status.exited} +++`;
  return `+++ killed by ${signalName(status.signal)}${status.coreDumped ? ' (core dumped)' : ''} +++`;
}

/** A signal number from a name (`SIGUSR1`, `usr1`, `SIGRTMIN`, `SIGRT_3`) or a number, as strace's -e signal= reads it. */
export function signalNumber(text: string): number | undefined {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n >= 1 && n <= 64 ? n : undefined;
  }
  const upper = text.toUpperCase();
  const name = upper.startsWith('SIG') ? upper : `SIG${upper}`;
  for (let n = 1; n <= 64; n++) if (signalName(n) === name) return n;
  return undefined;
}

/** Which signals' `--- ... ---` lines print. */
export type SignalFilter = (signo: number) => boolean;

/**
 * Parses strace's -e signal=SET: a comma list of names or numbers, `all`
 * or `none`, a leading `!` for the complement. Throws on an unknown name.
 */
export function parseSignalExpression(expression: string): SignalFilter {
  const negate = expression.startsWith('!');
  const items = (negate ? expression.slice(1) : expression)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (items.length === 0) throw new Error('empty signal list (use signal=none to show none)');
  const set = new Set<number>();
  let all = false;
  for (const item of items) {
    if (item === 'all') all = true;
    else if (item === 'none') continue;
    else {
      const n = signalNumber(item);
      if (n === undefined) throw new Error(`invalid signal '${item}'`);
      set.add(n);
    }
  }
  const selected: SignalFilter = (signo) => all || set.has(signo);
  return negate ? (signo) => !selected(signo) : selected;
}
