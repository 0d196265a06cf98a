// Pure formatting of usdt records:
//   [pid 12] u:ktest:regs(arg1=-1, arg2=18364758544493064720)
//   [pid 12] u:ktest:str: opened "/etc/passwd"   (with the user's format)
import { CONSTANTS, FieldTag, tagNamed } from '../abi/abi';
import type { EventRecord } from '../decode';
import { UsdtArgError } from '../usdt/args';
import { siteIndex, type ProbeSite, type ProbeSites } from '../usdt/attach';
import { quoteBytes } from './strace/quote';

const PROBE_TAG = tagNamed('usdt_probe');
const ARG_TAGS = Array.from({ length: CONSTANTS.KT_USDT_MAX_ARGS }, (_, i) => tagNamed(`usdt_arg${i}`));
const STR_TAGS = Array.from({ length: CONSTANTS.KT_USDT_MAX_STR_ARGS }, (_, i) => tagNamed(`usdt_str${i}`));
const utf8 = new TextDecoder('utf-8');

/** One argument of a hit: its value as the spec types it, and its string when one was recorded. */
export interface UsdtValue {
  readonly value?: bigint;
  readonly string?: { readonly bytes: Uint8Array; readonly truncated: boolean } | null;
}

export function siteOf(record: EventRecord, sites: ProbeSites): ProbeSite | undefined {
  return sites.get(siteIndex(record.getBigInt(PROBE_TAG)));
}

export function usdtValues(record: EventRecord, site: ProbeSite): UsdtValue[] {
  return site.location.parsedArgs.map((arg, i) => {
    if (arg instanceof UsdtArgError) return {};
    const raw = record.getBigInt(ARG_TAGS[i]);
    const value = arg.signed ? BigInt.asIntN(arg.size * 8, raw) : BigInt.asUintN(arg.size * 8, raw);
    if (!site.probe.stringArgs.has(i)) return { value };
    const s = record.getString(STR_TAGS[i]);
    return { value, string: s && s.status !== 'unavailable' ? { bytes: s.bytes, truncated: s.status === 'truncated' } : null };
  });
}

function shown(v: UsdtValue): string {
  if (v.value === undefined) return '?';
  if (v.string) return quoteBytes(v.string.bytes, v.string.truncated, 'none');
  if (v.string === null) return `0x${BigInt.asUintN(64, v.value).toString(16)}`;
  return v.value.toString();
}

function pad(text: string, flags: string, width: number): string {
  if (text.length >= width) return text;
  if (flags.includes('-')) return text.padEnd(width);
  if (flags.includes('0') && /^-?[0-9a-fA-Fx]+$/.test(text)) {
    const neg = text.startsWith('-');
    return (neg ? '-' : '') + text.slice(neg ? 1 : 0).padStart(width - (neg ? 1 : 0), '0');
  }
  return text.padStart(width);
}

/** printf of the user's format over the hit's values. */
export function formatUsdt(format: string, argIndexes: readonly number[], values: readonly UsdtValue[]): string {
  let n = 0;
  return format.replace(/%([-+ #0]*)(\d*)(?:\.\d+)?(hh|h|ll|l|z|j|t)?([diuxXopsc%])/g, (_m, flags: string, width: string, _len, conv: string) => {
    if (conv === '%') return '%';
    const v = values[argIndexes[n++]] ?? {};
    let text: string;
    if (v.value === undefined) text = '?';
    else
      switch (conv) {
        case 's':
          text = v.string ? utf8.decode(v.string.bytes) + (v.string.truncated ? '...' : '') : v.value === 0n ? '(null)' : '?';
          break;
        case 'u':
          text = BigInt.asUintN(64, v.value).toString();
          break;
        case 'x':
        case 'X':
          text = BigInt.asUintN(64, v.value).toString(16);
          if (conv === 'X') text = text.toUpperCase();
          if (flags.includes('#')) text = `0x${text}`;
          break;
        case 'o':
          text = BigInt.asUintN(64, v.value).toString(8);
          break;
        case 'p':
          text = `0x${BigInt.asUintN(64, v.value).toString(16)}`;
          break;
        case 'c':
          text = String.fromCharCode(Number(BigInt.asUintN(8, v.value)));
          break;
        default:
          text = v.value.toString();
          if (flags.includes('+') && v.value >= 0n) text = `+${text}`;
      }
    return pad(text, flags, Number(width || 0));
  });
}

/**
 * The text of a usdt record's line (the view adds strace's pid prefix and
 * timestamps, as to every line); undefined when its probe is not one of @sites.
 */
export function formatUsdtLine(record: EventRecord, sites: ProbeSites): string | undefined {
  const site = siteOf(record, sites);
  if (!site) return undefined;
  const values = usdtValues(record, site);
  const { format, formatArgs } = site.probe.spec;
  if (format !== undefined) return `${site.probe.label}: ${formatUsdt(format, formatArgs, values)}`;
  return `${site.probe.label}(${values.map((v, i) => `arg${i + 1}=${shown(v)}`).join(', ')})`;
}

/** --json object of a usdt record. */
export function usdtJson(record: EventRecord, sites: ProbeSites): Record<string, unknown> | undefined {
  const site = siteOf(record, sites);
  if (!site) return undefined;
  const values = usdtValues(record, site);
  const { format, formatArgs } = site.probe.spec;
  return {
    ts: record.tsNs,
    pid: record.get(FieldTag.PID),
    tid: record.get(FieldTag.TID),
    event: 'usdt',
    probe: site.probe.label.slice(2),
    file: site.probe.file,
    args: values.map((v) => (v.value === undefined ? null : v.string ? utf8.decode(v.string.bytes) : v.value.toString())),
    strings: values.flatMap((v, i) => (v.string ? [i] : [])),
    ...(format !== undefined ? { text: formatUsdt(format, formatArgs, values) } : {}),
  };
}
