// Which file descriptors 3 and up ktrace's caller passed it, for the commands
// it starts: strace's command keeps them, so ktrace run's must too.
import * as fs from 'node:fs';

/**
 * Set by bin/ktrace, the launcher: the caller's descriptors 3 and up that are
 * not close-on-exec, as it found them in /proc before node started. Node marks
 * every descriptor from 0 to 15 (and on, while they are open) close-on-exec
 * before any JavaScript runs, so from inside node the caller's descriptors in
 * that range look like node's own (all opened close-on-exec).
 */
export const CALLER_FDS_ENV = 'KTRACE_CALLER_FDS';
const NO_PWD_ENV = 'KTRACE_CALLER_NO_PWD';

const O_CLOEXEC = 0o2000000;

/** Whether a /proc/PID/fdinfo/N text says close-on-exec; undefined without a flags line. */
export function closeOnExec(fdinfo: string): boolean | undefined {
  const m = /^flags:\s+([0-7]+)$/m.exec(fdinfo);
  return m ? (parseInt(m[1], 8) & O_CLOEXEC) !== 0 : undefined;
}

/**
 * The caller's descriptors from @launcherList (the launcher's space-separated
 * numbers, when it ran) and @fdinfo (each descriptor open now, 3 and up, with
 * its fdinfo text): the launcher's that are still open, and every one not
 * close-on-exec, which only a caller can have passed (above the range node
 * marks). Ascending, each once.
 */
export function selectCallerFds(launcherList: string | undefined, fdinfo: ReadonlyMap<number, string>): number[] {
  const fds = new Set<number>();
  for (const word of (launcherList ?? '').split(' ')) {
    if (!/^\d+$/.test(word)) continue;
    const fd = Number(word);
    if (fd >= 3 && fdinfo.has(fd)) fds.add(fd);
  }
  for (const [fd, text] of fdinfo) if (fd >= 3 && closeOnExec(text) === false) fds.add(fd);
  return [...fds].sort((a, b) => a - b);
}

/** Each descriptor of this process 3 and up with its fdinfo text (none without /proc). */
function openFds(): Map<number, string> {
  const out = new Map<number, string>();
  let names: string[];
  try {
    names = fs.readdirSync('/proc/self/fdinfo');
  } catch {
    return out;
  }
  for (const name of names) {
    const fd = Number(name);
    if (!(fd >= 3)) continue;
    try {
      out.set(fd, fs.readFileSync(`/proc/self/fdinfo/${name}`, 'utf8'));
    } catch {
      // The directory's own descriptor, closed by now.
    }
  }
  return out;
}

let noted: readonly number[] | undefined;

/**
 * Finds the caller's descriptors; called first thing at startup, before
 * ktrace opens anything. Removes the launcher's variable from the
 * environment: the commands ktrace starts do not see it.
 */
export function noteCallerFds(): void {
  noted = selectCallerFds(process.env[CALLER_FDS_ENV], openFds());
  delete process.env[CALLER_FDS_ENV];
  // The launcher's shell added PWD to an environment without it.
  if (process.env[NO_PWD_ENV] === '1') delete process.env.PWD;
  delete process.env[NO_PWD_ENV];
}

/** The caller's descriptors 3 and up (see noteCallerFds), ascending. */
export function callerFds(): readonly number[] {
  if (noted === undefined) noteCallerFds();
  return noted ?? [];
}
