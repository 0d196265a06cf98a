// Pure formatting of `ktrace info`.
import type { DescRow, DeviceInfo } from '../device/trace-device';

export interface InfoSnapshot {
  info: DeviceInfo;
  events: DescRow[];
  vars: DescRow[];
  frontendAbi: number;
}

const hex = (v: bigint) => `0x${v.toString(16)}`;

/** What the module parameter paranoid lets a reader without CAP_PERFMON/CAP_SYS_ADMIN do. */
export const PARANOID: Record<number, string> = {
  1: 'unprivileged users trace every event of the processes they may ptrace',
  2: 'unprivileged users trace syscall, proc, signal, fault, USDT and msg events of the processes they may ptrace',
  3: 'unprivileged users may not trace',
};

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
          ownEvents: hex(info.ownEvents),
          userBytes: Number(info.userBytes),
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
    `readers:        ${info.readers} open${info.privileged ? '' : ' (yours)'}, recording events ${hex(info.activeEvents)} vars ${hex(info.activeVars)}`,
    `paranoid:       ${info.paranoid} (${PARANOID[info.paranoid] ?? 'unknown level'}); you are ${info.privileged ? 'privileged (CAP_PERFMON or CAP_SYS_ADMIN)' : 'unprivileged'}`,
    `user limits:    ${info.maxUserReaders} readers, ${info.maxUserKb} KiB per unprivileged user; yours: ${info.userReaders} open, ${Number(info.userBytes) >> 10} KiB (${info.readerBytes >> 10} KiB each)`,
    'events:',
    ...s.events.map((e) => `  ${e.name.padEnd(16)} ${e.family.padEnd(9)} ${e.hook.padEnd(28)} ${e.available ? 'available' : 'unavailable'}`),
    'variables:',
    ...s.vars.map((v) => `  ${v.name.padEnd(16)} ${v.available ? 'available' : 'unavailable'}`),
  ];
  return lines.join('\n') + '\n';
}
