// Output that never loses a byte: report, dump, export (both formats) and the
// live writer (over a FakeDevice replaying a recording) deliver to a reader
// slower than ktrace exactly what -o FILE gets, lose nothing on a
// non-blocking stdout (EAGAIN), end quietly with status 141 (128+SIGPIPE)
// when the reader closes the pipe early, and read a recording from stdin.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fixture, ktrace, ktraceIntoPipe, tmpDir, type Invocation } from '../support/cli-run';

const EXIT_BROKEN_PIPE = 141;

interface Case {
  name: string;
  /** The command, without -o. */
  inv: Invocation;
  /** The recording it reads (for the stdin cases); none for live commands. */
  recording?: string;
  /** Where the command writes without -o. */
  stream: 'stdout' | 'stderr';
  /** The exit status of a whole run. */
  status: number;
}

const dash = fixture('dash.ktr');
const timeline = fixture('timeline.ktr');
const live = { recording: dash, atEnd: 'eof' as const, recordsPerRead: 8 };

const CASES: Case[] = [
  // Without -f: with it, -o FILE prefixes lines with the pid where a pipe gets [pid N] (strace's rule).
  { name: 'report', inv: { args: ['report', dash] }, recording: dash, stream: 'stdout', status: 0 },
  { name: 'dump', inv: { args: ['dump', timeline] }, recording: timeline, stream: 'stdout', status: 0 },
  { name: 'export -F jsonl', inv: { args: ['export', '-F', 'jsonl', dash] }, recording: dash, stream: 'stdout', status: 0 },
  { name: 'export -F perfetto', inv: { args: ['export', '-F', 'perfetto', timeline] }, recording: timeline, stream: 'stdout', status: 0 },
  { name: 'live trace (ktrace --pid, fake device)', inv: { args: ['--pid', '7'], fake: live }, stream: 'stderr', status: 0 },
  { name: 'run -- true (fake device)', inv: { args: ['run', '--', 'true'], fake: live }, stream: 'stderr', status: 0 },
];

/** What the command writes with -o FILE: the reference every pipe must get. */
function viaFile(c: Case): Buffer {
  const out = path.join(tmpDir(), 'out');
  const r = ktrace({ ...c.inv, args: withOutput(c.inv.args, out) });
  assert.equal(r.code, c.status, r.stderr);
  const bytes = fs.readFileSync(out);
  fs.rmSync(path.dirname(out), { recursive: true });
  return bytes;
}

/** -o FILE goes before `--` (run's command) and after everything else. */
function withOutput(args: string[], file: string): string[] {
  const dashes = args.indexOf('--');
  return dashes < 0 ? [...args, '-o', file] : [...args.slice(0, dashes), '-o', file, ...args.slice(dashes)];
}

/** The same command reading its recording from stdin (`-`). */
function fromStdin(c: Case): Invocation {
  return { ...c.inv, args: c.inv.args.map((a) => (a === c.recording ? '-' : a)) };
}

describe('output that never loses a byte', function () {
  this.timeout(120_000);

  for (const c of CASES) {
    describe(c.name, () => {
      let reference: Buffer;
      before(() => {
        reference = viaFile(c);
        // Bigger than a pipe's buffer (64 KiB), or the slow reader proves nothing.
        assert.ok(reference.length > 3 * 65536, `only ${reference.length} bytes`);
      });

      it(`a reader slower than ktrace gets every byte of ${c.stream}, status ${c.status}`, () => {
        const r = ktraceIntoPipe(c.inv, { stream: c.stream });
        assert.equal(r.code, c.status, r.stderr || r.stdout);
        assert.equal(r.piped.length, reference.length);
        assert.ok(r.piped.equals(reference), 'the piped bytes differ from -o FILE');
      });

      it(`a non-blocking ${c.stream} (EAGAIN) loses nothing`, () => {
        const r = ktraceIntoPipe(c.inv, { stream: c.stream, nonBlocking: true });
        assert.equal(r.code, c.status, r.stderr);
        assert.equal(c.stream === 'stdout' ? r.stderr : r.stdout, '');
        assert.ok(r.piped.equals(reference), `${r.piped.length} of ${reference.length} bytes arrived`);
      });

      it(`a reader that closes the pipe early ends ktrace quietly with status ${EXIT_BROKEN_PIPE}`, () => {
        const r = ktraceIntoPipe(c.inv, { stream: c.stream, closeAfter: 1000 });
        assert.equal(r.code, EXIT_BROKEN_PIPE);
        assert.equal(c.stream === 'stdout' ? r.stderr : r.stdout, '');
        assert.ok(r.piped.equals(reference.subarray(0, 1000)));
      });

      if (c.recording) {
        const recording = c.recording;
        it('reads the recording from stdin (-): a pipe, and a redirected file', () => {
          const piped = ktrace({ ...fromStdin(c), stdin: fs.readFileSync(recording) });
          assert.equal(piped.code, c.status, piped.stderr);
          assert.ok(Buffer.from(piped.stdout).equals(reference), 'stdin as a pipe');
          const redirected = ktrace({ ...fromStdin(c), stdin: { file: recording } });
          assert.equal(redirected.code, c.status, redirected.stderr);
          assert.ok(Buffer.from(redirected.stdout).equals(reference), 'stdin as a file');
        });

        it('reads stdin through a slow, non-blocking pipe into a slow reader', () => {
          const r = ktraceIntoPipe({ ...fromStdin(c), stdin: { file: recording } }, { nonBlocking: true });
          assert.equal(r.code, c.status, r.stderr);
          assert.ok(r.piped.equals(reference));
        });
      }
    });
  }
});
