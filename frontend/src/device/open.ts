// Where commands get their trace reader: /dev/trace, unless a host test
// installed another opener (test/support/fake-ktrace.ts installs a FakeDevice).
import type { Device } from './device';
import { TraceDevice } from './trace-device';

export type DeviceOpener = (path: string, nonBlocking: boolean) => Device;

let opener: DeviceOpener = (path, nonBlocking) => TraceDevice.open(path, nonBlocking);

export function openReader(path: string, nonBlocking = false): Device {
  return opener(path, nonBlocking);
}

/** Replaces how readers are opened (host tests). */
export function useDeviceOpener(next: DeviceOpener): void {
  opener = next;
}
