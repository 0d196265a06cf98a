// What a process has open when a trace of it begins, from /proc, for the
// strace view's -y and -P (views/strace/fds.ts follows it from there).
import * as fs from 'node:fs';
import type { InitialFd } from '../views/strace/fds';

const O_CLOEXEC = 0o2000000;

export interface ProcFds {
  readonly fds: InitialFd[];
  readonly cwd?: string;
}

/**
 * The descriptors of @pid with what /proc/PID/fd/N links to (a path,
 * `socket:[N]`, `pipe:[N]`, `anon_inode:...`) and their close-on-exec flag
 * (/proc/PID/fdinfo/N), and its working directory. What cannot be read
 * (the process is gone, or not ours to look at) is left out: those
 * descriptors print as bare numbers.
 */
export function readProcFds(pid: number, proc = '/proc'): ProcFds {
  const fds: InitialFd[] = [];
  let names: string[] = [];
  try {
    names = fs.readdirSync(`${proc}/${pid}/fd`);
  } catch {
    names = [];
  }
  for (const name of names) {
    const fd = Number(name);
    if (!Number.isInteger(fd)) continue;
    try {
      const path = fs.readlinkSync(`${proc}/${pid}/fd/${name}`);
      let cloexec = false;
      try {
        const flags = /^flags:\s*([0-7]+)/m.exec(fs.readFileSync(`${proc}/${pid}/fdinfo/${name}`, 'latin1'));
        cloexec = flags !== null && (parseInt(flags[1], 8) & O_CLOEXEC) !== 0;
      } catch {
        cloexec = false;
      }
      fds.push({ fd, path, cloexec });
    } catch {
      continue;
    }
  }
  let cwd: string | undefined;
  try {
    cwd = fs.readlinkSync(`${proc}/${pid}/cwd`);
  } catch {
    cwd = undefined;
  }
  return { fds: fds.sort((a, b) => a.fd - b.fd), cwd };
}
