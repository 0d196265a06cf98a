// Scheduling as one track per CPU: a slice for each stretch a traced thread
// ran there, from the switch that gave it the CPU (sched_out, recorded in the
// incoming task) to the one that took it away (sched_in, in the outgoing
// task, with the state it left in).
import { taskStateLetter } from './task-state';
import { cpuTrackTid, micros, SYSTEM_PID, type CompleteEvent, type MetadataEvent } from './trace-event';

interface Task {
  readonly pid: number;
  readonly tid: number;
  readonly name: string;
}

interface Running extends Task {
  readonly sinceNs: number;
}

export class CpuTracks {
  private readonly running = new Map<number, Running>();
  private readonly cpus = new Set<number>();
  readonly events: CompleteEvent[] = [];

  /** @task got @cpu at @tsNs. */
  switchedIn(cpu: number, task: Task, tsNs: number): void {
    const previous = this.running.get(cpu);
    // The switch that took the CPU from it is missing (lost, or filtered out).
    if (previous !== undefined) this.slice(cpu, previous, tsNs, { end_state: 'unknown' });
    this.running.set(cpu, { ...task, sinceNs: tsNs });
    this.cpus.add(cpu);
  }

  /** @task left @cpu at @tsNs in @state; @traceStartNs bounds a stretch that began before the trace. */
  switchedOut(cpu: number, task: Task, state: number, tsNs: number, traceStartNs: number): void {
    const current = this.running.get(cpu);
    const from = current !== undefined && current.tid === task.tid ? current : { ...task, sinceNs: traceStartNs };
    const args: Record<string, string | number> = { end_state: taskStateLetter(state), prev_state: state };
    if (current !== from) args.start = 'before the trace';
    this.slice(cpu, from, tsNs, args);
    this.running.delete(cpu);
    this.cpus.add(cpu);
  }

  /** End of the trace: threads still on a CPU run to its end. */
  finish(traceEndNs: number): void {
    for (const [cpu, task] of this.running) this.slice(cpu, task, traceEndNs, { end_state: 'running at the end of the trace' });
    this.running.clear();
  }

  names(): MetadataEvent[] {
    return [...this.cpus].flatMap((cpu): MetadataEvent[] => [
      { ph: 'M', name: 'thread_name', pid: SYSTEM_PID, tid: cpuTrackTid(cpu), args: { name: `CPU ${cpu}` } },
      { ph: 'M', name: 'thread_sort_index', pid: SYSTEM_PID, tid: cpuTrackTid(cpu), args: { sort_index: cpu } },
    ]);
  }

  private slice(cpu: number, task: Running, endNs: number, args: Record<string, string | number>): void {
    this.events.push({
      ph: 'X',
      cat: 'sched',
      name: `${task.name} ${task.tid}`,
      pid: SYSTEM_PID,
      tid: cpuTrackTid(cpu),
      ts: micros(task.sinceNs),
      dur: micros(endNs - task.sinceNs),
      args: { pid: task.pid, tid: task.tid, ...args },
    });
  }
}
