// Differential test: the same commands under `strace -f` and `ktrace run -f`,
// compared line by line where strace decodes them. Prints the match rates.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO, prog } from './lib/readers';

const CLI = path.join(REPO, 'dist/frontend/src/cli.js');

interface Line {
  name: string;
  args: string[];
  ret: string;
}

/** Splits `name(a, b, c) = ret` (prefix and tail notes removed); undefined for other lines. */
function parse(raw: string): Line | undefined {
  const line = raw.replace(/^\[pid +\d+\] /, '').replace(/^\d+ +/, '');
  const m = /^([a-z0-9_]+)\((.*)\) += (.*)$/.exec(line);
  if (!m) return undefined;
  return { name: m[1], args: splitArgs(m[2]), ret: m[3].replace(/ <[\d.]+>$/, '') };
}

/** Top-level commas only: strace nests {...}, [...] and "..." in arguments. */
function splitArgs(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '\\') cur += text[i++];
      else if (ch === '"') quoted = false;
    } else if (ch === '"') quoted = true;
    else if ('{[('.includes(ch)) depth++;
    else if ('}])'.includes(ch)) depth--;
    else if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
      continue;
    }
    cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/** Whether an argument is something both tracers see the same: not memory contents, not an address. */
function comparable(arg: string): boolean {
  return !/^["{[]|^0x[0-9a-f]{6,}|\.\.\.|^~?\[|=>/.test(arg) && arg !== 'NULL';
}

/** Results that are process ids differ between any two runs, traced or not. */
const PID_RESULTS = new Set(['getpid', 'getppid', 'gettid', 'set_tid_address', 'clone', 'clone3', 'fork', 'vfork', 'wait4', 'waitid', 'rt_sigreturn']);

function lcsAlign(a: Line[], b: Line[]): [Line, Line][] {
  const n = a.length;
  const m = b.length;
  const dp = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--) dp[i][j] = a[i].name === b[j].name ? dp[i + 1][j + 1] + 1 : Math.max(dp[i + 1][j], dp[i][j + 1]);
  const pairs: [Line, Line][] = [];
  for (let i = 0, j = 0; i < n && j < m; ) {
    if (a[i].name === b[j].name) pairs.push([a[i++], b[j++]]);
    else if (dp[i + 1][j] >= dp[i][j + 1]) i++;
    else j++;
  }
  return pairs;
}

function traceBoth(cmd: string[]): { strace: Line[]; ktrace: Line[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diff-'));
  const s = spawnSync('strace', ['-f', '-qq', '-o', `${dir}/s.txt`, ...cmd], { stdio: 'ignore' });
  const k = spawnSync(process.execPath, [CLI, 'run', '-f', '-o', `${dir}/k.txt`, '--', ...cmd], { stdio: 'ignore' });
  assert.equal(k.status, s.status, 'exit status differs');
  const lines = (f: string) => fs.readFileSync(f, 'utf8').split('\n').map(parse).filter((l): l is Line => !!l);
  // strace -o also shows the execve of the command; both start there.
  return { strace: lines(`${dir}/s.txt`), ktrace: lines(`${dir}/k.txt`) };
}

const COMMANDS: string[][] = [
  [prog('known_syscalls')],
  ['/bin/busybox', 'ls', '/proc/self/'],
  ['/bin/busybox', 'cat', '/proc/version'],
  ['/bin/sh', '-c', 'echo hello > /dev/null; /bin/busybox true'],
];

describe('strace differential (in VM)', function () {
  for (const cmd of COMMANDS) {
    it(`agrees with strace on ${path.basename(cmd[0])} ${cmd.slice(1).join(' ')}`, function () {
      const { strace, ktrace } = traceBoth(cmd);
      const pairs = lcsAlign(strace, ktrace);
      let args = 0;
      let argsSame = 0;
      let rets = 0;
      let retsSame = 0;
      let fullSame = 0;
      const mismatches: string[] = [];
      for (const [s, k] of pairs) {
        if (s.args.length === k.args.length) {
          s.args.forEach((a, i) => {
            if (!comparable(a) || !comparable(k.args[i])) return;
            args++;
            if (a === k.args[i]) argsSame++;
            else mismatches.push(`${s.name} arg ${i}: strace ${a} ktrace ${k.args[i]}`);
          });
        }
        if (!/^0x[0-9a-f]{6,}$/.test(s.ret) && !PID_RESULTS.has(s.name)) {
          rets++;
          if (s.ret === k.ret) retsSame++;
          else mismatches.push(`${s.name} = strace ${s.ret} ktrace ${k.ret}`);
        }
        if (s.args.join(', ') === k.args.join(', ') && s.ret === k.ret) fullSame++;
      }
      const pct = (x: number, of: number) => (of ? ((100 * x) / of).toFixed(1) : '100.0');
      console.log(
        `      ${cmd.join(' ')}: ${pairs.length}/${strace.length} strace lines aligned by name (${pct(pairs.length, strace.length)}%), ` +
          `comparable args ${argsSame}/${args} (${pct(argsSame, args)}%), returns ${retsSame}/${rets} (${pct(retsSame, rets)}%), ` +
          `whole lines ${fullSame}/${pairs.length} (${pct(fullSame, pairs.length)}%; string and struct contents are not captured yet)`,
      );
      assert.ok(pairs.length >= 0.9 * strace.length, `only ${pairs.length} of ${strace.length} lines align`);
      assert.ok(argsSame >= 0.97 * args, `arguments differ:\n${mismatches.slice(0, 20).join('\n')}`);
      assert.ok(retsSame >= 0.97 * rets, `returns differ:\n${mismatches.slice(0, 20).join('\n')}`);
    });
  }
});
