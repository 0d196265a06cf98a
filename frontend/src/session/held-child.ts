// Starts a command that waits before exec until the reader's filter is set,
// so a trace of it begins at its very first execve (ktrace run).
import { spawn, type ChildProcess } from 'node:child_process';
import type { Writable } from 'node:stream';

/*
 * Node cannot fork without exec, so a shell stands in: it blocks reading fd 3
 * and then execs the command in place (same pid). Its own syscalls before
 * that execve are dropped by the caller (see firstExecGate).
 */
const HOLD_SCRIPT = 'read _ <&3; exec 3<&-; exec "$0" "$@"';

export interface HeldChild {
  readonly pid: number;
  readonly child: ChildProcess;
  release(): void;
  exited: Promise<number>;
}

export function spawnHeld(command: string, args: readonly string[], opts: { stdio: 'inherit' | 'ignore' }): HeldChild {
  const child = spawn('/bin/sh', ['-c', HOLD_SCRIPT, command, ...args], {
    stdio: [opts.stdio, opts.stdio, opts.stdio, 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`cannot start ${command}`);
  const gate = child.stdio[3] as Writable;
  const exited = new Promise<number>((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? 128 + signalNumber(signal)));
  });
  return {
    pid: child.pid,
    child,
    release: () => gate.end('\n'),
    exited,
  };
}

function signalNumber(signal: NodeJS.Signals | null): number {
  if (!signal) return 0;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { constants } = require('node:os') as typeof import('node:os');
  return constants.signals[signal] ?? 0;
}
