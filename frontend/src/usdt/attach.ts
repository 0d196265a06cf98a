// Gives a reader its USDT probes (KT_IOC_ADD_UPROBE), one per location.
import * as fs from 'node:fs';
import { CONSTANTS } from '../abi/abi';
import type { Device } from '../device/device';
import { IoctlError } from '../device/ioctl-binding';
import { UserError } from '../user-error';
import { uprobeArgs, type TraceProbe } from './trace-probe';
import type { UsdtProbe } from './notes';
import { parseArgSpec, splitArgSpecs, UsdtArgError } from './args';

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
export function attachProbes(device: Device, probes: readonly TraceProbe[]): Map<number, ProbeSite> {
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

/** The sites @probes will have in a fresh reader (indexes in attach order). */
export function plannedSites(probes: readonly TraceProbe[]): Map<number, ProbeSite> {
  const sites = new Map<number, ProbeSite>();
  for (const probe of probes) for (const location of probe.locations) sites.set(sites.size, { probe, location });
  return sites;
}

/** A site as a recording's header keeps it, enough to show its records later. */
export interface SavedSite {
  index: number;
  label: string;
  file: string;
  spec: string;
  args: string;
  offset: string;
  format?: string;
  formatArgs: number[];
  stringArgs: number[];
}

export function saveSites(sites: ProbeSites): SavedSite[] {
  return [...sites].map(([index, { probe, location }]) => ({
    index,
    label: probe.label,
    file: probe.file,
    spec: probe.spec.text,
    args: location.args,
    offset: `0x${location.offset.toString(16)}`,
    format: probe.spec.format,
    formatArgs: [...probe.spec.formatArgs],
    stringArgs: [...probe.stringArgs],
  }));
}

export function loadSites(saved: readonly SavedSite[] | undefined): Map<number, ProbeSite> {
  const sites = new Map<number, ProbeSite>();
  for (const s of saved ?? []) {
    const [provider, name] = s.label.replace(/^u:/, '').split(':');
    const parsedArgs = splitArgSpecs(s.args).map((spec) => {
      try {
        return parseArgSpec(spec);
      } catch (err) {
        if (err instanceof UsdtArgError) return err;
        throw err;
      }
    });
    const offset = BigInt(s.offset);
    const location: UsdtProbe = { provider, name, pc: 0n, base: 0n, semaphore: 0n, args: s.args, address: 0n, offset, semaphoreOffset: 0n, parsedArgs };
    const probe: TraceProbe = {
      spec: { text: s.spec, file: s.file, provider, name, format: s.format, formatArgs: s.formatArgs },
      label: s.label,
      file: s.file,
      locations: [location],
      args: parsedArgs,
      stringArgs: new Set(s.stringArgs),
    };
    sites.set(s.index, { probe, location });
  }
  return sites;
}
