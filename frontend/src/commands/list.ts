// `--events list` / `--vars list`: what this kernel offers, from the module.
import type { Device } from '../device/device';

export function wantsList(values: readonly string[]): boolean {
  return values.some((v) => v.split(',').includes('list'));
}

export function formatEventList(device: Device): string {
  return (
    device
      .describeAll('event')
      .map((e) => `${e.name.padEnd(16)} ${e.family.padEnd(9)} ${e.hook.padEnd(28)} ${e.available ? 'available' : 'unavailable on this kernel'}`)
      .join('\n') + '\n'
  );
}

export function formatVarList(device: Device): string {
  return device.describeAll('var').map((v) => `${v.name.padEnd(16)} ${v.available ? 'available' : 'unavailable'}`).join('\n') + '\n';
}
