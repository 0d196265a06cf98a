// Fixed-size counters over whole seconds of record time, so rates cost O(1)
// memory however long the dashboard runs.

/** Events per second in the last complete second: two counters, no history. */
export class RollingRate {
  private sec = -1;
  private current = 0;
  private previous = 0;
  total = 0;

  add(sec: number, n = 1): void {
    if (sec !== this.sec) {
      this.previous = sec === this.sec + 1 ? this.current : 0;
      this.current = 0;
      this.sec = sec;
    }
    this.current += n;
    this.total += n;
  }

  /** The count of second @now - 1 (the last complete one when @now is still running). */
  perSec(now: number): number {
    if (this.sec === now - 1) return this.current;
    if (this.sec === now) return this.previous;
    return 0;
  }
}

/** Per-second counts of the last @capacity seconds, in a ring. */
export class SecondSeries {
  private readonly counts: Float64Array;
  private readonly secs: Float64Array;

  constructor(readonly capacity: number) {
    this.counts = new Float64Array(capacity);
    this.secs = new Float64Array(capacity).fill(-1);
  }

  add(sec: number, n = 1): void {
    const i = sec % this.capacity;
    if (this.secs[i] !== sec) {
      this.secs[i] = sec;
      this.counts[i] = 0;
    }
    this.counts[i] += n;
  }

  at(sec: number): number {
    if (sec < 0) return 0;
    const i = sec % this.capacity;
    return this.secs[i] === sec ? this.counts[i] : 0;
  }

  /** The @n seconds ending with @last, oldest first (at most the capacity). */
  window(last: number, n: number): number[] {
    const count = Math.min(n, this.capacity);
    const out: number[] = [];
    for (let s = last - count + 1; s <= last; s++) out.push(this.at(s));
    return out;
  }
}

/** A Map that forgets its least recently touched keys beyond @capacity. */
export class CappedMap<K, V> {
  private readonly map = new Map<K, V>();

  /** @onEvict: told of each value forgotten for room (not of those deleted). */
  constructor(
    readonly capacity: number,
    private readonly onEvict?: (value: V) => void,
  ) {}

  get size(): number {
    return this.map.size;
  }

  /** The value for @key, created by @make when absent; marks it most recently used. */
  touch(key: K, make: () => V): V {
    let value = this.map.get(key);
    if (value !== undefined) this.map.delete(key);
    else value = make();
    this.map.set(key, value);
    if (this.map.size > this.capacity) this.evictOldest();
    return value;
  }

  /** Forgets the least recently touched entry. */
  evictOldest(): void {
    const oldest = this.map.entries().next();
    if (oldest.done) return;
    this.map.delete(oldest.value[0]);
    this.onEvict?.(oldest.value[1]);
  }

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  delete(key: K): void {
    this.map.delete(key);
  }

  values(): IterableIterator<V> {
    return this.map.values();
  }

  entries(): IterableIterator<[K, V]> {
    return this.map.entries();
  }
}

/** The last @capacity items. */
export class Ring<T> {
  private readonly items: T[] = [];
  private start = 0;

  constructor(readonly capacity: number) {}

  push(item: T): void {
    if (this.items.length < this.capacity) this.items.push(item);
    else {
      this.items[this.start] = item;
      this.start = (this.start + 1) % this.capacity;
    }
  }

  /** Oldest first. */
  toArray(): T[] {
    return [...this.items.slice(this.start), ...this.items.slice(0, this.start)];
  }

  get length(): number {
    return this.items.length;
  }

  last(): T | undefined {
    return this.items.length ? this.items[(this.start + this.items.length - 1) % this.items.length] : undefined;
  }
}

/** The largest value added over the last @seconds (per-second maxima: bounded whatever the rate). */
export class RecentMax {
  private readonly maxima = new Map<number, number>();

  constructor(private readonly seconds: number) {}

  add(nowNs: number, value: number): void {
    const sec = Math.floor(nowNs / 1e9);
    if (value > (this.maxima.get(sec) ?? -Infinity)) this.maxima.set(sec, value);
    if (this.maxima.size > this.seconds) for (const s of this.maxima.keys()) if (s <= sec - this.seconds) this.maxima.delete(s);
  }

  max(nowNs: number): number {
    const from = Math.floor(nowNs / 1e9) - this.seconds;
    let m = 0;
    for (const [s, v] of this.maxima) if (s > from && v > m) m = v;
    return m;
  }
}
