// `u:PATH:[provider:]name "fmt", arg1, ...`: a USDT probe to trace, resolved to
// its locations and the argument specs the module records.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONSTANTS } from '../abi/abi';
import type { UprobeArg } from '../device/device';
import { UserError } from '../user-error';
import { REGISTER_NUMBERS, UsdtArgError, type UsdtArg } from './args';
import { readProbes, type UsdtProbe } from './notes';

export interface ProbeSpec {
  /** As the user wrote it. */
  readonly text: string;
  readonly file: string;
  readonly provider?: string;
  readonly name: string;
  readonly format?: string;
  /** 0-based argument indexes the format's conversions print, in order. */
  readonly formatArgs: readonly number[];
}

/** A probe spec resolved against its file: every location, and what the view needs. */
export interface TraceProbe {
  readonly spec: ProbeSpec;
  /** `u:provider:name`, as lines show it. */
  readonly label: string;
  readonly file: string;
  readonly locations: readonly UsdtProbe[];
  /** The probe's arguments (of its first location); errors for specs ktrace cannot record. */
  readonly args: readonly (UsdtArg | UsdtArgError)[];
  /** Argument indexes whose string is recorded (%s). */
  readonly stringArgs: ReadonlySet<number>;
}

export function isProbeSpec(text: string): boolean {
  return text.startsWith('u:');
}

/** Conversions of a printf-style format: %d %i %u %x %X %o %p %s %c, with flags, width and l/ll/h/z. */
export function formatConversions(format: string): string[] {
  const out: string[] = [];
  const re = /%([-+ #0]*\d*(?:\.\d+)?)(hh|h|ll|l|z|j|t)?([diuxXopsc%])/g;
  for (const m of format.matchAll(re)) if (m[3] !== '%') out.push(m[3]);
  const stripped = format.replace(re, '');
  if (stripped.includes('%')) throw new UserError(`probe format "${format}": unsupported conversion (use %d %i %u %x %X %o %p %s %c %%)`, 2);
  return out;
}

/** Parses one probe spec; throws a UserError naming it when malformed. */
export function parseProbeSpec(text: string): ProbeSpec {
  const bad = (why: string) => new UserError(`bad probe "${text}": ${why}`, 2);
  if (!isProbeSpec(text)) throw bad('a USDT probe is u:PATH:[provider:]name');
  const rest = text.slice(2);
  const end = rest.search(/[\s"]/);
  const where = end < 0 ? rest : rest.slice(0, end);
  let tail = end < 0 ? '' : rest.slice(end).trim();
  const parts = where.split(':');
  if (parts.length < 2 || parts.some((p) => p === '')) throw bad('a USDT probe is u:PATH:[provider:]name');
  const name = parts[parts.length - 1];
  const provider = parts.length >= 3 ? parts[parts.length - 2] : undefined;
  const file = parts.slice(0, parts.length >= 3 ? -2 : -1).join(':');
  let format: string | undefined;
  if (tail.startsWith('"')) {
    let i = 1;
    let f = '';
    for (; i < tail.length && tail[i] !== '"'; i++) {
      if (tail[i] === '\\' && i + 1 < tail.length) {
        const c = tail[++i];
        f += c === 'n' ? '\n' : c === 't' ? '\t' : c;
      } else f += tail[i];
    }
    if (i >= tail.length) throw bad('unterminated format string');
    format = f;
    tail = tail.slice(i + 1).trim();
  }
  const formatArgs: number[] = [];
  if (tail) {
    if (!tail.startsWith(',')) throw bad(`unexpected "${tail}" (arguments follow the format: "fmt", arg1, arg2)`);
    for (const a of tail.slice(1).split(',').map((s) => s.trim())) {
      const m = /^arg(\d+)$/.exec(a);
      if (!m || Number(m[1]) < 1) throw bad(`"${a}" is not an argument (arg1, arg2, ...)`);
      formatArgs.push(Number(m[1]) - 1);
    }
  }
  if (format === undefined && formatArgs.length) throw bad('arguments without a format string');
  if (format !== undefined) {
    const conv = formatConversions(format);
    if (conv.length !== formatArgs.length)
      throw bad(`the format has ${conv.length} conversion${conv.length === 1 ? '' : 's'} but ${formatArgs.length} argument${formatArgs.length === 1 ? ' follows' : 's follow'}`);
  }
  return { text, file, provider, name, format, formatArgs };
}

/** A bare name is looked up in $PATH, as a shell would. */
function locate(file: string): string {
  if (file.includes('/')) return file;
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const candidate = path.join(dir || '.', file);
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new UserError(`probe file ${file}: not found in $PATH (give a path)`, 2);
}

/** Resolves @spec against its file's notes. */
export function resolveProbe(spec: ProbeSpec): TraceProbe {
  const file = locate(spec.file);
  const all = readProbes(file);
  const locations = all.filter((p) => p.name === spec.name && (spec.provider === undefined || p.provider === spec.provider));
  if (!locations.length)
    throw new UserError(`probe ${spec.provider ? `${spec.provider}:` : ''}${spec.name}: not in ${file} (\`ktrace usdt -l ${file}\` lists its probes)`, 2);
  const providers = new Set(locations.map((l) => l.provider));
  if (providers.size > 1) throw new UserError(`probe ${spec.name} in ${file} is ambiguous: give the provider (${[...providers].join(', ')})`, 2);
  const args = locations[0].parsedArgs;
  const conversions = spec.format === undefined ? [] : formatConversions(spec.format);
  const stringArgs = new Set<number>();
  spec.formatArgs.forEach((i, n) => {
    if (i >= args.length) throw new UserError(`probe ${spec.text}: arg${i + 1} does not exist (the probe has ${args.length} argument${args.length === 1 ? '' : 's'})`, 2);
    const arg = args[i];
    if (arg instanceof UsdtArgError) throw new UserError(`probe ${spec.text}: arg${i + 1}: ${arg.message}`, 2);
    if (conversions[n] === 's') {
      if (i >= CONSTANTS.KT_USDT_MAX_STR_ARGS) throw new UserError(`probe ${spec.text}: %s works for arg1 to arg${CONSTANTS.KT_USDT_MAX_STR_ARGS} only`, 2);
      stringArgs.add(i);
    }
  });
  if (args.length > CONSTANTS.KT_USDT_MAX_ARGS) throw new UserError(`probe ${spec.text}: more than ${CONSTANTS.KT_USDT_MAX_ARGS} arguments`, 2);
  return { spec, label: `u:${locations[0].provider}:${spec.name}`, file, locations, args, stringArgs };
}

/** The module's view of argument @i of @probe (unsupported specs record 0). */
export function uprobeArgs(probe: TraceProbe, location: UsdtProbe): UprobeArg[] {
  return location.parsedArgs.map((arg, i) => {
    const string = probe.stringArgs.has(i);
    if (arg instanceof UsdtArgError) return { kind: CONSTANTS.KT_USDT_ARG_IMM, size: 8, signed: false, reg: 0, index: 0, scale: 1, shift: 0, string: false, value: 0n };
    const op = arg.operand;
    const base = { size: arg.size, signed: arg.signed, string, index: 0, scale: 1, shift: 0, reg: 0, value: 0n };
    switch (op.kind) {
      case 'imm':
        return { ...base, kind: CONSTANTS.KT_USDT_ARG_IMM, value: op.value };
      case 'reg':
        return { ...base, kind: CONSTANTS.KT_USDT_ARG_REG, reg: REGISTER_NUMBERS.get(op.reg) ?? 0, shift: op.shift };
      case 'mem':
        return {
          ...base,
          kind: CONSTANTS.KT_USDT_ARG_MEM,
          reg: REGISTER_NUMBERS.get(op.base) ?? 0,
          index: op.index ? (REGISTER_NUMBERS.get(op.index) ?? 0) : 0,
          scale: op.scale,
          value: op.offset,
        };
    }
  });
}
