// How strace's test suite judges a run (tests/init.sh, run_strace_match_diff):
// the tracer's log, from the QUIRK start marker if there is one, must equal
// what the test program printed, byte for byte.

export interface Difference {
  /** 1-based line number in the expected text. */
  readonly line: number;
  /** The expected line, or undefined past its end. */
  readonly expected?: string;
  /** The log's line, or undefined past its end. */
  readonly actual?: string;
}

/** The log from the first line containing @marker (`sed -n '/marker/,$p'`); empty if none does. */
export function fromMarker(log: string, marker: string | undefined): string {
  if (marker === undefined) return log;
  const lines = log.split('\n');
  const at = lines.findIndex((l) => l.includes(marker));
  return at < 0 ? '' : lines.slice(at).join('\n');
}

/** undefined when equal, else the first line that differs (as `diff -u` would show first). */
export function firstDifference(expected: string, actual: string): Difference | undefined {
  if (expected === actual) return undefined;
  const e = expected.split('\n');
  const a = actual.split('\n');
  // A missing final newline makes the last element differ ('' against text).
  for (let i = 0; i < Math.max(e.length, a.length); i++) {
    if (e[i] !== a[i]) {
      return { line: i + 1, ...(i < e.length ? { expected: e[i] } : {}), ...(i < a.length ? { actual: a[i] } : {}) };
    }
  }
  return undefined;
}
