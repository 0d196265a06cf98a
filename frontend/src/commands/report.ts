// `ktrace report FILE|- [view options] [filters]`: any view of a recording, offline.
import type { CommandModule } from 'yargs';
import { eventFamilies } from '../abi/abi';
import { readRecords } from '../decode';
import { Output } from '../io/output';
import { FileSource } from '../record/file-source';
import { inputName, reportProblems } from '../session/recording-problems';
import { RecordFilter, parseEventSelection, parsePidList, parseTimeBound, type RecordFilterSpec } from '../session/record-filter';
import { TraceView, allGates, firstExecGate } from '../session/trace-view';
import { loadSites } from '../usdt/attach';
import { progressBar } from '../views/progress';
import { UserError } from '../user-error';
import { viewOptions, viewOutput, withView, type ViewArgs } from './options';

interface ReportArgs extends ViewArgs {
  file: string;
  pid?: string | string[];
  comm?: string | string[];
  from?: string;
  to?: string;
  events?: string;
}

/** A repeatable option's values (not `array: true`, which would swallow the file argument). */
function listOf(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : (Array.isArray(value) ? value : [value]).map(String);
}

/** The filters the arguments ask for; usage errors as one line, status 2. */
function filterSpec(args: ReportArgs): RecordFilterSpec {
  const from = args.from === undefined ? undefined : parseTimeBound(String(args.from), '--from');
  const to = args.to === undefined ? undefined : parseTimeBound(String(args.to), '--to');
  if (from?.kind === 'since-start' && to?.kind === 'since-start' && to.ns < from.ns)
    throw new UserError(`bad time range: --to ${args.to} is before --from ${args.from}`, 2);
  const comms = listOf(args.comm).flatMap((c) => c.split(',')).filter(Boolean);
  return {
    pids: args.pid === undefined ? undefined : parsePidList(listOf(args.pid)),
    children: args.follow > 0,
    comms: comms.length ? comms : undefined,
    from,
    to,
    events: args.events === undefined ? undefined : parseEventSelection(String(args.events)),
  };
}

export const reportCommand: CommandModule<object, ReportArgs> = {
  command: 'report <file>',
  describe: 'Show a recording with the same views as a live trace',
  builder: (y) =>
    withView(y)
      .positional('file', { type: 'string', demandOption: true, describe: 'recording (from ktrace record), or - for stdin' })
      .option('pid', {
        alias: 'p',
        type: 'string',
        describe: 'only these processes or threads (PID[,PID]..., repeatable); with -f their children too',
      })
      .option('comm', { type: 'string', describe: 'only tasks whose command name (comm, 15 bytes) is NAME[,NAME]... (repeatable)' })
      .option('from', {
        type: 'string',
        describe: "from T on: seconds since the recording's first event (1.5, 250ms, 40us) or a time of day as -t/-tt print it (14:03:07.25)",
      })
      .option('to', { type: 'string', describe: 'up to T (included), as --from' })
      .option('events', {
        type: 'string',
        describe: `event families or events to show (syscall,signal); a leading ! hides them ('!sched'). Families: ${eventFamilies().join(', ')}`,
      })
      .example('$0 report ls.ktr', 'strace-style lines')
      .example('$0 report -c ls.ktr', 'syscall summary')
      .example('$0 report -p 1234,1240 -f make.ktr', 'two processes and the children they fork')
      .example('$0 report --comm cc1 -e trace=%file make.ktr', 'the file syscalls of every cc1')
      .example('$0 report --from 2.5 --to 3s -tt make.ktr', "a second of the recording, from 2.5 s after its first event")
      .example("$0 report --events '!sched,mem' dash.ktr", 'everything but scheduling and memory events')
      .example('$0 report -f -o out.txt make.ktr', 'to a file, every line starting with the pid (strace -f -o)')
      .example('$0 report -ff -o out make.ktr', 'one file per thread: out.<tid>')
      .example('$0 report --json ls.ktr | jq .syscall', 'JSON, one object per event') as never,
  handler: async (args) => {
    const spec = filterSpec(args);
    const { source, header, streamOffset } = await FileSource.openInput(args.file);
    try {
      const realtimeOffsetNs = BigInt(header.realtimeOffsetNs);
      const filter = new RecordFilter(spec, { vars: BigInt(header.vars), events: BigInt(header.events), realtimeOffsetNs });
      const out = viewOutput(args, 1);
      // A recorded command starts at its execve, as with `ktrace run`.
      const gate = allGates((record) => filter.accept(record), header.command ? firstExecGate(header.targetPid) : undefined);
      // A system-wide recording (no target) shows every line's pid, as a system-wide live trace.
      const view = new TraceView(
        { ...viewOptions(args, realtimeOffsetNs, { systemWide: !header.targetPid, severalPids: (spec.pids?.length ?? 0) > 1 }, out), usdtSites: loadSites(header.usdt) },
        out.write,
        gate,
      );
      const stderr = Output.stderr();
      const showProgress = process.stderr.isTTY && source.size > 1 << 20;
      const records = readRecords(source, {
        baseOffset: streamOffset,
        afterChunk: async () => {
          if (showProgress) stderr.write(progressBar(streamOffset + records.report.bytes, source.size));
          await out.drain();
        },
      });
      for await (const record of records) view.onRecord(record);
      if (showProgress) stderr.write('\r\x1b[K');
      view.finish();
      await out.close();
      await reportProblems(inputName(args.file), records.report, view.lost);
    } finally {
      source.close();
    }
  },
};
