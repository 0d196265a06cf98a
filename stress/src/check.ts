// Cross-checks one reader's stream against the full-snapshot reference
// reader of the same run: every record must exist there with the same
// values for the fields this reader asked for, and whatever the reference
// saw that the reader's filters pass must be in the reader's stream unless
// the reader was told that many records were lost on that CPU.
import { CONTEXT_FIELDS, COMMON_FIELDS, EVENTS, fieldByTag, isStringField, tagNamed } from '../../frontend/src/abi/abi';
import { bytesSource, readRecords } from '../../frontend/src/decode';
import type { DecodedRecord, EventRecord } from '../../frontend/src/decode/types';

const CPU = tagNamed('cpu');
const PID = tagNamed('pid');
const TID = tagNamed('tid');

export interface ReaderConfig {
  events: readonly string[];
  /** Variables the reader selected; the stress always adds `cpu` (the gap check needs it). */
  vars: readonly string[];
  /** Thread group to follow, 0 for system-wide. */
  target: number;
}

/** What one reader read between two (re)starts of its stream. */
export interface Segment {
  reader: number;
  config: ReaderConfig;
  bytes: Uint8Array;
}

export interface SegmentResult {
  records: number;
  /** Records found in the reference at the same time, event and thread. */
  matched: number;
  /** Records the reference does not have (a defect unless the reference lost records). */
  unmatched: number;
  /** Field values that differ from the reference's, described. */
  mismatches: string[];
  mismatchCount: number;
  /** Reference records that pass the reader's filters but are missing, per CPU, inside the reader's window. */
  gaps: Map<number, number>;
  /** Records the reader was told it lost, per CPU. */
  lost: Map<number, number>;
  malformed?: string;
}

/** Per event bit, the integer fields a reader with @config receives. */
function comparedTags(config: ReaderConfig): Map<number, number[]> {
  const vars = new Set(config.vars);
  const byEvent = new Map<number, number[]>();
  for (const event of EVENTS) {
    const candidates = [...CONTEXT_FIELDS, ...COMMON_FIELDS, ...event.fields];
    const tags = candidates.filter((tag) => {
      const field = fieldByTag(tag);
      if (!field || isStringField(tag)) return false;
      return field.variable === 'param' ? event.fields.includes(tag) : vars.has(field.variable);
    });
    byEvent.set(event.bit, [...new Set(tags)]);
  }
  return byEvent;
}

function passesFilters(r: EventRecord, config: ReaderConfig, eventBits: Set<number>): boolean {
  return eventBits.has(r.eventBit) && (config.target === 0 || r.get(PID) === config.target);
}

const MAX_DESCRIBED = 10;

/** One segment being walked beside the reference. */
interface Cursor {
  segment: Segment;
  result: SegmentResult;
  records: AsyncIterator<DecodedRecord>;
  current: EventRecord | undefined;
  /** The reader's window on each CPU: it starts and stops per CPU. */
  windows: Map<number, { first: bigint; last: bigint }>;
  start: bigint;
  tags: Map<number, number[]>;
  eventBits: Set<number>;
  /** Without the pid variable the reader's records carry no thread: time and event identify them. */
  hasThread: boolean;
}

async function nextEvent(records: AsyncIterator<DecodedRecord>): Promise<EventRecord | undefined> {
  for (;;) {
    const next = await records.next();
    if (next.done) return undefined;
    if (next.value.type === 'event') return next.value;
  }
}

/** First pass over a segment: counts, lost records and windows; undefined if it holds no event. */
async function openCursor(segment: Segment): Promise<{ cursor?: Cursor; result: SegmentResult }> {
  const result: SegmentResult = { records: 0, matched: 0, unmatched: 0, mismatches: [], mismatchCount: 0, gaps: new Map(), lost: new Map() };
  const windows = new Map<number, { first: bigint; last: bigint }>();
  const scan = readRecords(bytesSource(segment.bytes));
  for await (const r of scan) {
    if (scan.report.damage.length) break;
    if (r.type === 'lost') result.lost.set(r.srcCpu, (result.lost.get(r.srcCpu) ?? 0) + r.count);
    if (r.type !== 'event') continue;
    result.records++;
    const ts = r.tsBigInt();
    const w = windows.get(r.get(CPU));
    if (!w) windows.set(r.get(CPU), { first: ts, last: ts });
    else w.last = ts;
  }
  const damage = scan.report.damage[0];
  if (damage) {
    result.malformed = `reader ${segment.reader}: malformed at offset ${damage.offset}: ${damage.reason}`;
    return { result };
  }
  if (scan.report.trailingBytes) result.malformed = `reader ${segment.reader}: the stream ends inside a record`;
  if (!result.records) return { result };
  const records = readRecords(bytesSource(segment.bytes))[Symbol.asyncIterator]();
  const current = await nextEvent(records);
  const cursor: Cursor = {
    segment,
    result,
    records,
    current,
    windows,
    start: current!.tsBigInt(),
    tags: comparedTags(segment.config),
    eventBits: new Set(EVENTS.filter((e) => segment.config.events.includes(e.name)).map((e) => e.bit)),
    hasThread: segment.config.vars.includes('pid'),
  };
  return { cursor, result };
}

/** Advance @c past reference record @e: match and compare, or count it as a gap. */
async function step(c: Cursor, e: EventRecord, ts: bigint): Promise<void> {
  while (c.current && c.current.tsBigInt() < ts) {
    c.result.unmatched++;
    c.current = await nextEvent(c.records);
  }
  const r = c.current;
  if (r && r.tsBigInt() === ts && r.eventBit === e.eventBit && (!c.hasThread || r.get(TID) === e.get(TID))) {
    c.result.matched++;
    if (!passesFilters(e, c.segment.config, c.eventBits)) describe(c.result, `${r.eventName}@${ts} of pid ${e.get(PID)} passes none of the reader's filters`);
    for (const tag of c.tags.get(r.eventBit) ?? []) {
      const want = e.getBigInt(tag);
      const got = r.getBigInt(tag);
      if (want !== got) describe(c.result, `${r.eventName}@${ts} tid ${e.get(TID)}: ${fieldByTag(tag)?.name} ${got}, reference ${want}`);
    }
    c.current = await nextEvent(c.records);
    return;
  }
  const cpu = e.get(CPU);
  const w = c.windows.get(cpu);
  if (w && ts > w.first && ts < w.last && passesFilters(e, c.segment.config, c.eventBits)) c.result.gaps.set(cpu, (c.result.gaps.get(cpu) ?? 0) + 1);
}

/**
 * Checks every segment in one pass over the reference stream (decoding it
 * once, whatever the number of segments).
 */
export async function checkSegments(
  segments: readonly Segment[],
  reference: Uint8Array,
): Promise<{ results: SegmentResult[]; referenceRecords: number; referenceLost: number }> {
  const opened: { cursor?: Cursor; result: SegmentResult }[] = [];
  for (const segment of segments) opened.push(await openCursor(segment));
  const pending = opened.flatMap((o) => (o.cursor ? [o.cursor] : [])).sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  let active: Cursor[] = [];
  let nextPending = 0;
  let referenceRecords = 0;
  let referenceLost = 0;
  const ref = readRecords(bytesSource(reference));
  for await (const e of ref) {
    // The reference is checked up to its first damage, as the readers are.
    if (ref.report.damage.length) break;
    if (e.type === 'lost') referenceLost += e.count;
    if (e.type !== 'event') continue;
    referenceRecords++;
    const ts = e.tsBigInt();
    while (nextPending < pending.length && pending[nextPending].start <= ts) active.push(pending[nextPending++]);
    for (const c of active) await step(c, e, ts);
    if (active.some((c) => !c.current)) active = active.filter((c) => c.current);
  }
  // What no reference record matched.
  for (const c of [...active, ...pending.slice(nextPending)])
    for (; c.current; c.current = await nextEvent(c.records)) c.result.unmatched++;
  return { results: opened.map((o) => o.result), referenceRecords, referenceLost };
}

function describe(result: SegmentResult, what: string): void {
  result.mismatchCount++;
  if (result.mismatches.length < MAX_DESCRIBED) result.mismatches.push(what);
}
