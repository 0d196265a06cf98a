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

export interface SecretHits {
  /** Secret hits per process [setuid copy, own copy] of the uid 1000 reader and of the privileged one. */
  readonly user: number[];
  readonly root: number[];
  /** All the uid 1000 reader's hits, of any process. */
  readonly userTotal: number;
}

/**
 * The two copies of secretFixture(), each run by uid 1000 with `--secret
 * FILE` (the setuid one on root's file, the plain one on uid 1000's), traced
 * by a uid 1000 and a privileged sec-watch reader selecting @vars of @events.
 */
export async function secretPair(dir: string, secret: string, watchJs: string, events = 'syscall', vars = 'regs,pid,uid,strings'): Promise<SecretHits> {
  const env = { ...process.env, SECRET: secret };
  const readArgs = [process.execPath, watchJs, 'read', events, vars];
  const user = watch(as(1000, readArgs), env);
  const root = watch(readArgs, env);
  const pids: number[] = [];
  try {
    await started(user);
    await started(root);
    for (const [bin, file] of [['suid', 'root-secret'], ['mine', 'user-secret']]) {
      const argv = as(1000, [`${dir}/${bin}`, '--secret', `${dir}/${file}`]);
      const r = spawnSync(argv[0], argv.slice(1));
      assert.equal(r.status, 0, String(r.stderr));
      pids.push(r.pid);
    }
  } catch (err) {
    user.child.kill('SIGKILL');
    root.child.kill('SIGKILL');
    throw err;
  }
  const [seen, all] = [await summary(user), await summary(root)];
  const hits = (sum: SecSummary) => pids.map((pid) => sum.pids[String(pid)]?.secretHits ?? 0);
  const result = { user: hits(seen), root: hits(all), userTotal: seen.secretHits };
  console.log(`      secret hits [setuid, own]: uid 1000 ${JSON.stringify(result.user)}, privileged ${JSON.stringify(result.root)}`);
  return result;
}

/**
 * secretPair() on a fresh secretFixture() of @prog, held to the rule: the
 * uid 1000 reader gets @own hits of its own copy and none of the setuid
 * one, nor of any other process; the privileged reader @root (default @own)
 * of each.
 */
export async function expectOwnSecretsOnly(dir: string, secret: string, prog: string, watchJs: string, own: number, root = own): Promise<void> {
  secretFixture(dir, secret, prog);
  const hits = await secretPair(dir, secret, watchJs);
  assert.deepEqual(hits.user, [0, own]);
  assert.deepEqual(hits.root, [root, root]);
  assert.equal(hits.userTotal, own, 'none from other processes either');
}
