export { StraceFormatter } from './formatter';
export { SyscallSummary } from './summary';
export { parseTraceExpression, type SyscallFilter } from './filter';
export { toJson, type JsonSyscall } from './json';
export { quoteBytes } from './quote';
export type { CapturedString, HexStrings, PidPrefixMode, StraceOptions, SyscallEvent } from './types';
export { syscallEventOf } from './from-record';
