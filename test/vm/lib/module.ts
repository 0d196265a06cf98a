// Reloading trace.ko inside the VM (with parameters), for tests that need it.
import { spawnSync } from 'node:child_process';
import { strict as assert } from 'node:assert';

export function modulePath(): string {
  const path = process.env.KTRACE_MODULE;
  assert.ok(path, 'scripts/vm must export KTRACE_MODULE (the trace.ko it loaded)');
  return path;
}

export function sh(cmd: string): { code: number; out: string } {
  for (let attempt = 1; ; attempt++) {
    const r = spawnSync('/bin/sh', ['-c', cmd], { encoding: 'utf8' });
    if (!r.error) return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
    if (attempt === 3) return { code: -1, out: `cannot run ${cmd}: ${r.error.message}` };
    // After a test that held much memory (the stress's reference stream) the fork can fail until V8 collects it.
    (globalThis as { gc?: () => void }).gc?.();
  }
}

export function reload(params = ''): void {
  const rm = sh('rmmod trace');
  assert.equal(rm.code, 0, `rmmod: ${rm.out}`);
  const ins = sh(`insmod ${modulePath()} ${params}`);
  assert.equal(ins.code, 0, `insmod: ${ins.out}`);
}
