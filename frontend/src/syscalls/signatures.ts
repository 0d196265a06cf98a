// Argument kinds of the x86_64 syscalls, by name, in strace's order; one file per domain.
// A syscall without an entry prints its six raw arguments in hex.
import type { Signature } from './shape';
import { FILES_SIGNATURES } from './signatures/files';
import { IPC_SIGNATURES } from './signatures/ipc';
import { MEMORY_SIGNATURES } from './signatures/memory';
import { NETWORK_SIGNATURES } from './signatures/network';
import { PROCESS_SIGNATURES } from './signatures/process';
import { SCHED_SIGNATURES } from './signatures/sched';
import { SIGNALS_SIGNATURES } from './signatures/signals';
import { TIME_SIGNATURES } from './signatures/time';

const DOMAINS: readonly { readonly [name: string]: Signature }[] = [
  FILES_SIGNATURES,
  MEMORY_SIGNATURES,
  IPC_SIGNATURES,
  SIGNALS_SIGNATURES,
  PROCESS_SIGNATURES,
  SCHED_SIGNATURES,
  TIME_SIGNATURES,
  NETWORK_SIGNATURES,
];

function merge(): { readonly [name: string]: Signature } {
  const all: { [name: string]: Signature } = {};
  for (const domain of DOMAINS) {
    for (const [name, signature] of Object.entries(domain)) {
      if (Object.prototype.hasOwnProperty.call(all, name)) throw new Error(`two signatures for ${name}`);
      all[name] = signature;
    }
  }
  return all;
}

export const SIGNATURES: { readonly [name: string]: Signature } = merge();

export function signatureOf(name: string): Signature | undefined {
  return Object.prototype.hasOwnProperty.call(SIGNATURES, name) ? SIGNATURES[name] : undefined;
}
