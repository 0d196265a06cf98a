// msg events out of recordings and out of a live reader.
import { varByName, eventByName } from '../abi/abi';
import { readRecords, type ByteSource } from '../decode';
import { FileSource } from '../record/file-source';
import type { RecordHeader } from '../record/record-file';
import { inputName, reportProblems } from '../session/recording-problems';
import { UserError } from '../user-error';
import { msgFromRecord, type MsgEvent } from './msg';

/** The variables and events ktrace paths needs from a recording or a live reader. */
export const PATHS_EVENTS = ['msg'];
export const PATHS_VARS = ['pid', 'comm', 'strings'];

function hasBit(mask: string, bit: number): boolean {
  return ((BigInt(mask) >> BigInt(bit)) & 1n) === 1n;
}

/** One line why a recording cannot give paths, or undefined when it can. */
export function recordingLacks(header: RecordHeader): string | undefined {
  const missingVars = ['pid', 'comm'].filter((v) => !hasBit(header.vars, varByName(v)?.bit ?? 99));
  if (missingVars.length) return `recorded without --vars ${missingVars.join(',')}`;
  if (!hasBit(header.events, eventByName('msg_send')?.bit ?? 99) || !hasBit(header.events, eventByName('msg_recv')?.bit ?? 99))
    return 'recorded without the msg events (ktrace record --events msg --vars pid,comm,strings)';
  return undefined;
}

/** Appends the msg events of @source's stream to @out, as recording number @index. */
export async function collectMsgs(source: ByteSource, baseOffset: number, index: number, out: MsgEvent[]): Promise<{ lost: number; report: Parameters<typeof reportProblems>[1] }> {
  const records = readRecords(source, { baseOffset });
  for await (const record of records) {
    if (record.type !== 'event') continue;
    const m = msgFromRecord(record, out.length, index);
    if (m) out.push(m);
  }
  return { lost: records.report.lostRecords, report: records.report };
}

/** Appends @file's msg events to @out; its header's CLOCK_REALTIME − CLOCK_MONOTONIC, ns. */
export async function loadRecording(file: string, index: number, out: MsgEvent[]): Promise<bigint> {
  const { source, header, streamOffset } = await FileSource.openInput(file);
  const name = inputName(file);
  try {
    const lacks = recordingLacks(header);
    if (lacks) throw new UserError(`${name}: ${lacks}`);
    const { lost, report } = await collectMsgs(source, streamOffset, index, out);
    await reportProblems(name, report, lost);
    return BigInt(header.realtimeOffsetNs);
  } finally {
    source.close();
  }
}
