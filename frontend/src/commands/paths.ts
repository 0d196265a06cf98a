// `ktrace paths FILE... | -- CMD`: request paths across processes (and
// machines) from the msg events: per request the chain of hops, how each
// message was matched, latencies, and a summary per path shape.
import * as fs from 'node:fs';
import type { CommandModule } from 'yargs';
import { SpanExporter } from '../export/exporter';
import { flushAll } from '../export/flush-all';
import { parseExportTarget } from '../export/transports';
import { Output, writeStderr } from '../io/output';
import { analyze } from '../paths/analyze';
import { PATHS_EVENTS, PATHS_VARS, collectMsgs, loadRecording } from '../paths/load';
import type { MsgEvent } from '../paths/msg';
import { pathsPerfetto } from '../paths/perfetto';
import { pathSpans } from '../paths/to-export';
import { realtimeOffsetNs } from '../record/record-file';
import { formatRequest, formatStats, formatSummary, pathsJson, summarize } from '../paths/render';
import { spawnHeld } from '../session/held-child';
import { configureReader } from '../session/live';
import { openDevice } from '../session/open-device';
import { eventMask, snaplenOf, varMask } from '../session/trace-options';
import { UserError } from '../user-error';
import { listOf } from './options';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require('../../../../package.json') as { version: string };

interface PathsArgs {
  files?: string[];
  '--'?: string[];
  json: boolean;
  summary: boolean;
  perfetto?: string;
  label?: string;
  output?: string;
  device: string;
  s: number;
  export?: string | string[];
}

function labelRule(text: string | undefined): RegExp | undefined {
  if (text === undefined) return undefined;
  try {
    return new RegExp(text, 's');
  } catch (err) {
    throw new UserError(`bad --label: ${(err as Error).message}`, 2);
  }
}

async function traceCommand(command: string[], args: PathsArgs, out: MsgEvent[]): Promise<number> {
  const device = openDevice(args.device, { checkAbi: true });
  try {
    const held = spawnHeld(command[0], command.slice(1), { stdio: 'inherit' });
    try {
      configureReader(device, { events: eventMask(PATHS_EVENTS), vars: varMask(PATHS_VARS), pid: held.pid, follow: true, snapLength: snaplenOf(args.s) });
    } catch (err) {
      held.child.kill('SIGKILL');
      throw err;
    }
    held.release();
    const stop = () => device.stop();
    process.on('SIGINT', stop);
    void held.exited.then(stop);
    try {
      const { lost } = await collectMsgs({ read: (into) => device.read(into), close: () => undefined }, 0, 0, out);
      if (lost) await writeStderr(`ktrace: ${lost} records were lost: paths may be incomplete\n`);
    } finally {
      process.removeListener('SIGINT', stop);
    }
    return await held.exited;
  } finally {
    device.close();
  }
}

export const pathsCommand: CommandModule<object, PathsArgs> = {
  command: 'paths [files..]',
  describe: 'Request paths across processes and machines, from message events',
  builder: (y) =>
    y
      .positional('files', { type: 'string', array: true, describe: 'recordings (ktrace record --events msg --vars pid,comm,strings), one per machine' })
      .option('json', { type: 'boolean', default: false, describe: 'one JSON document: requests, hops, edges, summary, clock offsets' })
      .option('summary', { type: 'boolean', default: false, describe: 'only the table per path shape (count, p50, p99, where the time goes)' })
      .option('perfetto', { type: 'string', describe: 'also write a Perfetto (Chrome JSON) trace with flow arrows to FILE' })
      .option('label', { type: 'string', describe: "label requests by this regular expression's first group in the client's first bytes (default: an HTTP request line)" })
      .option('output', { alias: 'o', type: 'string', describe: 'write to FILE instead of stdout' })
      .option('device', { type: 'string', default: '/dev/trace', describe: 'trace device' })
      .option('s', { type: 'number', default: 64, describe: 'payload bytes kept per message, for labels' })
      .option('export', {
        type: 'string',
        describe: 'also send each request as a trace (a span per hop) to otlp=URL (OTLP/HTTP JSON), zipkin=URL (Zipkin v2) or file=PATH; repeatable',
      })
      .example('$0 paths -- ./server-test.sh', 'trace a command and its children, then show each request')
      .example('$0 paths --summary front.ktr back.ktr', 'two machines: merged, clock offset estimated from the messages')
      .example('$0 paths a.ktr b.ktr --export otlp=http://collector:4318', 'the requests of two machines as traces in an OpenTelemetry Collector') as never,
  handler: async (args) => {
    const files = (args.files ?? []).map(String);
    const command = (args['--'] ?? []).map(String);
    if (files.length && command.length) throw new UserError('paths: give recordings or a command, not both', 2);
    if (!files.length && !command.length) throw new UserError('paths: give recordings or -- COMMAND', 2);
    const rule = labelRule(args.label);
    // Bad targets are usage errors before anything runs.
    const transports = listOf(args.export).map((t) => parseExportTarget(t, { name: 'ktrace', version }));
    const msgs: MsgEvent[] = [];
    let status = 0;
    let realtimeOffset = realtimeOffsetNs();
    if (command.length) status = await traceCommand(command, args, msgs);
    else for (const [i, f] of files.entries()) {
      const offset = await loadRecording(f, i, msgs);
      if (i === 0) realtimeOffset = offset;
    }
    const paths = analyze(msgs, Math.max(files.length, 1));
    const out = args.output === undefined ? Output.stdout() : Output.create(args.output);
    if (args.json) {
      out.write(JSON.stringify(pathsJson(paths, rule), null, 1) + '\n');
    } else {
      const lines: string[] = [];
      if (!args.summary) for (const r of paths.requests) lines.push(...formatRequest(paths, r, rule));
      lines.push(...formatSummary(summarize(paths)), ...formatStats(paths));
      out.write(lines.join('\n') + '\n');
    }
    if (args.output === undefined) await out.flush();
    else await out.close();
    if (args.perfetto !== undefined) {
      try {
        fs.writeFileSync(args.perfetto, JSON.stringify(pathsPerfetto(paths, rule)));
      } catch (err) {
        throw new UserError(`cannot write ${args.perfetto}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
    }
    if (transports.length) {
      const spans = pathSpans(paths, realtimeOffset, rule);
      const exporters = transports.map((t) => new SpanExporter(t));
      for (const e of exporters) for (const span of spans) e.push(span);
      const exported = await flushAll(exporters, spans.length);
      await writeStderr(exported.lines);
      if (!exported.ok && !status) status = 1;
    }
    process.exitCode = status;
  },
};
