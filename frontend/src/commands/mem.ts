// `ktrace mem`: vmstat-like rows from the memory variables and page events.
import type { CommandModule } from 'yargs';
import { expandEventNames, expandVariableNames, maskOf } from '../abi/abi';
import type { Device } from '../device/device';
import { openDevice } from '../session/open-device';
import { pump } from '../session/pump';
import { Output } from '../io/output';
import { explainMaskError, explainTargetError, UserError } from '../user-error';
import { formatMemHeader, formatMemJson, formatMemRow } from '../views/mem/format';
import { MemSampler } from '../views/mem/sampler';

interface MemArgs {
  device: string;
  interval: number;
  pid?: number;
  count?: number;
  json: boolean;
}

// Context switches carry the variables too: an idle system allocates no pages
// for seconds, but its CPUs still switch (this process's own timer wakeups are
// switches from the idle task), so every interval has fresh values.
const SYSTEM_EVENTS = ['page_alloc', 'page_free', 'sched_in'];
const SYSTEM_VARS = ['free_mem', 'total_mem', 'page_faults', 'page_ins', 'page_outs', 'swap_ins', 'swap_outs'];
// The task's own events refresh its sizes and fault counts whenever it runs.
const TASK_EVENTS = ['sys_exit', 'fault_user', 'sched_in'];
const TASK_VARS = ['pid', 'task_mem', 'task_faults'];

function configure(device: Device, events: string[], vars: string[], pid: number): void {
  const unavailable = (kind: 'event' | 'var', names: string[]) =>
    device.describeAll(kind).filter((row) => !row.available && names.includes(row.name));
  try {
    device.setEvents(maskOf(expandEventNames(events)));
  } catch (err) {
    throw explainMaskError(err, 'event', unavailable('event', events));
  }
  try {
    device.setVars(maskOf(expandVariableNames(vars)));
  } catch (err) {
    throw explainMaskError(err, 'variable', unavailable('var', vars));
  }
  try {
    device.setTarget(pid, false);
  } catch (err) {
    throw explainTargetError(err, pid);
  }
}

export const memCommand: CommandModule<object, MemArgs> = {
  command: 'mem',
  describe: 'Show memory like vmstat: free/total, faults, paging, swapping and page allocations per second',
  builder: (y) =>
    y
      .option('device', { type: 'string', default: '/dev/trace', describe: 'trace device' })
      .option('interval', { type: 'number', default: 1000, describe: 'milliseconds between rows' })
      .option('pid', { type: 'number', describe: 'also show this process: rss, size, faults per second' })
      .option('count', { type: 'number', describe: 'stop after this many rows' })
      .option('json', { type: 'boolean', default: false, describe: 'one JSON object per row' })
      .check((a) => {
        if (!(a.interval >= 10)) throw new UserError('--interval must be at least 10 ms', 2);
        if (a.count !== undefined && !(a.count >= 1)) throw new UserError('--count must be at least 1', 2);
        return true;
      })
      .example('$0 mem', 'one row a second until Ctrl-C')
      .example('$0 mem --pid 1234 --interval 500 --count 10', 'with process 1234, ten rows') as never,
  handler: async (args) => {
    const system = openDevice(args.device, { checkAbi: true });
    const task = args.pid !== undefined ? openDevice(args.device, { checkAbi: true }) : undefined;
    const sampler = new MemSampler(args.pid);
    const stdout = Output.stdout();
    const out = (text: string) => stdout.write(text);
    try {
      configure(system, SYSTEM_EVENTS, SYSTEM_VARS, 0);
      if (task && args.pid !== undefined) configure(task, TASK_EVENTS, TASK_VARS, args.pid);
      if (!args.json) out(formatMemHeader(task !== undefined));

      let rows = 0;
      // A failed write (the reader of stdout went away) ends the sampling, reported after it.
      let failure: unknown;
      let last = process.hrtime.bigint();
      const stop = () => {
        clearInterval(timer);
        system.stop();
        task?.stop();
      };
      const timer = setInterval(() => {
        const now = process.hrtime.bigint();
        const row = sampler.row(Number(now - last) / 1e9);
        last = now;
        if (!row) return;
        out(args.json ? formatMemJson(row) : formatMemRow(row, task !== undefined));
        stdout.flush().catch((err: unknown) => {
          failure ??= err;
          stop();
        });
        if (args.count !== undefined && ++rows >= args.count) stop();
      }, args.interval);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      system.start();
      task?.start();
      try {
        await Promise.all([
          pump(system, (r) => sampler.onSystemRecord(r)),
          task ? pump(task, (r) => sampler.onTaskRecord(r)) : Promise.resolve(),
        ]);
      } finally {
        clearInterval(timer);
        process.removeListener('SIGINT', stop);
        process.removeListener('SIGTERM', stop);
      }
      if (failure !== undefined) throw failure;
      await stdout.flush();
    } finally {
      system.close();
      task?.close();
    }
  },
};
