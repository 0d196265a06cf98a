// msg events of one or more recordings -> requests: match, place clocks, build.
import { estimateOffsets } from './clock';
import { matchMessages } from './match';
import type { MsgEvent } from './msg';
import { buildPaths, type Paths } from './requests';

export function analyze(msgs: readonly MsgEvent[], sources: number): Paths {
  const matching = matchMessages(msgs);
  return buildPaths(msgs, matching, estimateOffsets(matching.edges, sources));
}
