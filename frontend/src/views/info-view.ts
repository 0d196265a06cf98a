// Pure formatting of `ktrace info`.
import type { DescRow, DeviceInfo } from '../device/trace-device';

export interface InfoSnapshot {
  info: DeviceInfo;
  events: DescRow[];
  vars: DescRow[];
  frontendAbi: number;
}

const hex = (v: bigint) => `0x${v.toString(16)}`;

export function formatInfo(s: InfoSnapshot, json: boolean): string {
  const { info } = s;
  if (json) {
    return (
      JSON.stringify(
        {
          ...info,
          knownEvents: hex(info.knownEvents),
          availableEvents: hex(info.availableEvents),
          knownVars: hex(info.knownVars),
          availableVars: hex(info.availableVars),
          activeEvents: hex(info.activeEvents),
          activeVars: hex(info.activeVars),
          frontendAbi: s.frontendAbi,
          events: s.events.map((e) => ({ name: e.name, bit: e.number, family: e.family, hook: e.hook, available: e.available })),
          variables: s.vars.map((v) => ({ name: v.name, bit: v.number, available: v.available })),
        },
        null,
        2,
      ) + '\n'
    );
  }
  const lines = [
    `module ABI:     ${info.abiVersion} (frontend ${s.frontendAbi})`,
    `kernel:         ${info.kernelRelease}`,
    `CPUs:           ${info.nrCpus}`,
    `buffer:         ${info.bufferBytesPerCpu / 1024} KiB per CPU in ${info.chunkBytes}-byte chunks`,
    `max record:     ${info.maxRecordBytes} bytes`,
    `readers:        ${info.readers} open, recording events ${hex(info.activeEvents)} vars ${hex(info.activeVars)}`,
    'events:',
    ...s.events.map((e) => `  ${e.name.padEnd(16)} ${e.family.padEnd(9)} ${e.hook.padEnd(28)} ${e.available ? 'available' : 'unavailable'}`),
    'variables:',
    ...s.vars.map((v) => `  ${v.name.padEnd(16)} ${v.available ? 'available' : 'unavailable'}`),
  ];
  return lines.join('\n') + '\n';
}
