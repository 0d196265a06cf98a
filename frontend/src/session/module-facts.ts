// Gathers the facts diagnoseMissingDevice() judges, from /sys, the EFI
// variables and the kernel log. Every source may be missing or unreadable.
import * as fs from 'node:fs';
import type { ModuleLoadFacts } from '../views/module-diagnosis';

const SECURE_BOOT_VAR = '/sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c';
/** Enough of a kernel log for any boot; a guard against a log that never ends. */
const MAX_LOG_RECORDS = 1 << 16;

function readText(path: string): string | undefined {
  try {
    return fs.readFileSync(path, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** The value byte of the SecureBoot variable (after its 4 attribute bytes). */
function secureBoot(): number | undefined {
  try {
    const bytes = fs.readFileSync(SECURE_BOOT_VAR);
    return bytes.length >= 5 ? bytes[4] : undefined;
  } catch {
    return undefined;
  }
}

/** The kernel log's messages, read from /dev/kmsg without blocking at its end; undefined if unreadable. */
function kernelLog(): string[] | undefined {
  let fd: number;
  try {
    fd = fs.openSync('/dev/kmsg', fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  const lines: string[] = [];
  const buf = Buffer.alloc(8192);
  try {
    for (let i = 0; i < MAX_LOG_RECORDS; i++) {
      let n: number;
      try {
        n = fs.readSync(fd, buf, 0, buf.length, null);
      } catch (err) {
        const code = (err as { code?: string }).code;
        // EPIPE: a record was overwritten while reading; the next read goes on.
        if (code === 'EPIPE') continue;
        if (code === 'EAGAIN') break;
        return undefined;
      }
      if (n === 0) break;
      // "prio,seq,usec,flags;message\n"
      const record = buf.toString('utf8', 0, n);
      lines.push(record.slice(record.indexOf(';') + 1).split('\n')[0]);
    }
  } finally {
    fs.closeSync(fd);
  }
  return lines;
}

export function gatherModuleFacts(): ModuleLoadFacts {
  return {
    moduleLoaded: fs.existsSync('/sys/module/trace'),
    kernelLog: kernelLog(),
    lockdown: readText('/sys/kernel/security/lockdown'),
    sigEnforce: readText('/sys/module/module/parameters/sig_enforce'),
    secureBoot: secureBoot(),
  };
}
