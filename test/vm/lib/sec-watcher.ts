// A sec-watch reader run as a child (test/vm/helpers/sec-watch.ts): wait for
// it to start, then end it and read its summary of what it was sent.
import { strict as assert } from 'node:assert';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import type { SecSummary } from '../helpers/sec-watch';

/** @argv run as @uid (and its gid), without supplementary groups. */
export const as = (uid: number, argv: string[]) => ['setpriv', `--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', '--', ...argv];

export interface Watcher {
  child: ChildProcess;
  out: () => string;
  exited: Promise<number | null>;
}

export function watch(argv: string[], env: NodeJS.ProcessEnv): Watcher {
  const child = spawn(argv[0], argv.slice(1), { stdio: ['pipe', 'pipe', 'inherit'], env });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString('latin1')));
  const exited = new Promise<number | null>((r) => child.on('close', r));
  return { child, out: () => out, exited };
}

/** Until the watcher printed `started` (its reader is started), at most 5 minutes. */
export async function started(w: Watcher): Promise<void> {
  for (const until = Date.now() + 300000; !/^started$/m.test(w.out()); ) {
    if (w.child.exitCode !== null || Date.now() > until) assert.fail(`watcher did not start: ${w.out()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Ends the watcher (closes its stdin) and returns its summary line. */
export async function summary(w: Watcher): Promise<SecSummary> {
  w.child.stdin?.end();
  assert.equal(await w.exited, 0, w.out());
  const line = w.out().split('\n').find((l) => l.startsWith('summary '));
  assert.ok(line, w.out());
  return JSON.parse(line.slice('summary '.length)) as SecSummary;
}

/**
 * @dir on the guest's tmpfs (the 9p share ignores setuid bits) with @secret in
 * root-secret (root's, 0600) and user-secret (uid 1000's, 0600), and two copies
 * of @prog: suid (setuid root) and mine (plain).
 */
export function secretFixture(dir: string, secret: string, prog: string): void {
  const setup = spawnSync(
    '/bin/sh',
    [
      '-c',
      [
        `rm -rf ${dir}`,
        `mkdir -m 0755 ${dir}`,
        `printf '${secret}' > ${dir}/root-secret`,
        `chmod 0600 ${dir}/root-secret`,
        `printf '${secret}' > ${dir}/user-secret`,
        `chown 1000:1000 ${dir}/user-secret`,
        `chmod 0600 ${dir}/user-secret`,
        `cp ${prog} ${dir}/suid`,
        `chmod 4755 ${dir}/suid`,
        `cp ${prog} ${dir}/mine`,
      ].join(' && '),
    ],
    { encoding: 'utf8' },
  );
  assert.equal(setup.status, 0, setup.stderr);
}
