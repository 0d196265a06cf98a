// Gives a reader its USDT probes (KT_IOC_ADD_UPROBE), one per location.
import * as fs from 'node:fs';
import { CONSTANTS } from '../abi/abi';
import type { TraceDevice } from '../device/trace-device';
import { IoctlError } from '../device/ioctl-binding';
import { UserError } from '../user-error';
import { uprobeArgs, type TraceProbe } from './trace-probe';
import type { UsdtProbe } from './notes';

/** What a usdt record's probe id stands for. */
export interface ProbeSite {
  readonly probe: TraceProbe;
  readonly location: UsdtProbe;
}

/** Probe sites by the low bits of their ids (the index within the reader). */
export type ProbeSites = ReadonlyMap<number, ProbeSite>;

export function siteIndex(id: bigint): number {
  return Number(id & ((1n << BigInt(CONSTANTS.KT_USDT_INDEX_BITS)) - 1n));
}

function explain(err: unknown, probe: TraceProbe): Error {
  const what = `cannot probe ${probe.label} in ${probe.file}`;
  if (err instanceof IoctlError) {
    if (err.code === 'EACCES' || err.code === 'EPERM' || err.code === 'EBADF') return new UserError(`${what}: permission denied (you may only probe files you can read)`);
    if (err.code === 'ENOSPC') return new UserError(`${what}: more than ${CONSTANTS.KT_USDT_MAX_PROBES} probe locations in one trace`);
    if (err.code === 'ENOTTY' || err.code === 'EOPNOTSUPP') return new UserError(`${what}: this module has no USDT support (load a newer trace.ko)`);
    return new UserError(`${what}: ${err.code}`);
  }
  const code = (err as { code?: string }).code;
  if (code === 'EACCES' || code === 'EPERM') return new UserError(`${what}: permission denied (you may only probe files you can read)`);
  return err instanceof Error ? err : new Error(String(err));
}

/** Adds every location of @probes to the (stopped) reader. */
export function attachProbes(device: TraceDevice, probes: readonly TraceProbe[]): Map<number, ProbeSite> {
  const sites = new Map<number, ProbeSite>();
  for (const probe of probes) {
    let fd: number;
    try {
      fd = fs.openSync(probe.file, 'r');
    } catch (err) {
      throw explain(err, probe);
    }
    try {
      for (const location of probe.locations) {
        const id = device.addUprobe({ fd, offset: location.offset, refCtrOffset: location.semaphoreOffset, args: uprobeArgs(probe, location) });
        sites.set(siteIndex(id), { probe, location });
      }
    } catch (err) {
      throw explain(err, probe);
    } finally {
      fs.closeSync(fd);
    }
  }
  return sites;
}
