export { StreamDecoder, MAX_RECORD_BYTES } from './decoder';
export { MAX_TRACKED_TAG } from './state';
export { materialize, type PlainRecord } from './materialize';
export type { DecodedRecord, DecoderStats, EventRecord, KeyframeRecord, LostRecord, NextResult, Snapshot, UnknownRecord } from './types';
export { charsBytes, charsText, commText, isStringTag, type FieldString, type StringStatus } from './strings';
export { RecordStream, readRecords, bytesSource, type ByteSource, type RecordStreamOptions, type StreamReport } from './record-stream';
