// Pure text view of span trees:
//   trace 0123456789abcdef: 2 spans
//   request 62.345ms frontend 10.0.0.1:8080 span 0000000000001111 pid 100 tid 100
//     +0.000ms request_start
//     path="/obj/42"
//     kernel: 4 syscalls 61.2ms, 2 context switches (blocked 60.1ms, preempted 0.000ms), 1 fault
//     backend_io 50.210ms backend 10.0.0.2:6800 span 0000000000002222 pid 101 tid 101
import { hex64, walk, type KernelView, type Span, type SpanTree } from './model';

export function ms(ns: bigint): string {
  const neg = ns < 0n;
  const abs = neg ? -ns : ns;
  return `${neg ? '-' : ''}${abs / 1_000_000n}.${((abs % 1_000_000n) / 1000n).toString().padStart(3, '0')}ms`;
}

function plural(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

export function kernelText(k: KernelView): string {
  const parts: string[] = [];
  if (k.syscalls !== undefined) parts.push(`${plural(k.syscalls, 'syscall')} ${ms(k.syscallNs ?? 0n)}`);
  if (k.contextSwitches !== undefined)
    parts.push(`${plural(k.contextSwitches, 'context switch').replace(/switchs$/, 'switches')} (blocked ${ms(k.blockedNs ?? 0n)}, preempted ${ms(k.preemptedNs ?? 0n)})`);
  if (k.faults !== undefined) parts.push(plural(k.faults, 'fault'));
  return parts.join(', ');
}

function endpoint(s: Span): string {
  return `${s.service || '?'} ${s.ip || '?'}:${s.port}`;
}

function tagText(key: string, value: string | bigint): string {
  return typeof value === 'bigint' ? `${key}=${value}` : `${key}=${JSON.stringify(value)}`;
}

function spanLines(s: Span, depth: number): string[] {
  const pad = '  '.repeat(depth);
  const inner = `${pad}  `;
  const parent = s.orphan ? ` parent ${hex64(s.parentId)} (not traced)` : '';
  const lines = [`${pad}${s.name || '?'} ${ms(s.end - s.start)} ${endpoint(s)} span ${hex64(s.spanId)}${parent} pid ${s.pid} tid ${s.tid}`];
  for (const e of s.events) lines.push(`${inner}+${ms(e.ts - s.start)} ${e.value}`);
  for (const [k, v] of s.tags) lines.push(`${inner}${tagText(k, v)}`);
  if (s.kernel) lines.push(`${inner}kernel: ${kernelText(s.kernel)}`);
  return lines;
}

export function formatTrees(trees: readonly SpanTree[]): string {
  const out: string[] = [];
  for (const t of trees) {
    out.push(`trace ${hex64(t.traceId)}: ${plural(t.spanCount, 'span')}`);
    for (const { span, depth } of walk(t.roots, 1)) out.push(...spanLines(span, depth));
  }
  return out.length ? `${out.join('\n')}\n` : '';
}
