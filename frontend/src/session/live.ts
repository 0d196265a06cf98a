// A live trace: configure a reader, start it, show records until Ctrl-C (or
// the traced command exits), then drain what is queued and report losses.
import { readRecords } from '../decode';
import { problemLines } from './recording-problems';
import type { HeldChild } from './held-child';
import type { Device } from '../device/device';
import type { TraceView } from './trace-view';
import { explainMaskError, explainTargetError } from '../user-error';
import { deviceSnaplen, varMask } from './trace-options';
import { attachProbes, type ProbeSite } from '../usdt/attach';
import type { TraceProbe } from '../usdt/trace-probe';

export interface LiveOptions {
  events: bigint;
  vars: bigint;
  pid: number;
  follow: boolean;
  /** A target about to outrun the reader waits for it: no record is lost (needs a pid). */
  noLoss?: boolean;
  /** Snap length to ask the module for (strings variable); capped at KT_SNAPLEN_MAX. */
  snapLength?: number;
  held?: HeldChild;
  /** USDT probes to place; their sites are added to @sites by index. */
  probes?: readonly TraceProbe[];
  sites?: Map<number, ProbeSite>;
}

export interface LiveResult {
  lost: number;
  childStatus?: number;
  /** What the decoder found malformed in the module's stream (skipped to the next keyframe), a line each. */
  damage: string[];
}

function availableMask(device: Device, kind: 'event' | 'var'): bigint {
  return device.describeAll(kind).reduce((m, row) => (row.available ? m | (1n << BigInt(row.number)) : m), 0n);
}

function unavailableIn(device: Device, kind: 'event' | 'var', mask: bigint) {
  return device.describeAll(kind).filter((row) => !row.available && ((mask >> BigInt(row.number)) & 1n) === 1n);
}

/** Sets a reader's masks, snap length and target, and starts it; errors explained. */
export function configureReader(device: Device, opts: Omit<LiveOptions, 'held'>): void {
  try {
    device.setEvents(opts.events);
  } catch (err) {
    throw explainMaskError(err, 'event', unavailableIn(device, 'event', opts.events));
  }
  try {
    // `--vars all`: every variable this kernel provides.
    device.setVars(opts.vars === varMask(['all']) ? opts.vars & availableMask(device, 'var') : opts.vars);
  } catch (err) {
    throw explainMaskError(err, 'variable', unavailableIn(device, 'var', opts.vars));
  }
  if (opts.snapLength !== undefined) device.setSnaplen(deviceSnaplen(opts.snapLength));
  try {
    device.setTarget(opts.pid, opts.follow, opts.noLoss ?? false);
  } catch (err) {
    throw explainTargetError(err, opts.pid);
  }
  if (opts.probes?.length) for (const [index, site] of attachProbes(device, opts.probes)) opts.sites?.set(index, site);
  device.start();
}

/**
 * @flush is awaited after every chunk, so output appears as it happens (and a
 * slow reader of it slows the trace down, never drops lines), and at the end.
 */
export async function traceLive(device: Device, view: TraceView, opts: LiveOptions, flush: () => Promise<void>): Promise<LiveResult> {
  try {
    configureReader(device, opts);
  } catch (err) {
    // A held command never runs untraced; left waiting, it would keep us alive.
    opts.held?.child.kill('SIGKILL');
    throw err;
  }
  opts.held?.release();

  let childStatus: number | undefined;
  const stop = () => device.stop();
  // Kept until the queued records are drained and shown: a second Ctrl-C
  // while they are written does not kill ktrace halfway through them.
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  void opts.held?.exited.then((status) => {
    childStatus = status;
    stop();
  });
  const records = readRecords(device, { afterChunk: flush });
  try {
    for await (const record of records) view.onRecord(record);
  } finally {
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
  }
  view.finish();
  await flush();
  return { lost: view.lost, childStatus, damage: problemLines('/dev/trace', records.report) };
}
