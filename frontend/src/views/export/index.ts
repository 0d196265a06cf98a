export { PerfettoExport, serializeTrace, type PerfettoOptions } from './perfetto';
export { taskStateLetter } from './task-state';
export * from './trace-event';
