// One stress reader: opens /dev/trace (blocking or not), configures random
// masks and targets, reads, reconfigures, restarts and closes at random, and
// keeps every stretch of stream it read with the configuration it read it under.
import { EVENTS, VARIABLES } from '../../frontend/src/abi/abi';
import { TraceDevice } from '../../frontend/src/device/trace-device';
import { eventMask, varMask } from '../../frontend/src/session/trace-options';
import type { Random } from '../../test/support/prng';
import type { ReaderConfig, Segment } from './check';

export interface ActorCounts {
  opens: number;
  reconfigures: number;
  restarts: number;
  blockingReads: number;
  nonBlockingReads: number;
  eagain: number;
  wokenByStop: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function randomConfig(rng: Random, targets: readonly number[]): ReaderConfig {
  const subset = (names: string[]) => names.filter(() => rng.next() < 0.35);
  const events = subset(EVENTS.map((e) => e.name));
  if (!events.length) events.push(rng.pick(EVENTS).name);
  const vars = new Set(subset(VARIABLES.map((v) => v.name).filter((v) => v !== 'strings' && v !== 'nr_running')));
  vars.add('cpu');
  return { events, vars: [...vars], target: rng.next() < 0.4 ? 0 : rng.pick(targets) };
}

export class ReaderActor {
  readonly segments: Segment[] = [];
  readonly counts: ActorCounts = { opens: 0, reconfigures: 0, restarts: 0, blockingReads: 0, nonBlockingReads: 0, eagain: 0, wokenByStop: 0 };
  private device: TraceDevice | undefined;
  private nonBlocking = false;
  private config: ReaderConfig = { events: [], vars: [], target: 0 };
  private parts: Buffer[] = [];

  constructor(
    private readonly index: number,
    private readonly rng: Random,
    private readonly targets: readonly number[],
  ) {}

  async run(until: number): Promise<void> {
    while (Date.now() < until) {
      this.open();
      const steps = this.rng.int(5, 40);
      for (let i = 0; i < steps && Date.now() < until; i++) await this.step();
      await this.close();
    }
  }

  private open(): void {
    this.nonBlocking = this.rng.next() < 0.5;
    this.device = TraceDevice.open(undefined, this.nonBlocking);
    this.counts.opens++;
    this.configure();
    this.device.start();
  }

  /** New masks and target; on a started reader each ioctl restarts its stream from now. */
  private configure(): void {
    const device = this.device!;
    this.endSegment();
    this.config = randomConfig(this.rng, this.targets);
    device.setEvents(eventMask(this.config.events));
    device.setVars(varMask(this.config.vars));
    device.setTarget(this.config.target, false);
  }

  private async step(): Promise<void> {
    const roll = this.rng.next();
    if (roll < 0.1) {
      this.configure();
      this.counts.reconfigures++;
    } else if (roll < 0.2) {
      await this.stopAndDrain();
      this.device!.start();
      this.counts.restarts++;
    } else if (this.nonBlocking) await this.readNonBlocking();
    else await this.readBlocking();
  }

  private async readNonBlocking(): Promise<void> {
    this.counts.nonBlockingReads++;
    try {
      await this.readOnce();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
      this.counts.eagain++;
      await sleep(this.rng.int(1, 30));
    }
  }

  /** A blocking read that nothing arrives for is ended by a stop, which then restarts. */
  private async readBlocking(): Promise<void> {
    this.counts.blockingReads++;
    let done = false;
    let stopped = false;
    const read = this.readOnce().finally(() => (done = true));
    const timer = setTimeout(() => {
      if (!done) {
        this.counts.wokenByStop++;
        stopped = true;
        this.device!.stop();
      }
    }, 300);
    await read;
    clearTimeout(timer);
    // A stopped reader ignores new settings until restarted: finish its stream first.
    if (stopped) {
      await this.drain();
      this.endSegment();
      this.device!.start();
    }
  }

  private async readOnce(): Promise<number> {
    const buf = Buffer.alloc(this.rng.pick([4096, 16384, 65536]));
    const n = await this.device!.read(buf);
    // A copy: a kept subarray would hold the whole buffer.
    if (n > 0) this.parts.push(Buffer.from(buf.subarray(0, n)));
    return n;
  }

  private async drain(): Promise<void> {
    for (;;) {
      try {
        if ((await this.readOnce()) === 0) return;
      } catch (err) {
        // A non-blocking reader that is stopped and drained still says 0, not EAGAIN.
        if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
        await sleep(1);
      }
    }
  }

  private async stopAndDrain(): Promise<void> {
    this.device!.stop();
    await this.drain();
    this.endSegment();
  }

  private async close(): Promise<void> {
    await this.stopAndDrain();
    this.device!.close();
    this.device = undefined;
  }

  private endSegment(): void {
    if (this.parts.length) this.segments.push({ reader: this.index, config: this.config, bytes: Buffer.concat(this.parts) });
    this.parts = [];
  }
}
