// strace's own test suite as a conformance check (docs/strace-conformance.md):
// every selected program under the guest's strace (the harness works if
// strace passes as many of its own tests as when measured), and under
// `ktrace run` every test ktrace passed when last measured
// (test/conformance/expected-pass.json): each must still pass. The whole
// measurement, ktrace on every test, is scripts/strace-conformance, which
// rewrites that list; here ktrace runs only on the list, to keep the suite
// short (a node start per test under TCG).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SelectedTest } from '../conformance/gen-tests';
import { runTest, type TestResult } from '../conformance/run';
import { REPO } from './lib/readers';

interface Expected {
  readonly stracePasses: number;
  readonly ktracePasses: string[];
}

describe('strace conformance: strace test suite programs under strace and ktrace run', function () {
  const dir = process.env.KTRACE_STRACE_TESTS;
  const flavor = process.env.KTRACE_KERNEL ?? '';
  const expected = (JSON.parse(fs.readFileSync(path.join(REPO, 'test/conformance/expected-pass.json'), 'utf8')) as Record<string, Expected>)[flavor];
  const results = new Map<string, TestResult>();

  before(function () {
    this.timeout(3_600_000);
    assert.ok(dir, 'KTRACE_STRACE_TESTS (set by scripts/test-vm from scripts/strace-tests) names the built programs');
    const selection = JSON.parse(fs.readFileSync(path.join(dir, 'selection.json'), 'utf8')) as { selected: SelectedTest[] };
    const built = new Set(fs.readFileSync(path.join(dir, 'built.txt'), 'utf8').split('\n').filter(Boolean));
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'conform-'));
    try {
      const listed = new Set(expected?.ktracePasses ?? []);
      for (const t of selection.selected.filter((s) => built.has(s.name))) results.set(t.name, runTest(t, path.join(dir, 'tests'), scratch, listed.has(t.name)));
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('strace passes as many of its own tests as when last measured (the harness runs them as its test suite does)', function () {
    assert.ok(expected, `test/conformance/expected-pass.json has kernel ${flavor} (scripts/strace-conformance --kernel ${flavor})`);
    const ran = [...results.values()].filter((r) => r.strace.verdict !== 'skip');
    const failing = ran.filter((r) => r.strace.verdict !== 'pass').map((r) => `${r.name}: ${r.strace.reason ?? ''}`);
    assert.ok(ran.length - failing.length >= expected.stracePasses, `strace passes ${ran.length - failing.length} of ${ran.length}, fewer than ${expected.stracePasses}:\n${failing.join('\n')}`);
  });

  it('ktrace run still passes every test it passed when last measured', function () {
    assert.ok(expected, `test/conformance/expected-pass.json has kernel ${flavor}`);
    const regressed = expected.ktracePasses.flatMap((name) => {
      const r = results.get(name);
      if (!r) return [`${name}: not run (not built or not selected)`];
      if (r.ktrace?.verdict === 'pass') return [];
      const d = r.ktrace?.difference;
      return [`${name}: ${r.ktrace?.reason ?? r.strace.reason ?? 'not run'}${d ? ` at line ${d.line}: expected ${d.expected ?? '(end)'}, got ${d.actual ?? '(end)'}` : ''}`];
    });
    assert.deepEqual(regressed, []);
  });
});
