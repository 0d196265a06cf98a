// Runs ktrace (or ktrace over a FakeDevice) as the user would: plainly, in a
// shell pipeline behind a slow reader, with a non-blocking stdout, or with
// its output closed early; returns its exit status and what it wrote.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './paths';
import type { FakeSpec } from './fake-ktrace';

export const CLI = path.join(repoRoot(), 'dist/frontend/src/cli.js');
export const FAKE_CLI = path.join(repoRoot(), 'dist/test/support/fake-ktrace.js');
const SLOW_READER = path.join(repoRoot(), 'dist/test/support/slow-reader.js');
const NONBLOCK = path.join(repoRoot(), 'build/progs/nonblock_stdout');

export const fixture = (name: string): string => path.join(repoRoot(), 'test/fixtures', name);

export interface Invocation {
  args: string[];
  /** Run through fake-ktrace with this device script instead of the real CLI. */
  fake?: FakeSpec;
  /** Bytes for stdin (a pipe); a path string redirects stdin from that file. */
  stdin?: Buffer | { file: string };
}

export interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function envOf(inv: Invocation): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.KTRACE_DEBUG;
  if (inv.fake) env.KTRACE_FAKE_DEVICE = JSON.stringify(inv.fake);
  return env;
}

function argvOf(inv: Invocation): string[] {
  return [process.execPath, inv.fake ? FAKE_CLI : CLI, ...inv.args];
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function tmpDir(): string {
  return fs.mkdtempSync('/tmp/ktrace-out-');
}

/** Runs ktrace directly: stdout and stderr are pipes read as fast as it writes. */
export function ktrace(inv: Invocation, env: NodeJS.ProcessEnv = {}): Result {
  const [cmd, ...args] = argvOf(inv);
  const stdin = inv.stdin && 'file' in inv.stdin ? fs.openSync(inv.stdin.file, 'r') : undefined;
  const r = spawnSync(cmd, args, {
    encoding: 'utf8',
    env: { ...envOf(inv), ...env },
    input: inv.stdin instanceof Buffer ? inv.stdin : undefined,
    stdio: [stdin ?? 'pipe', 'pipe', 'pipe'],
    maxBuffer: 1 << 28,
  });
  if (stdin !== undefined) fs.closeSync(stdin);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface PipeOptions {
  /** Which of ktrace's outputs goes into the pipe (the other is kept). */
  stream?: 'stdout' | 'stderr';
  /** ktrace's stdout description is made O_NONBLOCK first (build/progs/nonblock_stdout). */
  nonBlocking?: boolean;
  /** The reader stops after this many bytes and closes the pipe. */
  closeAfter?: number;
}

export interface PipeResult extends Result {
  /** What the reader at the other end of the pipe got. */
  piped: Buffer;
}

/** `ktrace ARGS | slow-reader`, in bash, with ktrace's own exit status. */
export function ktraceIntoPipe(inv: Invocation, opts: PipeOptions = {}): PipeResult {
  const dir = tmpDir();
  const piped = path.join(dir, 'piped');
  const status = path.join(dir, 'status');
  const kept = path.join(dir, 'kept');
  const argv = [...(opts.nonBlocking ? [NONBLOCK] : []), ...argvOf(inv)].map(quote).join(' ');
  const redirect = opts.stream === 'stderr' ? `2>&1 >${quote(kept)}` : `2>${quote(kept)}`;
  const stdin = inv.stdin && 'file' in inv.stdin ? `<${quote(inv.stdin.file)}` : '';
  const reader = [process.execPath, SLOW_READER, piped, ...(opts.closeAfter !== undefined ? [String(opts.closeAfter)] : [])].map(quote).join(' ');
  const script = `${argv} ${stdin} ${redirect} | ${reader}; echo "\${PIPESTATUS[0]}" >${quote(status)}`;
  const r = spawnSync('bash', ['-c', script], {
    encoding: 'utf8',
    env: envOf(inv),
    input: inv.stdin instanceof Buffer ? inv.stdin : undefined,
  });
  if (r.status !== 0) throw new Error(`bash pipeline failed: ${r.stderr}`);
  const keptText = fs.readFileSync(kept, 'utf8');
  const result: PipeResult = {
    code: Number(fs.readFileSync(status, 'utf8').trim()),
    stdout: opts.stream === 'stderr' ? keptText : '',
    stderr: opts.stream === 'stderr' ? '' : keptText,
    piped: fs.readFileSync(piped),
  };
  fs.rmSync(dir, { recursive: true, force: true });
  return result;
}
