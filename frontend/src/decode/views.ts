// The reusable record objects a StreamDecoder hands out. Each reads the
// decoder's FieldState directly, so emitting a record copies nothing.
import type { FieldState } from './state';
import type { FieldString, RecordStrings } from './strings';
import type { EventRecord, KeyframeRecord, LostRecord, UnknownRecord } from './types';

abstract class SnapshotView {
  offset = 0;
  length = 0;

  constructor(
    protected readonly state: FieldState,
    protected readonly strings: RecordStrings,
  ) {}

  get tsNs(): number {
    return this.state.tsNs;
  }

  get synced(): boolean {
    return this.state.synced;
  }

  get(tag: number): number {
    return this.state.get(tag);
  }

  getBigInt(tag: number): bigint {
    return this.state.getBigInt(tag);
  }

  carried(tag: number): boolean {
    return this.state.carried(tag);
  }

  tsBigInt(): bigint {
    return this.state.tsBigInt();
  }

  carriedTags(): number[] {
    return this.state.carriedTags();
  }

  hasString(tag: number): boolean {
    return this.strings.has(tag);
  }

  getString(tag: number): FieldString | undefined {
    return this.strings.get(tag);
  }

  stringTags(): number[] {
    return this.strings.tags();
  }
}

export class EventView extends SnapshotView implements EventRecord {
  readonly type = 'event' as const;
  eventBit = 0;
  eventName = '';
}

export class KeyframeView extends SnapshotView implements KeyframeRecord {
  readonly type = 'keyframe' as const;
}

export class LostView implements LostRecord {
  readonly type = 'lost' as const;
  offset = 0;
  length = 0;
  srcCpu = 0;
  count = 0;
}

export class UnknownView implements UnknownRecord {
  readonly type = 'unknown' as const;
  offset = 0;
  length = 0;
  tagNumber = 0;
}
