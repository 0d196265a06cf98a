// One program traced by the guest's strace and by `ktrace run`, each in a
// directory of its own that the program gets as its argument: the call
// lines of both, for tests that hold ktrace to strace's lines.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI } from './events';

export function traceBoth(prog: string, callLines: (file: string) => string[]): { strace: string[]; ktrace: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${path.basename(prog)}-`));
  fs.mkdirSync(`${dir}/s`);
  fs.mkdirSync(`${dir}/k`);
  const s = spawnSync('strace', ['-qq', '-o', `${dir}/s.txt`, prog, `${dir}/s`], { encoding: 'utf8' });
  assert.equal(s.status, 0, s.stderr);
  const k = spawnSync(process.execPath, [CLI, 'run', '-o', `${dir}/k.txt`, '--', prog, `${dir}/k`], { encoding: 'utf8' });
  assert.equal(k.status, 0, k.stderr);
  return { strace: callLines(`${dir}/s.txt`), ktrace: callLines(`${dir}/k.txt`) };
}
