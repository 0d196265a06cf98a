// --json lines from the call pairer's items (paired.ts): one object per
// call that ended (docs/json-output.md). Signals and thread ends have
// their own objects (signal-json.ts), written by the trace view.
import { callText, quoteOptions } from './call-text';
import { toJson } from './json';
import type { StraceItem } from './paired';
import type { QuoteOptions, StraceOptions } from './types';

export class JsonRenderer {
  private readonly quote: QuoteOptions;

  constructor(private readonly options: Pick<StraceOptions, 'snapLength' | 'hexStrings' | 'verbose' | 'timeZone' | 'realtimeOffsetNs'> = {}) {
    this.quote = quoteOptions(options);
  }

  /** The line of a call that ended; nothing for the other items (an entry prints with its end). */
  render(item: StraceItem): string[] {
    if (item.kind !== 'complete' && item.kind !== 'resumed') return [];
    const call = item.call;
    const { args, returned } = callText(call, this.quote);
    const record = toJson(
      {
        pid: call.pid,
        tid: call.tid,
        sysno: call.sysno,
        name: call.name,
        enterNs: call.enterNs,
        exitNs: call.exitNs,
        raw: call.raw,
        ret: call.ret,
        argsText: args.join(', '),
        returned,
      },
      this.options.realtimeOffsetNs,
    );
    return [JSON.stringify(record)];
  }
}
