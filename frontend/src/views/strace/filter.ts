// -e trace=EXPR: which syscalls to print. EXPR is a comma-separated list of
// syscall names, %classes (or the bare class names strace also accepts),
// /regex, `all` or `none`; a leading `!` selects the complement.
import { syscallNumber, TRACE_CLASSES } from '../../syscalls';
import type { CallStatus } from './types';

export type SyscallFilter = (sysno: number, name: string | undefined) => boolean;

function matcher(item: string): SyscallFilter {
  if (item === 'all') return () => true;
  if (item === 'none') return () => false;
  if (item.startsWith('/')) {
    const re = new RegExp(item.slice(1));
    return (_sysno, name) => name !== undefined && re.test(name);
  }
  const className = item.startsWith('%') ? item.slice(1) : item;
  const members = Object.prototype.hasOwnProperty.call(TRACE_CLASSES, className) ? TRACE_CLASSES[className] : undefined;
  if (members !== undefined && (item.startsWith('%') || syscallNumber(item) === undefined)) {
    return (_sysno, name) => name !== undefined && members.has(name);
  }
  if (item.startsWith('%')) throw new Error(`invalid syscall class '${item}'`);
  const nr = syscallNumber(item);
  if (nr === undefined) throw new Error(`invalid system call '${item}'`);
  return (sysno) => sysno === nr;
}

/** Parses a trace= expression; throws on an unknown name or class. */
export function parseTraceExpression(expression: string): SyscallFilter {
  const negate = expression.startsWith('!');
  const body = negate ? expression.slice(1) : expression;
  const items = body.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  const matchers = items.map(matcher);
  const selected: SyscallFilter = (sysno, name) => matchers.some((m) => m(sysno, name));
  return negate ? (sysno, name) => !selected(sysno, name) : selected;
}

/** strace's -e status= names: how a call ended. */
const STATUSES: readonly CallStatus[] = ['successful', 'failed', 'unfinished', 'unavailable', 'detached'];

/**
 * Parses a status= expression (comma list of successful, failed,
 * unfinished, unavailable, detached, or all / none; `!` complements).
 */
export function parseStatusExpression(expression: string): (status: CallStatus) => boolean {
  const negate = expression.startsWith('!');
  const body = negate ? expression.slice(1) : expression;
  const chosen = new Set<CallStatus>();
  for (const item of body.split(',').map((s) => s.trim()).filter((s) => s.length > 0)) {
    if (item === 'all') STATUSES.forEach((s) => chosen.add(s));
    else if (item === 'none') continue;
    else if ((STATUSES as readonly string[]).includes(item)) chosen.add(item as CallStatus);
    else throw new Error(`invalid status '${item}' (successful, failed, unfinished, unavailable, detached)`);
  }
  return negate ? (s) => !chosen.has(s) : (s) => chosen.has(s);
}
