// Starts a command that waits before exec until the reader's filter is set,
// so a trace of it begins at its very first execve (ktrace run).
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Writable } from 'node:stream';
import { UserError } from '../user-error';
import { callerFds } from './caller-fds';

/*
 * Node cannot fork without exec, so a shell stands in: it blocks reading the
 * gate descriptor and then execs the command in place (same pid). Its own
 * syscalls before that execve are dropped by the caller (see firstExecGate).
 * The command is resolved through PATH here, as strace does, so the trace
 * shows one execve of the program instead of the shell's search; bash's
 * `exec -a` keeps argv[0] as the user wrote it (plain sh passes the path).
 * The command gets the caller's descriptors 3 and up (see caller-fds.ts) at
 * their numbers, as under strace, and none of ktrace's (all close-on-exec);
 * the gate takes the lowest number the caller left free and is closed
 * before the exec. The command gets ktrace's environment, which is the
 * caller's: the shell's own PWD is dropped when the caller had none (bash
 * still adds SHLVL=0 to an environment without SHLVL: docs/ktrace.1).
 */
const BASH = '/bin/bash';
const holdScript = (bash: boolean, gate: number) =>
  `read _ <&${gate}; exec ${gate}<&-; ` +
  (process.env.PWD === undefined ? 'unset PWD; ' : '') +
  (bash ? 'exec -a "$1" "$0" "${@:2}"' : 'shift; exec "$0" "$@"');

/** Exit status of a command that cannot be run, as a shell's. */
export const EXIT_NOT_FOUND = 127;

export interface HeldChild {
  readonly pid: number;
  readonly child: ChildProcess;
  release(): void;
  exited: Promise<number>;
}

const executable = (file: string) => {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
};

/**
 * The file execve will run for @command: as given when it has a slash,
 * else the first executable regular file on @pathVar (an empty entry is the
 * current directory, as in execvp). A one-line error when there is none.
 */
export function resolveCommand(command: string, pathVar = process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin'): string {
  if (command.includes('/')) {
    if (!fs.existsSync(command)) throw new UserError(`${command}: No such file or directory`, EXIT_NOT_FOUND);
    if (!executable(command)) throw new UserError(`${command}: Permission denied`, EXIT_NOT_FOUND);
    return command;
  }
  for (const dir of pathVar.split(':')) {
    const file = path.join(dir || '.', command);
    if (executable(file)) return dir ? file : `./${command}`;
  }
  throw new UserError(`${command}: command not found`, EXIT_NOT_FOUND);
}

/**
 * How the held child's descriptors are set up: the caller's @inherited ones at
 * their numbers, the gate pipe at the lowest free number from 3 (dash, the
 * shell without bash, reads only from 3-9), nothing at the others.
 */
export function heldStdio(
  command: string,
  stdio: 'inherit' | 'ignore',
  inherited: readonly number[],
  bash: boolean,
): { gate: number; stdio: ('inherit' | 'ignore' | 'pipe' | number)[] } {
  const taken = new Set(inherited);
  let gate = 3;
  while (taken.has(gate)) gate++;
  if (!bash && gate > 9)
    throw new UserError(`${command}: cannot hold it before its exec: descriptors 3-9 are all the caller's and /bin/sh reads only those (bash has no such limit)`, 1);
  const out: ('inherit' | 'ignore' | 'pipe' | number)[] = [stdio, stdio, stdio];
  const last = Math.max(gate, ...inherited);
  for (let fd = 3; fd <= last; fd++) out.push(fd === gate ? 'pipe' : taken.has(fd) ? fd : 'ignore');
  return { gate, stdio: out };
}

export function spawnHeld(command: string, args: readonly string[], opts: { stdio: 'inherit' | 'ignore' }): HeldChild {
  const file = resolveCommand(command);
  const bash = executable(BASH);
  const { gate, stdio } = heldStdio(command, opts.stdio, callerFds(), bash);
  // bash --norc -p: no ~/.bashrc (bash reads it when its stdin is a socket, as node's pipes are) and no $BASH_ENV.
  const child = spawn(bash ? BASH : '/bin/sh', [...(bash ? ['--norc', '-p'] : []), '-c', holdScript(bash, gate), file, command, ...args], { stdio });
  if (child.pid === undefined) throw new Error(`cannot start ${command}`);
  const gatePipe = child.stdio[gate] as Writable;
  const exited = new Promise<number>((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? 128 + signalNumber(signal)));
  });
  return {
    pid: child.pid,
    child,
    release: () => gatePipe.end('\n'),
    exited,
  };
}

function signalNumber(signal: NodeJS.Signals | null): number {
  if (!signal) return 0;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { constants } = require('node:os') as typeof import('node:os');
  return constants.signals[signal] ?? 0;
}
