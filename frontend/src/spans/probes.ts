// The zipkin:* probes libktrace-blkin fires, as ktrace probe specs whose
// formats make the module record their strings, and their decoding.
import * as fs from 'node:fs';
import type { EventRecord } from '../decode';
import { FieldTag } from '../abi/abi';
import type { ProbeSites } from '../usdt/attach';
import { readProbes } from '../usdt/notes';
import { parseProbeSpec, resolveProbe, type TraceProbe } from '../usdt/trace-probe';
import { siteOf, usdtValues, type UsdtValue } from '../views/usdt-line';
import { UserError } from '../user-error';
import type { Annotation } from './model';

/*
 * Argument order (lib/blkin/blkin.c): trace name, service, ip, event or key,
 * [string value], port, trace id, span id, parent span id, [integer value].
 */
const SPECS = {
  timestamp: '"%s %s %s %s %d %d %d %d", arg1, arg2, arg3, arg4, arg5, arg6, arg7, arg8',
  keyval_string: '"%s %s %s %s %s %d %d %d %d", arg1, arg2, arg3, arg4, arg5, arg6, arg7, arg8, arg9',
  keyval_integer: '"%s %s %s %s %d %d %d %d %d", arg1, arg2, arg3, arg4, arg5, arg6, arg7, arg8, arg9',
} as const;

type Kind = keyof typeof SPECS;
const KINDS = Object.keys(SPECS) as Kind[];

/** The zipkin probes of @file (all three, as libktrace-blkin has them); a UserError when it has none. */
export function blkinProbes(file: string): TraceProbe[] {
  if (!fs.existsSync(file)) throw new UserError(`${file}: no such file`, 2);
  const present = new Set(readProbes(file).filter((p) => p.provider === 'zipkin').map((p) => p.name));
  const kinds = KINDS.filter((k) => present.has(k));
  if (!kinds.length) throw new UserError(`${file} has no zipkin probes (link it with libktrace-blkin; \`ktrace usdt -l ${file}\` lists its probes)`, 2);
  return kinds.map((k) => resolveProbe(parseProbeSpec(`u:${file}:zipkin:${k} ${SPECS[k]}`)));
}

const utf8 = new TextDecoder('utf-8');

function text(v: UsdtValue | undefined): string {
  return v?.string ? utf8.decode(v.string.bytes) : '';
}

function int(v: UsdtValue | undefined): bigint {
  return v?.value ?? 0n;
}

/** The annotation a usdt record stands for; undefined for other probes (or one recorded without its strings). */
export function annotationOf(record: EventRecord, sites: ProbeSites): Annotation | undefined {
  const site = siteOf(record, sites);
  if (!site || site.location.provider !== 'zipkin') return undefined;
  const kind = site.location.name as Kind;
  if (!KINDS.includes(kind)) return undefined;
  if (!site.probe.stringArgs.has(0)) return undefined;
  const v = usdtValues(record, site);
  const base = { ts: record.tsBigInt(), pid: record.get(FieldTag.PID), tid: record.get(FieldTag.TID), traceName: text(v[0]), service: text(v[1]), ip: text(v[2]), key: text(v[3]) };
  const ids = (at: number) => ({
    port: Number(BigInt.asUintN(16, int(v[at]))),
    traceId: BigInt.asUintN(64, int(v[at + 1])),
    spanId: BigInt.asUintN(64, int(v[at + 2])),
    parentId: BigInt.asUintN(64, int(v[at + 3])),
  });
  switch (kind) {
    case 'timestamp':
      return { ...base, kind: 'timestamp', ...ids(4) };
    case 'keyval_string':
      return { ...base, kind: 'string', ...ids(5), value: text(v[4]) };
    case 'keyval_integer':
      return { ...base, kind: 'integer', ...ids(4), value: BigInt.asIntN(64, int(v[8])) };
  }
}
