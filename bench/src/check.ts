// CI's check of `npm run bench -- --quick --out DIR`: every JSON in DIR has
// the figures the table and the docs are made of. No timing is judged.
// Writes the summary reporter's JSON to $KTRACE_RESULTS.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MSG_VARIANTS, type BenchResult } from './types';

/** Messages besides the loop's own in a msg recording of it: the held shell's gate, run_timed's and rr_loop's output lines. */
const MSG_TOOL_LINES = 3;

const isCount = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** What is wrong with @r, empty when it is well-formed. */
export function problems(r: BenchResult): string[] {
  const out: string[] = [];
  const want = (ok: boolean, what: string) => ok || out.push(what);
  want(typeof r.kernel === 'string' && /^\d{4}-\d\d-\d\d$/.test(r.date), 'kernel and date');
  for (const boot of [r.boot, r.smp1]) {
    if (!boot) continue;
    want(boot.workloads?.length === 2, `${boot.smp} vCPUs: two workloads`);
    for (const w of boot.workloads ?? []) {
      want(isCount(w.events) && w.events > 0, `${w.name}: events`);
      for (const v of ['untraced', 'emptyProbe', 'ktrace'] as const) want(isCount(w.seconds[v]), `${w.name}: ${v} seconds`);
    }
  }
  want(!!r.smp1, 'the --smp 1 boot');
  // LTTng, the peer known for the lowest cost per event (scripts/install-deps installs it): timed and its trace written.
  for (const w of r.boot.workloads ?? []) {
    want(isCount(w.seconds.lttng) && (w.lttngDiscarded ?? []).every(isCount) && (w.lttngBytes ?? []).length > 0 && (w.lttngBytes ?? []).every((b) => b > 0), `${w.name}: lttng`);
  }
  want(isCount(r.boot.loss?.lostDefault), 'loss');
  want(isCount(r.boot.readRate?.raw.bytes) && isCount(r.boot.readRate?.record.bytes) && isCount(r.boot.readRate?.spans?.bytes), 'read rates (records, spans, ktrace record)');
  want(isCount(r.boot.size?.ktraceBytes) && isCount(r.boot.size?.perfBytes), 'sizes');
  want(isCount(r.boot.memory?.recordPeakRssKb), 'memory');
  // --no-loss on a flood: every call's two records, nothing lost (the usual recording may lose some).
  const nl = r.boot.noLoss;
  want(!!nl && isCount(nl.untraced) && isCount(nl.lossy.seconds) && isCount(nl.noLoss.seconds) && nl.noLoss.lost === 0 && nl.noLoss.records >= nl.events, 'no-loss flood');
  // Every hit is a record or a counted loss: the bench's own exactness check.
  const u = r.boot.usdt;
  want(!!u && isCount(u.seconds.untraced) && isCount(u.seconds.ktrace) && u.ktraceRecords + u.ktraceLost === u.n, 'usdt: ktrace saw every hit');
  // --quick watches the dashboard on every kernel, a full run on its first.
  const dash = r.boot.dashboard;
  if (r.quick || dash) want(!!dash && dash.rssKb.length > 0 && dash.rssKb.every(isCount) && / rec\/s \| (behind [\d.]+s \| )?lost /.test(dash.statusLine), 'dashboard memory');
  want(isCount(r.decode?.records) && (r.decode?.records ?? 0) > 0, 'decode');
  // The msg family on the request/response loop, both transports; every message a record or a counted
  // loss: the loop's, and the 3 that rr_loop, run_timed and the held shell pass through socket pipes.
  const msg = r.boot.msg ?? [];
  want(msg.map((m) => m.transport).join() === 'unix,tcp', 'msg: unix and tcp loops');
  for (const m of msg) {
    for (const v of MSG_VARIANTS) want(isCount(m.seconds[v]), `msg ${m.transport}: ${v} seconds`);
    want(m.messages >= 4 * m.n && m.msgRecords + m.msgLost === m.messages + MSG_TOOL_LINES, `msg ${m.transport}: ktrace saw every message`);
    want(isCount(m.syscallRecords) && m.syscallRecords > 0, `msg ${m.transport}: syscall records`);
  }
  return out;
}

function main(dir: string): number {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
  let failures = files.length ? 0 : 1;
  for (const file of files) {
    let found: string[];
    try {
      found = problems(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as BenchResult);
    } catch (err) {
      found = [(err as Error).message];
    }
    if (found.length) {
      failures++;
      process.stderr.write(`bench: ${file}: missing or malformed: ${found.join(', ')}\n`);
    }
  }
  if (!files.length) process.stderr.write(`bench: no results in ${dir}\n`);
  const summary = { passes: failures ? 0 : 1, failures: failures ? 1 : 0, pending: 0 };
  if (process.env.KTRACE_RESULTS) fs.writeFileSync(process.env.KTRACE_RESULTS, JSON.stringify(summary) + '\n');
  process.stdout.write(`bench: ${failures ? 'malformed results' : `${files.length} well-formed result(s)`} in ${dir}\n`);
  return failures ? 1 : 0;
}

if (require.main === module) process.exitCode = main(process.argv[2] ?? 'build/bench-ci');
