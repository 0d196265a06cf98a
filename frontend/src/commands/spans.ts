// `ktrace spans [FILE] [-p PID | -- CMD] [--format text|json|perfetto] [--export T]`:
// BlkKin annotations (libktrace-blkin's zipkin:* probes) as span trees, each
// span with its thread's kernel view; exported to OTLP, Zipkin or a file.
import type { CommandModule } from 'yargs';
import { Output, writeStderr } from '../io/output';
import { parseExportTarget } from '../export/transports';
import { openDevice } from '../session/open-device';
import { parseAlert, parseDuration } from '../spans/monitor';
import { SpanOutput } from '../spans/span-output';
import { collectFromRecording, collectLive, commandFile, processFile, type Collected } from '../spans/sources';
import { UserError } from '../user-error';
import { listOf, LOST_HINT } from './options';

interface SpansArgs {
  file?: string;
  pid: number;
  binary?: string | string[];
  format: 'text' | 'json' | 'perfetto';
  json: boolean;
  output?: string;
  record?: string;
  export?: string | string[];
  device: string;
  alert?: string | string[];
  window: string;
  idle: string;
  command?: string[];
  '--'?: string[];
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require('../../../../package.json') as { version: string };

export const spansCommand: CommandModule<object, SpansArgs> = {
  command: 'spans [file]',
  describe: 'BlkKin spans (libktrace-blkin annotations) with their kernel view; export to OTLP or Zipkin',
  builder: (y) =>
    y
      .positional('file', { type: 'string', describe: 'recording (from ktrace spans --record), or - for stdin' })
      .option('pid', { alias: 'p', type: 'number', default: 0, describe: 'trace this process (and the children it forks)' })
      .option('binary', { type: 'string', describe: 'a file linked with libktrace-blkin (repeatable; default: the command, or the process executable)' })
      .option('format', { alias: 'F', choices: ['text', 'json', 'perfetto'] as const, default: 'text' as const, describe: 'span trees, JSON Lines (one span per line) or a Perfetto timeline' })
      .option('json', { type: 'boolean', default: false, describe: 'same as --format json' })
      .option('output', { alias: 'o', type: 'string', describe: 'write the view to FILE instead of stdout' })
      .option('record', { type: 'string', describe: 'live: also save the trace to FILE, for `ktrace spans FILE` later' })
      .option('export', { type: 'string', describe: 'send the spans to otlp=URL (OTLP/HTTP JSON), zipkin=URL (Zipkin v2) or file=PATH (OTLP JSON lines); repeatable' })
      .option('alert', { type: 'string', describe: "NAME>DURATION: report when the p99 (NAME.p50>DURATION: the median) of NAME's spans over the window exceeds it, and a per-name table (repeatable)" })
      .option('window', { type: 'string', default: '10s', describe: 'sliding window of --alert (span ends within it)' })
      .option('idle', { type: 'string', default: '5s', describe: 'a trace is complete (shown and exported) after this long without annotations' })
      .option('device', { type: 'string', default: '/dev/trace', describe: 'trace device' })
      .example('$0 spans -- ./server', 'span trees of a command and the peers it forks, each when 5 s pass without its annotations')
      .example('$0 spans -p 1234 --export otlp=http://collector:4318', 'spans of process 1234 (until Ctrl-C) to an OpenTelemetry Collector')
      .example('$0 spans --record req.ktr -- ./server && $0 spans req.ktr --export zipkin=http://zipkin:9411', 'record now, export later')
      .example('$0 spans req.ktr -F perfetto -o req.json', 'open req.json in https://ui.perfetto.dev')
      .example("$0 spans req.ktr --alert 'osd_op>5ms' --window 1s", 'p50/p99 per span name; when osd_op p99 went above 5 ms') as never,
  handler: async (args) => {
    const command = [...(args.command ?? []), ...(args['--'] ?? [])].map(String);
    const format = args.json ? 'json' : args.format;
    const targets = listOf(args.export);
    const scope = { name: 'ktrace', version };
    // Bad targets are usage errors before anything runs.
    for (const t of targets) parseExportTarget(t, scope);
    const alerts = listOf(args.alert).map(parseAlert);
    const windowNs = parseDuration(String(args.window), '--window');
    const live = command.length > 0 || args.pid > 0;
    if (live && args.file !== undefined) throw new UserError('spans: give a recording, or --pid / a command, not both', 2);
    if (!live && args.file === undefined) throw new UserError('spans: give a recording, --pid PID or -- CMD', 2);
    if (command.length && args.pid) throw new UserError('spans: give --pid or a command, not both', 2);
    if (!Number.isInteger(args.pid) || args.pid < 0) throw new UserError(`--pid ${args.pid}: not a process id`, 2);
    if (args.record !== undefined && !live) throw new UserError('--record: only with --pid or a command', 2);
    const idleNs = parseDuration(String(args.idle), '--idle');
    const out = args.output === undefined ? Output.stdout() : Output.create(args.output);
    const view = new SpanOutput(out, format, alerts, windowNs, targets.map((t) => parseExportTarget(t, scope)));
    let collected: Collected;
    try {
      if (live) {
        const binaries = listOf(args.binary);
        const files = binaries.length ? binaries : [command.length ? commandFile(command[0]) : processFile(args.pid)];
        const device = openDevice(args.device, { checkAbi: true });
        const recordTo = args.record === undefined ? undefined : Output.create(args.record);
        try {
          collected = await collectLive(device, { files, pid: args.pid, command, recordTo }, view.onTraces, idleNs);
        } finally {
          await recordTo?.close();
          device.close();
        }
      } else collected = await collectFromRecording(String(args.file), view.onTraces, idleNs);
      view.finishView(collected.info);
    } finally {
      if (args.output === undefined) await out.flush();
      else await out.close();
    }
    await writeStderr(view.monitorReport());
    if (collected.lost) await writeStderr(`ktrace: ${collected.lost} records lost (${LOST_HINT}); spans may miss annotations\n`);
    const exported = await view.finishExport();
    await writeStderr(exported.lines);
    if (collected.status) process.exitCode = collected.status;
    else if (!exported.ok) process.exitCode = 1;
  },
};
