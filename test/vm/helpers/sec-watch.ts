// Run (usually as uid 1000) by security.test.ts; prints one "summary {json}" line.
//   sec-watch read EVENTS VARS [PID]  a reader of EVENTS (comma list) and VARS,
//                                     system-wide or of PID (a pid in this
//                                     process's pid namespace); prints
//                                     "started" (or "error ERRNO" when the
//                                     module refuses), reads until stdin
//                                     ends, then summarizes what it got;
//                                     meanwhile a line "target PID" on stdin
//                                     is answered "target PID ok|ERRNO" (as
//                                     the target mode, without a new process)
//   sec-watch child EVENTS VARS PROG [ARG...]  a reader of EVENTS and VARS
//                                     that follows a child of its own, held
//                                     until it reads, that execs PROG; reads
//                                     until the child exits, summarizes
//   sec-watch target PID              whether SET_TARGET PID is allowed
//   sec-watch families                SET_EVENTS of each event family
//   sec-watch opens N                 opens up to N readers; prints what the
//                                     module says of this user's readers,
//                                     waits until stdin ends, closes them
//                                     and prints it again
import { EVENTS, FieldTag, FIELDS } from '../../../frontend/src/abi/abi';
import { IoctlError } from '../../../frontend/src/device/ioctl-binding';
import { TraceDevice } from '../../../frontend/src/device/trace-device';
import { spawnHeld } from '../../../frontend/src/session/held-child';
import { eventMask, varMask } from '../../../frontend/src/session/trace-options';
import { events, field, parseStream } from '../lib/ber-reference';
import { drain, openReader } from '../lib/readers';

const SYS_EXECVE = 59n;
const EXEC_FILENAME = FIELDS.find((f) => f.name === 'exec_filename')!.tag;
const STR_ARG0 = FIELDS.find((f) => f.name === 'str_arg0')!.tag;
const KADDR_TAGS = FIELDS.filter((f) => f.type === 'KADDR').map((f) => f.tag);

export interface PidSeen {
  /** Records of the process, by event name (sys_exit: by "sys_exit:NR"). */
  counts: Record<string, number>;
  comms: string[];
  execs: string[];
  /** execve's path and argv at its exit: "PATH|ARG ARG...". */
  execExits: string[];
  /** Its STR fields containing the SECRET environment variable's text. */
  secretHits: number;
}

export interface SecSummary {
  events: number;
  lost: number;
  kernelAddresses: number;
  /** STR fields containing the SECRET environment variable's text. */
  secretHits: number;
  /** execve/execveat entries that carried strings (path, argv). */
  execArgs: number;
  pids: Record<string, PidSeen>;
  stats: { recordsWritten: string; readers: number; activeReaders: number; recordsLost: string };
}

const errnoOf = (err: unknown) => (err instanceof IoctlError ? err.code : String(err));
// stdin: a first line (or its end) says go, its end says stop.
const stdin = { text: '', ended: false };
process.stdin.on('data', (d: Buffer) => (stdin.text += d.toString()));
process.stdin.on('end', () => (stdin.ended = true));
const until = async (cond: () => boolean) => {
  while (!cond()) await new Promise((r) => setTimeout(r, 20));
};
const stdinEnd = () => until(() => stdin.ended);
const stdinGo = () => until(() => stdin.ended || stdin.text.includes('\n'));

function chars(v: bigint): string {
  let s = '';
  for (let i = 0n; i < 8n; i++) {
    const b = Number((BigInt.asUintN(64, v) >> (8n * i)) & 0xffn);
    if (!b) break;
    s += String.fromCharCode(b);
  }
  return s;
}

function summarize(stream: Uint8Array, dev: TraceDevice): SecSummary {
  const secret = process.env.SECRET ?? '\0none';
  const records = parseStream(stream);
  const evs = events(records);
  const pids: Record<string, PidSeen> = {};
  const st = dev.stats();
  const summary: SecSummary = {
    events: evs.length,
    lost: records.filter((r) => r.kind === 'lost').length,
    kernelAddresses: 0,
    secretHits: 0,
    execArgs: 0,
    pids,
    stats: { recordsWritten: String(st.recordsWritten), readers: st.readers, activeReaders: st.activeReaders, recordsLost: String(st.recordsLost) },
  };
  for (const e of evs) {
    const pid = String(field(e, FieldTag.PID));
    const seen = (pids[pid] ??= { counts: {}, comms: [], execs: [], execExits: [], secretHits: 0 });
    const key = e.name === 'sys_exit' || e.name === 'sys_enter' ? `${e.name}:${field(e, FieldTag.SYSNO)}` : e.name;
    seen.counts[key] = (seen.counts[key] ?? 0) + 1;
    const comm = chars(field(e, FieldTag.COMM_LO)) + chars(field(e, FieldTag.COMM_HI));
    if (!seen.comms.includes(comm)) seen.comms.push(comm);
    for (const s of e.strings.values())
      if (Buffer.from(s.bytes).toString('latin1').includes(secret)) {
        summary.secretHits++;
        seen.secretHits++;
      }
    if (e.name === 'proc_exec') {
      const f = e.strings.get(EXEC_FILENAME);
      if (f) seen.execs.push(Buffer.from(f.bytes).toString('latin1'));
    }
    if (e.name === 'sys_enter' && field(e, FieldTag.SYSNO) === SYS_EXECVE && e.strings.size > 0) summary.execArgs++;
    if (e.name === 'sys_exit' && field(e, FieldTag.SYSNO) === SYS_EXECVE) {
      const text = (i: number) => Buffer.from(e.strings.get(STR_ARG0 + i)?.bytes ?? []).toString('latin1');
      seen.execExits.push(`${text(0)}|${text(1).split('\0').filter((a) => a).join(' ')}`);
    }
    if (KADDR_TAGS.some((t) => field(e, t) !== 0n)) summary.kernelAddresses++;
  }
  return summary;
}

/** Whether a fresh reader of this process may SET_TARGET @pid: "ok" or the errno. */
function targetAllowed(pid: number): string {
  const dev = openReader({ events: ['syscall'], vars: ['pid'] });
  try {
    dev.setTarget(pid, false);
    return 'ok';
  } catch (err) {
    return errnoOf(err);
  } finally {
    dev.close();
  }
}

/**
 * Reads @dev all along (a system-wide reader must not fall behind); rest(),
 * called after stop, waits for the read in flight, takes what is left and
 * returns all that was read.
 */
function collect(dev: TraceDevice): { rest: () => Promise<Buffer> } {
  const parts: Buffer[] = [];
  const pump = (async () => {
    for (;;) {
      const buf = Buffer.alloc(65536);
      const n = await dev.read(buf);
      if (n === 0) return;
      parts.push(buf.subarray(0, n));
    }
  })();
  return {
    rest: async () => {
      await pump;
      parts.push(await drain(dev));
      return Buffer.concat(parts);
    },
  };
}

async function main(): Promise<void> {
  const [mode, ...rest] = process.argv.slice(2);
  const print = (o: unknown) => process.stdout.write(`summary ${JSON.stringify(o)}\n`);
  if (mode === 'read') {
    const dev = TraceDevice.open();
    try {
      dev.setEvents(eventMask(rest[0].split(',')));
      dev.setVars(varMask(rest[1].split(',')));
      if (rest[2]) dev.setTarget(Number(rest[2]), false);
      dev.start();
    } catch (err) {
      process.stdout.write(`error ${errnoOf(err)}\n`);
      return;
    }
    process.stdout.write('started\n');
    let answered = 0;
    process.stdin.on('data', () => {
      const lines = stdin.text.split('\n').slice(0, -1);
      for (const line of lines.slice(answered)) {
        const m = /^target (\d+)$/.exec(line);
        if (m) process.stdout.write(`target ${m[1]} ${targetAllowed(Number(m[1]))}\n`);
      }
      answered = lines.length;
    });
    const collected = collect(dev);
    await stdinEnd();
    dev.stop();
    print(summarize(await collected.rest(), dev));
    dev.close();
  } else if (mode === 'child') {
    const dev = TraceDevice.open();
    dev.setEvents(eventMask(rest[0].split(',')));
    dev.setVars(varMask(rest[1].split(',')));
    const child = spawnHeld(rest[2], rest.slice(3), { stdio: 'ignore' });
    dev.setTarget(child.pid, true);
    dev.start();
    child.release();
    const collected = collect(dev);
    process.stdout.write(`child ${child.pid} ${await child.exited}\n`);
    dev.stop();
    print(summarize(await collected.rest(), dev));
    dev.close();
  } else if (mode === 'target') {
    print({ target: targetAllowed(Number(rest[0])) });
  } else if (mode === 'families') {
    const dev = TraceDevice.open();
    const result: Record<string, string> = {};
    for (const family of [...new Set(EVENTS.map((e) => e.family))]) {
      try {
        dev.setEvents(eventMask([family]));
        dev.start();
        dev.stop();
        result[family] = 'ok';
      } catch (err) {
        result[family] = errnoOf(err);
      }
    }
    dev.close();
    print(result);
  } else if (mode === 'opens') {
    process.stdout.write('ready\n');
    await stdinGo();
    const devs: TraceDevice[] = [];
    let errno = 'none';
    for (let i = 0; i < Number(rest[0]); i++) {
      try {
        devs.push(TraceDevice.open());
      } catch (err) {
        errno = (err as { code?: string }).code ?? String(err);
        break;
      }
    }
    const info = devs.length ? devs[0].info() : undefined;
    print({ opened: devs.length, errno, userReaders: info?.userReaders, userBytes: Number(info?.userBytes), readerBytes: info?.readerBytes });
    await stdinEnd();
    for (const d of devs) d.close();
    const after = TraceDevice.open();
    const info2 = after.info();
    after.close();
    // The reader asking is one of them.
    print({ userReaders: info2.userReaders, userBytes: Number(info2.userBytes) });
  } else throw new Error(`sec-watch: unknown mode ${mode}`);
}

main()
  .catch((err) => {
    process.stderr.write(`${String(err)}\n`);
    process.exitCode = 1;
  })
  .finally(() => process.stdin.destroy());
