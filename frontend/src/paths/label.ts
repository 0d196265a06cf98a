// What a request is called: the first line of an HTTP request, or what a
// user's rule (a regular expression, its first group if it has one) finds
// in the first bytes the request's client sent.
import type { Hop, Paths, Request } from './requests';

const HTTP_REQUEST_LINE = /^([A-Z]{3,10} \S+ HTTP\/\d(?:\.\d)?)\r?\n/;

export function requestLabel(paths: Paths, request: Request, rule?: RegExp): string | undefined {
  const data = paths.hops[request.rootHop]?.data;
  if (!data) return undefined;
  const text = data.toString('latin1');
  if (rule) {
    const m = rule.exec(text);
    return m ? (m[1] ?? m[0]) : undefined;
  }
  return HTTP_REQUEST_LINE.exec(text)?.[1];
}

/** The request's tree of process names: client → front → (back1, back2). */
export function pathShape(hops: readonly Hop[], hop: number): string {
  const h = hops[hop];
  const kids = [...h.children].sort((a, b) => (hops[a].start < hops[b].start ? -1 : 1));
  if (!kids.length) return h.comm;
  const tail = kids.length === 1 ? pathShape(hops, kids[0]) : `(${kids.map((k) => pathShape(hops, k)).join(', ')})`;
  return `${h.comm} → ${tail}`;
}

/** End-to-end time: from the client's first send to its last reply byte (or the first hop's span). */
export function requestLatency(paths: Paths, request: Request): bigint {
  const root = paths.hops[request.rootHop];
  return root.end - root.start;
}

/** Time a hop spent itself: its span less its calls' spans. */
export function selfTime(hops: readonly Hop[], hop: number): bigint {
  const h = hops[hop];
  let t = h.end - h.start;
  for (const k of h.children) t -= hops[k].end - hops[k].start;
  return t < 0n ? 0n : t;
}
