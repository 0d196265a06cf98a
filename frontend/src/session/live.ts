// A live trace: configure a reader, start it, show records until Ctrl-C (or
// the traced command exits), then drain what is queued and report losses.
import { pump } from './pump';
import type { HeldChild } from './held-child';
import type { TraceDevice } from '../device/trace-device';
import type { TraceView } from './trace-view';
import { explainTargetError } from '../user-error';
import { deviceSnaplen } from './trace-options';

export interface LiveOptions {
  events: bigint;
  vars: bigint;
  pid: number;
  follow: boolean;
  /** Snap length to ask the module for (strings variable); capped at KT_SNAPLEN_MAX. */
  snapLength?: number;
  held?: HeldChild;
}

export interface LiveResult {
  lost: number;
  childStatus?: number;
}

/** @flush is called after every chunk, so output appears as it happens, and at the end. */
export async function traceLive(device: TraceDevice, view: TraceView, opts: LiveOptions, flush: () => void): Promise<LiveResult> {
  device.setEvents(opts.events);
  device.setVars(opts.vars);
  if (opts.snapLength !== undefined) device.setSnaplen(deviceSnaplen(opts.snapLength));
  try {
    device.setTarget(opts.pid, opts.follow);
  } catch (err) {
    throw explainTargetError(err, opts.pid);
  }
  device.start();
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
