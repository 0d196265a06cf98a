// What each traced process's file descriptors refer to, for strace's -y
// (`3</etc/passwd>`) and -P PATH, learned without the module's help: the
// descriptors a process had when the trace began (read from /proc by the
// command that starts or attaches to it), then the calls of the trace
// itself: open/openat/openat2/creat name a path, dup*/fcntl(F_DUPFD) copy
// one, close/close_range forget them, execve closes the close-on-exec ones,
// fork/clone copy (or with CLONE_FILES share) the table, chdir/fchdir move
// the base of relative paths, and the calls that make anonymous inodes
// (eventfd, epoll_create, signalfd, timerfd_create, inotify_init, pidfd_open)
// name them as /proc/PID/fd does.
//
// Limits, all of them honest gaps rather than guesses: a path is the one
// the call was given, made absolute and normalised lexically (strace reads
// /proc/PID/fd/N, where symbolic links are resolved); sockets and pipes made
// during the trace are printed as their bare number, since their inode is
// not in the trace (inherited ones show `socket:[N]` / `pipe:[N]` as /proc
// gives them); descriptors received over a socket (SCM_RIGHTS) or opened
// by calls not listed above are unknown, and so printed bare.
import { posix } from 'node:path';
import type { EndedCall } from './paired';
import { CallPairer } from './pairer';
import type { CapturedString, SyscallEvent } from './types';

const AT_FDCWD = -100;
const O_CLOEXEC = 0o2000000n;
const CLONE_FILES = 0x400n;
const CLONE_THREAD = 0x10000n;
const F_DUPFD = 0n;
const F_SETFD = 2n;
const F_DUPFD_CLOEXEC = 1030n;
const FD_CLOEXEC = 1n;
const CLOSE_RANGE_CLOEXEC = 4n;

/** One descriptor: what /proc/PID/fd/N would say, and its close-on-exec flag. */
export interface FdEntry {
  readonly path: string;
  readonly cloexec: boolean;
}

/** The paths of one process's descriptors at one moment (AT_FDCWD: its working directory). */
export type FdView = (fd: number) => string | undefined;

/**
 * The descriptors of one process (shared by the threads, and by
 * CLONE_FILES children). Copied on write once a view holds the map, so
 * a view keeps the moment it was taken.
 */
class FdTable {
  private map = new Map<number, FdEntry>();
  private viewed = false;
  /** Descriptors this process changed itself, kept when a late fork record copies the parent's. */
  readonly touched = new Set<number>();

  get fds(): ReadonlyMap<number, FdEntry> {
    return this.map;
  }

  /** The descriptors as they are now, unchanged by later calls. */
  frozen(): ReadonlyMap<number, FdEntry> {
    this.viewed = true;
    return this.map;
  }

  private writable(): Map<number, FdEntry> {
    if (this.viewed) {
      this.map = new Map(this.map);
      this.viewed = false;
    }
    return this.map;
  }

  /** What the trace began with, or a parent's copy: not a change of this process's own. */
  inherit(fd: number, entry: FdEntry): void {
    this.writable().set(fd, entry);
  }

  set(fd: number, path: string | undefined, cloexec: boolean): void {
    this.touched.add(fd);
    if (path === undefined) this.writable().delete(fd);
    else this.writable().set(fd, { path, cloexec });
  }

  setCloexec(fd: number, cloexec: boolean): void {
    const entry = this.map.get(fd);
    if (entry !== undefined) this.writable().set(fd, { path: entry.path, cloexec });
  }

  close(fd: number): void {
    this.touched.add(fd);
    this.writable().delete(fd);
  }
}

/** A descriptor the trace began with, as the command read it from /proc. */
export interface InitialFd {
  readonly fd: number;
  readonly path: string;
  readonly cloexec: boolean;
}

/** Anonymous inodes by the call that makes them: the link text of /proc/PID/fd/N. */
const ANON_INODES: { readonly [name: string]: string } = {
  eventfd: 'anon_inode:[eventfd]',
  eventfd2: 'anon_inode:[eventfd]',
  epoll_create: 'anon_inode:[eventpoll]',
  epoll_create1: 'anon_inode:[eventpoll]',
  signalfd: 'anon_inode:[signalfd]',
  signalfd4: 'anon_inode:[signalfd]',
  timerfd_create: 'anon_inode:[timerfd]',
  inotify_init: 'anon_inode:inotify',
  inotify_init1: 'anon_inode:inotify',
  pidfd_open: 'anon_inode:[pidfd]',
};

/** The argument whose flags hold O_CLOEXEC's bit (EFD_, TFD_, EPOLL_, IN_, SFD_, SOCK_CLOEXEC are all it). */
const CLOEXEC_FLAG_ARG: { readonly [name: string]: number | undefined } = {
  eventfd2: 1, epoll_create1: 0, signalfd4: 3, timerfd_create: 1, inotify_init1: 0, accept4: 3, socket: 1,
};

/** Calls whose result is a new descriptor (strace prints it with its path under -y). */
const RETURNS_FD: ReadonlySet<string> = new Set([
  'open', 'openat', 'openat2', 'creat', 'dup', 'dup2', 'dup3', 'socket', 'accept', 'accept4',
  'memfd_create', 'open_by_handle_at', 'fsopen', 'fsmount', 'open_tree', 'fspick', 'pidfd_getfd', 'perf_event_open',
  'bpf', 'userfaultfd', 'io_uring_setup', 'fanotify_init', 'landlock_create_ruleset',
  ...Object.keys(ANON_INODES),
]);

/** Whether @name's successful result is a file descriptor; fcntl's only for F_DUPFD*. */
export function returnsFd(name: string, raw: readonly bigint[] | undefined): boolean {
  if (name === 'fcntl') {
    const cmd = BigInt.asUintN(32, raw?.[1] ?? 0n);
    return cmd === F_DUPFD || cmd === F_DUPFD_CLOEXEC;
  }
  return RETURNS_FD.has(name);
}

function text(s: CapturedString | undefined): string | undefined {
  if (s === undefined || 'unavailable' in s) return undefined;
  const nul = s.bytes.indexOf(0);
  if (nul < 0 && s.truncated) return undefined;
  return Buffer.from(nul < 0 ? s.bytes : s.bytes.subarray(0, nul)).toString('latin1');
}

const int = (v: bigint | undefined): number => Number(BigInt.asIntN(32, v ?? 0n));

export class FdTracker {
  private readonly tables = new Map<number, FdTable>();
  private readonly cwds = new Map<number, string>();
  /** Pairs every entry with its exit, shown or not. */
  private readonly pairer = new CallPairer({ groupExitEnds: false });

  /** What the process @pid had open (and its working directory) when the trace began. */
  seed(pid: number, fds: readonly InitialFd[], cwd?: string): void {
    const table = this.tableOf(pid);
    for (const f of fds) table.inherit(f.fd, { path: f.path, cloexec: f.cloexec });
    if (cwd !== undefined) this.cwds.set(pid, cwd);
  }

  /** The path of @fd in process @pid, if known; of AT_FDCWD, its working directory. */
  pathOf(pid: number, fd: number): string | undefined {
    if (fd === AT_FDCWD) return this.cwds.get(pid);
    return this.tables.get(pid)?.fds.get(fd)?.path;
  }

  /** The absolute path @path names for @pid, relative to @dirfd; undefined if the base is unknown. */
  resolve(pid: number, dirfd: number, path: string): string | undefined {
    if (path.startsWith('/')) return posix.normalize(path);
    const base = dirfd === AT_FDCWD ? this.cwds.get(pid) : this.pathOf(pid, dirfd);
    if (base === undefined || !base.startsWith('/')) return undefined;
    return posix.normalize(path === '' ? base : posix.join(base, path));
  }

  /** What process @pid's descriptors refer to now, kept as it is now. */
  view(pid: number): FdView {
    const fds = this.tables.get(pid)?.frozen();
    const cwd = this.cwds.get(pid);
    return (fd) => (fd === AT_FDCWD ? cwd : fds?.get(fd)?.path);
  }

  /** Every entry and exit, in stream order (whether or not the view prints the call). */
  push(event: SyscallEvent): void {
    for (const item of this.pairer.push(event)) {
      if (item.kind === 'complete' || item.kind === 'resumed') this.apply(item.call);
    }
  }

  private tableOf(pid: number): FdTable {
    let table = this.tables.get(pid);
    if (table === undefined) this.tables.set(pid, (table = new FdTable()));
    return table;
  }

  /** A call that returned, both ends seen (an exit with another number than its entry's is in doubt: skipped). */
  private apply(call: EndedCall): void {
    const ret = call.ret;
    if (call.enterNs === undefined || ret === undefined || call.exitSysno !== call.sysno) return;
    const name = call.name;
    const failed = call.errno !== undefined;
    const a = call.raw ?? [];
    const pid = call.pid;
    if (name === 'close') {
      if (!failed || ret === -4n /* EINTR: closed anyway */) this.tableOf(pid).close(int(a[0]));
      return;
    }
    if (failed) return;
    const table = this.tableOf(pid);
    const fd = Number(BigInt.asIntN(32, ret));
    const path = (index: number): string | undefined => text(call.entryStrings?.get(index));
    switch (name) {
      case 'open':
      case 'creat': {
        const p = path(0);
        table.set(fd, p === undefined ? undefined : this.resolve(pid, AT_FDCWD, p), name === 'open' && (a[1] & O_CLOEXEC) !== 0n);
        return;
      }
      case 'openat': {
        const p = path(1);
        table.set(fd, p === undefined ? undefined : this.resolve(pid, int(a[0]), p), (a[2] & O_CLOEXEC) !== 0n);
        return;
      }
      case 'openat2': {
        // The flags are in struct open_how, which is not captured: close-on-exec unknown, taken as not.
        const p = path(1);
        table.set(fd, p === undefined ? undefined : this.resolve(pid, int(a[0]), p), false);
        return;
      }
      case 'dup':
        table.set(fd, table.fds.get(int(a[0]))?.path, false);
        return;
      case 'dup2':
      case 'dup3':
        if (int(a[0]) !== int(a[1]) || name === 'dup3') table.set(fd, table.fds.get(int(a[0]))?.path, name === 'dup3' && (a[2] & O_CLOEXEC) !== 0n);
        return;
      case 'fcntl': {
        const cmd = BigInt.asUintN(32, a[1] ?? 0n);
        if (cmd === F_DUPFD || cmd === F_DUPFD_CLOEXEC) table.set(fd, table.fds.get(int(a[0]))?.path, cmd === F_DUPFD_CLOEXEC);
        else if (cmd === F_SETFD) {
          table.setCloexec(int(a[0]), (a[2] & FD_CLOEXEC) !== 0n);
        }
        return;
      }
      case 'close_range': {
        const first = Number(BigInt.asUintN(32, a[0] ?? 0n));
        const last = Number(BigInt.asUintN(32, a[1] ?? 0n));
        const cloexec = (a[2] & CLOSE_RANGE_CLOEXEC) !== 0n;
        for (const n of [...table.fds.keys()]) {
          if (n < first || n > last) continue;
          if (cloexec) table.setCloexec(n, true);
          else table.close(n);
        }
        return;
      }
      case 'socket':
      case 'accept':
      case 'accept4':
        // A socket's inode is not in the trace: the number is known to be a socket, not which.
        table.set(fd, undefined, false);
        return;
      case 'pipe':
      case 'pipe2':
      case 'socketpair': {
        const mem = call.exitStrings?.get(name === 'socketpair' ? 3 : 0);
        if (mem !== undefined && !('unavailable' in mem) && mem.bytes.length >= 8) {
          const view = new DataView(mem.bytes.buffer, mem.bytes.byteOffset, 8);
          table.set(view.getInt32(0, true), undefined, false);
          table.set(view.getInt32(4, true), undefined, false);
        }
        return;
      }
      case 'chdir': {
        const p = path(0);
        const resolved = p === undefined ? undefined : this.resolve(pid, AT_FDCWD, p);
        if (resolved === undefined) this.cwds.delete(pid);
        else this.cwds.set(pid, resolved);
        return;
      }
      case 'fchdir': {
        const p = table.fds.get(int(a[0]))?.path;
        if (p?.startsWith('/')) this.cwds.set(pid, p);
        else this.cwds.delete(pid);
        return;
      }
      case 'execve':
      case 'execveat':
        for (const [n, entry] of [...table.fds]) if (entry.cloexec) table.close(n);
        return;
      case 'fork':
      case 'vfork':
        this.forked(pid, fd, false);
        return;
      case 'clone': {
        const flags = BigInt.asUintN(64, a[0] ?? 0n);
        if ((flags & CLONE_THREAD) === 0n) this.forked(pid, fd, (flags & CLONE_FILES) !== 0n);
        return;
      }
      case 'clone3':
        // struct clone_args is not captured: a thread (same pid) changes nothing; a new process gets a copy.
        if (fd !== pid) this.forked(pid, fd, false);
        return;
    }
    if (RETURNS_FD.has(name)) {
      const anon = Object.prototype.hasOwnProperty.call(ANON_INODES, name) ? ANON_INODES[name] : undefined;
      const flagsArg = CLOEXEC_FLAG_ARG[name];
      table.set(fd, anon, name === 'pidfd_open' || (flagsArg !== undefined && (a[flagsArg] & O_CLOEXEC) !== 0n));
    }
  }

  /**
   * Process @child was forked by @parent: it starts with a copy of the
   * parent's table (or the same table with CLONE_FILES). The child may
   * have run before its parent's return was recorded: what it changed
   * itself stays.
   */
  private forked(parent: number, child: number, shared: boolean): void {
    const from = this.tableOf(parent);
    const cwd = this.cwds.get(parent);
    if (cwd !== undefined && !this.cwds.has(child)) this.cwds.set(child, cwd);
    if (shared) {
      this.tables.set(child, from);
      return;
    }
    const to = this.tableOf(child);
    for (const [n, entry] of from.fds) if (!to.touched.has(n)) to.inherit(n, entry);
  }
}
