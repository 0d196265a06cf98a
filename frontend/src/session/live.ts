// A live trace: configure a reader, start it, show records until Ctrl-C (or
// the traced command exits), then drain what is queued and report losses.
import { pump } from './pump';
import type { HeldChild } from './held-child';
import type { TraceDevice } from '../device/trace-device';
import type { TraceView } from './trace-view';
import { explainMaskError, explainTargetError } from '../user-error';
import { deviceSnaplen } from './trace-options';
import { attachProbes, type ProbeSite } from '../usdt/attach';
import type { TraceProbe } from '../usdt/trace-probe';

export interface LiveOptions {
  events: bigint;
  vars: bigint;
  pid: number;
  follow: boolean;
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
}

function unavailableIn(device: TraceDevice, kind: 'event' | 'var', mask: bigint) {
  return device.describeAll(kind).filter((row) => !row.available && ((mask >> BigInt(row.number)) & 1n) === 1n);
}

/** Sets a reader's masks, snap length and target, and starts it; errors explained. */
export function configureReader(device: TraceDevice, opts: Omit<LiveOptions, 'held'>): void {
  try {
    device.setEvents(opts.events);
  } catch (err) {
    throw explainMaskError(err, 'event', unavailableIn(device, 'event', opts.events));
  }
  try {
    device.setVars(opts.vars);
  } catch (err) {
    throw explainMaskError(err, 'variable', unavailableIn(device, 'var', opts.vars));
  }
  if (opts.snapLength !== undefined) device.setSnaplen(deviceSnaplen(opts.snapLength));
  try {
    device.setTarget(opts.pid, opts.follow);
  } catch (err) {
    throw explainTargetError(err, opts.pid);
  }
  if (opts.probes?.length) for (const [index, site] of attachProbes(device, opts.probes)) opts.sites?.set(index, site);
  device.start();
}

/** @flush is called after every chunk, so output appears as it happens, and at the end. */
export async function traceLive(device: TraceDevice, view: TraceView, opts: LiveOptions, flush: () => void): Promise<LiveResult> {
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
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  void opts.held?.exited.then((status) => {
    childStatus = status;
    stop();
  });
  try {
    await pump(device, (record) => view.onRecord(record), { onChunk: flush });
  } finally {
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
  }
  view.finish();
  flush();
  return { lost: view.lost, childStatus };
}
