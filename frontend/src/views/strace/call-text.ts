// The printed pieces of a paired call (paired.ts): its arguments as strace
// prints them and the text after `= `. Shared by the text, JSON and
// Perfetto renderers.
import { decoratedFd } from './args';
import { entryArgs, exitArgs, returnNote, type CallValues } from './call';
import { returnsFd } from './fds';
import { endValues, entryValues, type EndedCall } from './paired';
import { formatReturn, type ReturnText } from './ret';
import type { QuoteOptions, StraceOptions } from './types';

/** The quoting options of @options, with strace's defaults. */
export function quoteOptions(options: StraceOptions): QuoteOptions {
  return {
    snapLength: options.snapLength ?? 32,
    hexStrings: options.hexStrings ?? 'none',
    verbose: options.verbose ?? false,
    timeZone: options.timeZone ?? 'local',
  };
}

/**
 * The result: `-1 ENOENT (...)`, a value with its note (poll's revents);
 * with -y (the call kept its descriptor paths) a returned descriptor with
 * its path, `3</etc/passwd>`. @values: undefined when the entry was not
 * seen (nothing to note).
 */
export function returnText(call: EndedCall, values: CallValues | undefined, quote: QuoteOptions): ReturnText {
  const layout = call.layout;
  const note = values === undefined ? undefined : returnNote(layout, values, quote);
  const returned = formatReturn(layout.shape.ret, call.ret, note, layout.shape.retFlags);
  const fdPath = call.fdsAtEnd;
  if (fdPath === undefined || call.ret === undefined || returned.errno !== undefined) return returned;
  if (!returnsFd(call.name, call.raw)) return returned;
  return { text: decoratedFd(call.ret, fdPath, quote.hexStrings) };
}

/** Every argument as strace prints it (none when the entry was not seen), and the result. */
export function callText(call: EndedCall, quote: QuoteOptions): { readonly args: string[]; readonly returned: ReturnText } {
  if (call.enterNs === undefined) return { args: [], returned: returnText(call, undefined, quote) };
  const values = endValues(call);
  const args = [...entryArgs(call.layout, entryValues(call), quote, values), ...exitArgs(call.layout, values, quote)];
  return { args, returned: returnText(call, values, quote) };
}
