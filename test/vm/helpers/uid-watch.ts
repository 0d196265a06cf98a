// Run as uid 1000 by isolation-adversarial.test.ts: a reader of every event
// and variable that tries to see other users' records, and reports what it
// got as one "summary {json}" line.
//   uid-watch system MILLIS [FOREIGN_PID...]  system-wide for MILLIS ms, after
//                                            trying to target each foreign pid
//   uid-watch follow PROGRAM [ARG...]        follows a child it starts (held
//                                            until the reader runs) that execs PROGRAM
import { FIELDS, FieldTag } from '../../../frontend/src/abi/abi';
import { StreamDecoder } from '../../../frontend/src/decode';
import { IoctlError } from '../../../frontend/src/device/ioctl-binding';
import { drain, openReader, spawnHeldWaiting } from '../lib/readers';

const SYS_GETEUID = 107;
const SYS_GETPPID = 110;
const KADDR_TAGS = FIELDS.filter((f) => f.type === 'KADDR').map((f) => f.tag);

export interface WatchSummary {
  targetErrnos: Record<string, string>;
  events: number;
  /** Records whose uid or euid is not this reader's. */
  foreign: number;
  kernelAddresses: number;
  /** geteuid() results of 0 (calls made as root) and of our own uid. */
  rootEuidResults: number;
  ownEuidResults: number;
  pids: number[];
  /** getppid() results per pid. */
  getppidByPid: Record<string, number>;
}

function summarize(stream: Uint8Array, targetErrnos: Record<string, string>): WatchSummary {
  const me = process.getuid?.() ?? -1;
  const summary: WatchSummary = { targetErrnos, events: 0, foreign: 0, kernelAddresses: 0, rootEuidResults: 0, ownEuidResults: 0, pids: [], getppidByPid: {} };
  const pids = new Set<number>();
  const decoder = new StreamDecoder();
  decoder.push(stream);
  for (let next = decoder.next(); next.kind === 'record'; next = decoder.next()) {
    const r = next.record;
    if (r.type !== 'event') continue;
    summary.events++;
    pids.add(r.get(FieldTag.PID));
    if (r.get(FieldTag.UID) !== me || r.get(FieldTag.EUID) !== me) summary.foreign++;
    if (KADDR_TAGS.some((t) => r.getBigInt(t) !== 0n)) summary.kernelAddresses++;
    if (r.eventName === 'sys_exit' && r.get(FieldTag.SYSNO) === SYS_GETPPID) {
      const pid = String(r.get(FieldTag.PID));
      summary.getppidByPid[pid] = (summary.getppidByPid[pid] ?? 0) + 1;
    }
    if (r.eventName === 'sys_exit' && r.get(FieldTag.SYSNO) === SYS_GETEUID) {
      if (r.get(FieldTag.RET) === 0) summary.rootEuidResults++;
      else if (r.get(FieldTag.RET) === me) summary.ownEuidResults++;
    }
  }
  summary.pids = [...pids];
  return summary;
}

async function main(): Promise<void> {
  const [mode, ...rest] = process.argv.slice(2);
  // Every family an unprivileged reader may ask for at the default paranoid level.
  const dev = openReader({ events: ['syscall', 'proc', 'signal', 'fault'], vars: ['all'] });
  const targetErrnos: Record<string, string> = {};
  if (mode === 'system') {
    for (const pid of rest.slice(1)) {
      try {
        dev.setTarget(Number(pid), false);
        targetErrnos[pid] = 'no error';
      } catch (err) {
        targetErrnos[pid] = err instanceof IoctlError ? err.code : String(err);
      }
    }
    dev.setTarget(0, false);
    dev.start();
    process.stdout.write('started\n');
    await new Promise((r) => setTimeout(r, Number(rest[0])));
  } else if (mode === 'follow') {
    // Waiting on its gate: the shell's own start-up (getppid() for $PPID) is not traced.
    const child = await spawnHeldWaiting(rest[0], rest.slice(1), 'inherit');
    dev.setTarget(child.pid, true);
    dev.start();
    child.release();
    await child.exited;
  } else throw new Error(`uid-watch: unknown mode ${mode}`);
  dev.stop();
  const summary = summarize(await drain(dev), targetErrnos);
  dev.close();
  process.stdout.write(`summary ${JSON.stringify(summary)}\n`);
}

main().catch((err) => {
  process.stderr.write(String(err) + '\n');
  process.exitCode = 1;
});
