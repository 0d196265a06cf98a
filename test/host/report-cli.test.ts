// The CLI on recordings made by the real module (test/fixtures/*.ktr): report,
// -c, -f, --json and dump print exactly what was reviewed when they were made.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadFixtures } from '../support/fixtures';

const repo = path.resolve(__dirname, '../../..');
const fixture = (name: string) => path.join(repo, 'test/fixtures', name);

function ktrace(...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(repo, 'dist/frontend/src/cli.js'), ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('ktrace report on recordings from the real module', () => {
  it('has the recorded fixtures to check', () => {
    assert.ok(loadFixtures().length >= 2, 'test/fixtures/*.bin are missing');
  });

  it('report prints the reviewed strace lines, from the execve on', () => {
    const r = ktrace('report', fixture('known.ktr'));
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, fs.readFileSync(fixture('known.report.txt'), 'utf8'));
    // Recorded with the strings variable: paths, buffers and argv as strace shows them.
    assert.match(r.stdout, /^openat\(AT_FDCWD, "\/nonexistent", O_RDONLY\) += -1 ENOENT \(No such file or directory\)$/m);
    assert.match(r.stdout, /^write\(1, "abc", 3\) += 3$/m);
    assert.match(r.stdout, /^execve\("build\/progs\/known_syscalls", \["build\/progs\/known_syscalls"\], 0x[0-9a-f]+\) = 0$/m);
  });

  it('report -s cuts what was captured at its own snap length', () => {
    const r = ktrace('report', '-s', '2', fixture('known.ktr'));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^write\(1, "ab"\.\.\., 3\) += 3$/m);
    assert.match(r.stdout, /^execve\("build\/progs\/known_syscalls", \["bu"\.\.\.\], 0x[0-9a-f]+\) = 0$/m, 'argv strings are cut, paths never');
    assert.match(r.stdout, /^openat\(AT_FDCWD, "\/nonexistent", O_RDONLY\)/m);
    const bad = ktrace('report', '-s', '-1', fixture('known.ktr'));
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /bad -s value: -1/);
  });

  it('report -c prints the summary table', () => {
    const r = ktrace('report', '-c', fixture('known.ktr'));
    assert.equal(r.stdout, fs.readFileSync(fixture('known.summary.txt'), 'utf8'));
    assert.match(r.stdout, /^100\.00 +\d+\.\d+ +\d+ +19 +3 total$/m);
  });

  it('report -f prints both processes of a followed shell', () => {
    const r = ktrace('report', '-f', fixture('shf.ktr'));
    assert.equal(r.stdout, fs.readFileSync(fixture('shf.report.txt'), 'utf8'));
    const pids = new Set([...r.stdout.matchAll(/^\[pid +(\d+)\]/gm)].map((m) => m[1]));
    assert.ok(pids.size >= 2);
  });

  it('report --json gives one object per syscall with the documented fields', () => {
    const r = ktrace('report', '--json', fixture('known.ktr'));
    const objs = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const lseek = objs.find((o) => o.syscall === 'lseek');
    assert.deepEqual(
      { nr: lseek?.nr, text: lseek?.text, ret: lseek?.ret, errno: lseek?.errno },
      { nr: 8, text: '0, 12345, 0x4d /* SEEK_??? */', ret: -1, errno: 'EINVAL' },
    );
  });

  it('dump names every element, and asn1js parses all of them', () => {
    const r = ktrace('dump', fixture('known.ktr'));
    assert.equal(r.code, 0, r.stderr);
    const records = r.stdout.split('\n').filter((l) => /^ +\d+ +\[APPLICATION/.test(l));
    assert.ok(records.length > 40);
    assert.match(r.stdout, /\[APPLICATION 1\] sys_exit \(\d+ bytes\)\n(.*\n)*? +\[CONTEXT 15\] ret = -22 \(ea\)/);
    assert.match(r.stdout, /^ +\[CONTEXT 50\] str_arg1 = "\/nonexistent" complete, 12 bytes \(002f6e6f6e6578697374656e74\)$/m);
  });

  it('a truncated copy still reports everything before the damage', () => {
    const bytes = fs.readFileSync(fixture('known.ktr'));
    const cut = path.join(fs.mkdtempSync('/tmp/ktrace-'), 'cut.ktr');
    fs.writeFileSync(cut, bytes.subarray(0, bytes.length - 2));
    const r = ktrace('report', cut);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /truncated: the last \d+ bytes do not form a whole record/);
    assert.ok(r.stdout.includes('lseek(0, 12345'));
  });
});
