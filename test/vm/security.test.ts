// Security (issue 15): an unprivileged reader sees exactly what ptrace
// (PTRACE_MODE_READ_REALCREDS) would let it see, what it may ask for follows
// the module parameter paranoid, its readers and their memory are limited
// per user, and --pid is a pid of the reader's own pid namespace. Every
// visibility case is checked against real ptrace: uid 1000's `strace -p`
// attaches exactly where its reader shows the process.
import { strict as assert } from 'node:assert';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SecSummary } from './helpers/sec-watch';
import { PARANOID_MESSAGE } from '../../frontend/src/user-error';
import { CLI } from './lib/events';
import { prog } from './lib/readers';

const WATCH = path.join(__dirname, 'helpers/sec-watch.js');
const DIR = '/tmp/ktsec';
const PLAIN = `${DIR}/plain`;
const SGID = `${DIR}/sgid`;
const SUID = `${DIR}/suid`;
const GROUP_SECRET = `${DIR}/group-secret`;
const ROOT_SECRET = `${DIR}/root-secret`;
const USER_SECRET = `${DIR}/user-secret`;
const OTHER_SECRET = `${DIR}/other-secret`;
const SECRET = 'ktsec-secret-';
const PARAM = '/sys/module/trace/parameters';
const SYS_GETPPID = 'sys_exit:110';
const SYS_GETPGRP = 'sys_exit:111';

const as = (uid: number, argv: string[]) => ['setpriv', `--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', '--', ...argv];

interface Proc {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exited: Promise<number | null>;
  waitFor: (re: RegExp, ms?: number, stream?: 'stdout' | 'stderr') => Promise<RegExpMatchArray>;
}

function start(argv: string[], env: NodeJS.ProcessEnv = process.env): Proc {
  const child = spawn(argv[0], argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], env });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString('latin1')));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString('latin1')));
  let closed = false;
  const exited = new Promise<number | null>((r) =>
    child.on('close', (code) => {
      closed = true;
      r(code);
    }),
  );
  return {
    child,
    out: () => out,
    err: () => err,
    exited,
    waitFor: async (re, ms = 120000, stream = 'stdout') => {
      const until = Date.now() + ms;
      for (;;) {
        const m = re.exec(stream === 'stdout' ? out : err);
        if (m) return m;
        // After 'close': all its output is in.
        if (closed || Date.now() > until) assert.fail(`${argv.join(' ')}: no ${re} in ${JSON.stringify(out)} ${JSON.stringify(err)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}

function sh(cmd: string): { code: number; out: string } {
  const r = spawnSync('/bin/sh', ['-c', cmd], { encoding: 'utf8' });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

function summaryOf(p: Proc, nth = 0): any {
  const lines = p.out().split('\n').filter((l) => l.startsWith('summary '));
  assert.ok(lines[nth], `no summary ${nth} in ${p.out()} ${p.err()}`);
  return JSON.parse(lines[nth].slice('summary '.length));
}

/** Closes the stdin of the watchers (uid 1000's, root's), which then print what they saw. */
async function summariesAtEnd(user: Proc, root: Proc): Promise<[SecSummary, SecSummary]> {
  user.child.stdin?.end();
  root.child.stdin?.end();
  assert.equal(await user.exited, 0, user.err());
  assert.equal(await root.exited, 0, root.err());
  return [summaryOf(user) as SecSummary, summaryOf(root) as SecSummary];
}

/** Runs sec-watch to completion (stdin closed at once); its first summary. */
function watchOnce(argv: string[]): any {
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', input: '' });
  assert.equal(r.status, 0, `${argv.join(' ')}: ${r.stdout}${r.stderr}`);
  const line = r.stdout.split('\n').find((l) => l.startsWith('summary '));
  assert.ok(line, r.stdout + r.stderr);
  return JSON.parse(line.slice('summary '.length));
}

/** uid 1000's `strace -p PID`: did it attach? Interrupted once it said (strace then detaches). */
async function straceAttaches(pid: number): Promise<boolean> {
  const p = start(as(1000, ['strace', '-e', 'trace=none', '-p', String(pid)]));
  try {
    const m = await p.waitFor(/Process \d+ attached|Operation not permitted/, 120000, 'stderr');
    return m[0] !== 'Operation not permitted';
  } finally {
    p.child.kill('SIGINT');
    await p.exited;
  }
}

interface Case {
  name: string;
  argv: string[];
  /** Whether uid 1000 may ptrace the process while it waits. */
  visible: boolean;
  /** Records of the waiting state's calls: getpgrp after --undump, else getppid. */
  undump?: boolean;
}

const CALLS = 20;
const CASES: Case[] = [
  { name: 'its own program', argv: as(1000, [PLAIN, '--calls', String(CALLS), '--wait']), visible: true },
  { name: 'a setgid helper reading a group-only file', argv: as(1000, [SGID, '--read', GROUP_SECRET, '--calls', String(CALLS), '--wait']), visible: false },
  { name: 'a setuid-root helper reading a root-only file', argv: as(1000, [SUID, '--read', ROOT_SECRET, '--calls', String(CALLS), '--wait']), visible: false },
  { name: 'its own program after prctl(PR_SET_DUMPABLE, 0)', argv: as(1000, [PLAIN, '--undump', '--calls', String(CALLS), '--wait']), visible: false, undump: true },
  { name: 'its own program in a user namespace it created', argv: as(1000, ['unshare', '--user', '--map-root-user', PLAIN, '--calls', String(CALLS), '--wait']), visible: true },
  { name: 'a uid-1000 process in a user namespace root created', argv: [PLAIN, '--userns-map', '1000', '--calls', String(CALLS), '--wait'], visible: false },
];

describe('security: ptrace-equivalent visibility, paranoid, per-user limits, pid namespaces (in VM)', function () {
  this.timeout(900000);
  let scope: string | undefined;
  /** Processes a failed test may leave running (a reader would count against the user's limit). */
  const live: Proc[] = [];

  afterEach(function () {
    for (const p of live.splice(0)) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  });

  before(function () {
    // Yama's relational mode restricts attaching to descendants; reading is ptrace's plain rule.
    const yama = '/proc/sys/kernel/yama/ptrace_scope';
    if (fs.existsSync(yama)) {
      scope = fs.readFileSync(yama, 'utf8').trim();
      fs.writeFileSync(yama, '0');
    }
    // On the guest's tmpfs: the 9p share ignores setuid bits.
    const setup = sh(
      [
        `rm -rf ${DIR}`,
        `mkdir -m 0755 ${DIR}`,
        `printf '${SECRET}of-group-42' > ${GROUP_SECRET}`,
        `chown 0:42 ${GROUP_SECRET}`,
        `chmod 0640 ${GROUP_SECRET}`,
        `printf '${SECRET}of-root' > ${ROOT_SECRET}`,
        `chmod 0600 ${ROOT_SECRET}`,
        `printf '${SECRET}of-user-1000' > ${USER_SECRET}`,
        `chown 1000:1000 ${USER_SECRET}`,
        `chmod 0600 ${USER_SECRET}`,
        `printf '${SECRET}of-user-1001' > ${OTHER_SECRET}`,
        `chown 1001:1001 ${OTHER_SECRET}`,
        `chmod 0600 ${OTHER_SECRET}`,
        `cp ${prog('sec_target')} ${PLAIN}`,
        `cp ${prog('sec_target')} ${SGID}`,
        `chown 0:42 ${SGID}`,
        `chmod 2755 ${SGID}`,
        `cp ${prog('sec_target')} ${SUID}`,
        `chmod 4755 ${SUID}`,
        `echo 2 > ${PARAM}/paranoid`,
      ].join(' && '),
    );
    assert.equal(setup.code, 0, setup.out);
  });

  after(function () {
    if (scope !== undefined) fs.writeFileSync('/proc/sys/kernel/yama/ptrace_scope', scope);
    sh(`echo 2 > ${PARAM}/paranoid; echo 64 > ${PARAM}/max_user_readers; echo 16384 > ${PARAM}/max_user_kb`);
  });

  it('uid 1000 sees a process exactly where its strace -p attaches; a privileged reader sees all', async function () {
    const env = { ...process.env, SECRET };
    const readArgs = ['read', 'syscall,proc', 'regs,pid,uid,comm,strings'];
    const user = start(as(1000, [process.execPath, WATCH, ...readArgs]), env);
    const root = start([process.execPath, WATCH, ...readArgs], env);
    const results: { c: Case; pid: number; strace: boolean; target: string }[] = [];
    try {
      await user.waitFor(/^started$/m);
      await root.waitFor(/^started$/m);
      for (const c of CASES) {
        const p = start(c.argv);
        try {
          const pid = Number((await p.waitFor(/^ready (\d+)$/m))[1]);
          // The pid as seen here: a new user namespace keeps the pid namespace.
          assert.equal(pid, p.child.pid!, c.name);
          const strace = await straceAttaches(pid);
          // Asked of uid 1000's running watcher: a node start per case costs ~50 s on the debug kernel.
          user.child.stdin?.write(`target ${pid}\n`);
          const target = (await user.waitFor(new RegExp(`^target ${pid} (\\S+)$`, 'm')))[1];
          p.child.stdin?.end();
          assert.equal(await p.exited, 0, `${c.name}: ${p.out()} ${p.err()}`);
          results.push({ c, pid, strace, target });
        } finally {
          p.child.kill('SIGKILL');
        }
      }
    } catch (err) {
      user.child.kill('SIGKILL');
      root.child.kill('SIGKILL');
      throw err;
    }
    const [seen, all] = await summariesAtEnd(user, root);
    const shown = (s: SecSummary, pid: number, key: string) => s.pids[String(pid)]?.counts[key] ?? 0;
    for (const { c, pid, strace, target } of results) {
      const key = c.undump ? SYS_GETPGRP : SYS_GETPPID;
      const line = `${c.name} (pid ${pid}): strace ${strace}, target ${target}, uid 1000 saw ${JSON.stringify(seen.pids[String(pid)])}`;
      console.log(`      ${line}`);
      assert.equal(strace, c.visible, `strace -p: ${line}`);
      assert.equal(target, c.visible ? 'ok' : 'EPERM', `SET_TARGET: ${line}`);
      assert.equal(shown(seen, pid, key), c.visible ? CALLS : 0, `records: ${line}`);
      // A privileged reader sees every one of them.
      assert.equal(shown(all, pid, key), CALLS, `privileged: ${c.name} ${JSON.stringify(all.pids[String(pid)])}`);
    }
    // Before prctl(PR_SET_DUMPABLE, 0) the process was visible, and its calls with it.
    const undump = results.find((r) => r.c.undump)!;
    assert.equal(shown(seen, undump.pid, SYS_GETPPID), CALLS);
    // setuid/setgid: nothing from the exec on, not even the program's name; before it, only setpriv.
    for (const r of results.filter((x) => x.c.argv.includes(SGID) || x.c.argv.includes(SUID))) {
      const mine = seen.pids[String(r.pid)];
      assert.deepEqual(mine?.comms ?? [], mine ? ['setpriv'] : [], JSON.stringify(mine));
      assert.deepEqual(mine?.execs ?? [], []);
      assert.ok(all.pids[String(r.pid)].execs.some((e) => e === SGID || e === SUID), JSON.stringify(all.pids[String(r.pid)]));
    }
    // execve's path and argv reach uid 1000 at the exit only, and only where the exec kept the process visible.
    const plain = results.find((r) => r.c.visible && r.c.argv.includes(PLAIN) && !r.c.argv.includes('unshare'))!;
    assert.deepEqual(seen.pids[String(plain.pid)].execExits, [`${PLAIN}|${PLAIN} --calls ${CALLS} --wait`]);
    for (const r of results.filter((x) => x.c.argv.includes(SGID) || x.c.argv.includes(SUID))) {
      const exe = r.c.argv.includes(SGID) ? SGID : SUID;
      assert.ok(all.pids[String(r.pid)].execExits.some((x) => x.startsWith(`${exe}|${exe} --read `)), JSON.stringify(all.pids[String(r.pid)]));
    }
    assert.equal(seen.secretHits, 0, 'the secrets the helpers read');
    assert.equal(seen.execArgs, 0, 'execve arguments');
    assert.equal(seen.kernelAddresses, 0);
    // The privileged reader got both secrets and the execve arguments.
    assert.ok(all.secretHits >= 2, `privileged secret hits ${all.secretHits}`);
    assert.ok(all.execArgs >= CASES.length, `privileged execve arguments ${all.execArgs}`);
    // Counters of an unprivileged reader are its own user's.
    assert.equal(seen.stats.recordsWritten, '0');
    assert.equal(seen.stats.readers, 1);
    assert.notEqual(all.stats.recordsWritten, '0');
  });

  it('the msg family: uid 1000 gets the messages and payload bytes of exactly the processes its strace -p attaches to, its own child after a setuid exec included', async function () {
    const M = 5;
    const env = { ...process.env, SECRET };
    const msg = (argv: string[]) => [...argv, '--msg', String(M), '--wait'];
    // Each sends what it read, M round trips over a unix socketpair and M over TCP loopback.
    const cases: { name: string; argv: string[]; visible: boolean }[] = [
      { name: 'its own program', argv: as(1000, msg([PLAIN, '--read', USER_SECRET])), visible: true },
      { name: 'its own program in a user namespace it created', argv: as(1000, msg(['unshare', '--user', '--map-root-user', PLAIN, '--read', USER_SECRET])), visible: true },
      { name: 'a setgid helper sending a group-only file', argv: as(1000, msg([SGID, '--read', GROUP_SECRET])), visible: false },
      { name: 'a setuid-root helper sending a root-only file', argv: as(1000, msg([SUID, '--read', ROOT_SECRET])), visible: false },
      { name: 'its own program after prctl(PR_SET_DUMPABLE, 0)', argv: as(1000, msg([PLAIN, '--read', USER_SECRET, '--undump'])), visible: false },
      { name: "root's process", argv: msg([PLAIN, '--read', ROOT_SECRET]), visible: false },
      { name: "uid 1001's process", argv: as(1001, msg([PLAIN, '--read', OTHER_SECRET])), visible: false },
    ];
    const readArgs = ['read', 'msg', 'pid,uid,comm,strings'];
    const user = start(as(1000, [process.execPath, WATCH, ...readArgs]), env);
    const root = start([process.execPath, WATCH, ...readArgs], env);
    live.push(user, root);
    await user.waitFor(/^started$/m);
    await root.waitFor(/^started$/m);
    const results: { name: string; visible: boolean; pid: number; strace: boolean; target: string }[] = [];
    for (const c of cases) {
      const p = start(c.argv);
      live.push(p);
      const pid = Number((await p.waitFor(/^ready (\d+)$/m))[1]);
      const strace = await straceAttaches(pid);
      user.child.stdin?.write(`target ${pid}\n`);
      const target = (await user.waitFor(new RegExp(`^target ${pid} (\\S+)$`, 'm')))[1];
      p.child.stdin?.end();
      assert.equal(await p.exited, 0, `${c.name}: ${p.out()} ${p.err()}`);
      results.push({ name: c.name, visible: c.visible, pid, strace, target });
    }
    const [seen, all] = await summariesAtEnd(user, root);
    assert.deepEqual([seen.lost, all.lost], [0, 0]);
    // Per process: 4M sends and 4M receives of its payload (the secret it read), one TCP connect and accept;
    // and its two lines to stdout ("ready", then what it did), a pipe that is a socketpair.
    const traffic = { counts: { msg_send: 4 * M + 2, msg_recv: 4 * M, msg_connect: 1, msg_accept: 1 }, secretHits: 8 * M };
    for (const r of results) {
      const mine = seen.pids[String(r.pid)];
      const line = `${r.name} (pid ${r.pid}): strace ${r.strace}, target ${r.target}, uid 1000 saw ${JSON.stringify(mine)}`;
      console.log(`      ${line}`);
      assert.equal(r.strace, r.visible, `strace -p: ${line}`);
      assert.equal(r.target, r.visible ? 'ok' : 'EPERM', `SET_TARGET: ${line}`);
      if (r.visible) assert.deepEqual({ counts: mine?.counts, secretHits: mine?.secretHits }, traffic, line);
      else assert.equal(mine, undefined, `nothing at all: ${line}`);
      // A privileged reader sees all of it, payload included.
      const theirs = all.pids[String(r.pid)];
      assert.deepEqual({ counts: theirs?.counts, secretHits: theirs?.secretHits }, traffic, `privileged: ${r.name} ${JSON.stringify(theirs)}`);
    }
    // Of all those payloads, uid 1000 got its own only.
    assert.equal(seen.secretHits, 2 * 8 * M);
    // Besides them: only its own strace's messages (to its stderr, a socketpair).
    for (const [pid, p] of Object.entries(seen.pids))
      assert.ok(results.some((r) => r.visible && String(r.pid) === pid) || p.comms.join() === 'strace', `pid ${pid}: ${JSON.stringify(p)}`);

    // Its own child, followed from before its exec, that execs a setuid-root program: nothing from the exec on.
    // The same child execing a program of its own is the control: all its messages and payload.
    const child = (argv: string[]) => {
      const r = spawnSync(as(1000, [process.execPath, WATCH, 'child', 'msg', 'pid,uid,comm,strings', ...argv])[0], as(1000, [process.execPath, WATCH, 'child', 'msg', 'pid,uid,comm,strings', ...argv]).slice(1), { encoding: 'utf8', input: '', env });
      assert.equal(r.status, 0, `${argv.join(' ')}: ${r.stdout}${r.stderr}`);
      const [, pid, status] = /^child (\d+) (\d+)$/m.exec(r.stdout) ?? assert.fail(r.stdout);
      assert.equal(status, '0', `${argv.join(' ')} exited ${status}`);
      const line = r.stdout.split('\n').find((l) => l.startsWith('summary ')) ?? assert.fail(r.stdout);
      const summary = JSON.parse(line.slice('summary '.length)) as SecSummary;
      return { pid, summary, mine: summary.pids[pid] };
    };
    const own = child([PLAIN, '--read', USER_SECRET, '--msg', String(M)]);
    const suid = child([SUID, '--read', ROOT_SECRET, '--msg', String(M)]);
    console.log(`      own child: ${JSON.stringify(own.mine)}; setuid child: ${JSON.stringify(suid.mine)}`);
    // Before its exec the held shell read its start gate (a socketpair): those receives, and nothing else, are
    // what the setuid child may show.
    const gate = (own.mine?.counts.msg_recv ?? 0) - 4 * M;
    assert.ok(gate >= 1, JSON.stringify(own.mine));
    assert.deepEqual({ counts: own.mine?.counts, secretHits: own.mine?.secretHits }, { counts: { msg_recv: 4 * M + gate, msg_send: 4 * M, msg_connect: 1, msg_accept: 1 }, secretHits: 8 * M });
    assert.deepEqual({ counts: suid.mine?.counts, secretHits: suid.summary.secretHits }, { counts: { msg_recv: gate }, secretHits: 0 });
    assert.deepEqual(Object.keys(suid.summary.pids), [suid.pid]);
  });

  it('paranoid 2 refuses system-wide families with EACCES (one CLI line), 1 allows them, 3 refuses all', function () {
    const families = () => watchOnce(as(1000, [process.execPath, WATCH, 'families']));
    const own = { syscall: 'ok', proc: 'ok', signal: 'ok', fault: 'ok', user: 'ok', msg: 'ok' };
    assert.deepEqual(families(), { ...own, mem: 'EACCES', sched: 'EACCES', lock: 'EACCES', net: 'EACCES', fs: 'EACCES', block: 'EACCES' });
    const cli = spawnSync('setpriv', ['--reuid=1000', '--regid=1000', '--clear-groups', '--', process.execPath, CLI, 'run', '--events', 'sched', '--', '/bin/true'], { encoding: 'utf8' });
    assert.equal(cli.status, 2);
    assert.equal(cli.stderr, `ktrace: ${PARANOID_MESSAGE}\n`);
    // Root is not limited at any level.
    assert.equal(sh(`echo 3 > ${PARAM}/paranoid`).code, 0);
    const rootFamilies = watchOnce([process.execPath, WATCH, 'families']) as Record<string, string>;
    assert.deepEqual(Object.values(rootFamilies), Object.values(rootFamilies).map(() => 'ok'));
    assert.deepEqual(families(), { syscall: 'EACCES', proc: 'EACCES', signal: 'EACCES', fault: 'EACCES', mem: 'EACCES', sched: 'EACCES', lock: 'EACCES', net: 'EACCES', fs: 'EACCES', block: 'EACCES', user: 'EACCES', msg: 'EACCES' });
    assert.equal(sh(`echo 1 > ${PARAM}/paranoid`).code, 0);
    assert.deepEqual(families(), { ...own, mem: 'ok', sched: 'ok', lock: 'ok', net: 'ok', fs: 'ok', block: 'ok' });
    const info = spawnSync('setpriv', ['--reuid=1000', '--regid=1000', '--clear-groups', '--', process.execPath, CLI, 'info'], { encoding: 'utf8' });
    assert.equal(info.status, 0, info.stderr);
    assert.match(info.stdout, /^paranoid: +1 \(unprivileged users trace every event of the processes they may ptrace\); you are unprivileged$/m);
    // Out of range: refused, the level stays.
    assert.notEqual(sh(`echo 0 > ${PARAM}/paranoid`).code, 0);
    assert.notEqual(sh(`echo 4 > ${PARAM}/paranoid`).code, 0);
    assert.equal(fs.readFileSync(`${PARAM}/paranoid`, 'utf8'), '1\n');
    assert.equal(sh(`echo 2 > ${PARAM}/paranoid`).code, 0);
  });

  it('at paranoid 1 a relaxed reader still gets none of another user\'s sched records, nor interrupt-context ones', async function () {
    assert.equal(sh(`echo 1 > ${PARAM}/paranoid`).code, 0);
    try {
      const user = start(as(1000, [process.execPath, WATCH, 'read', 'sched,syscall', 'regs,pid,uid']));
      live.push(user);
      await user.waitFor(/^started$/m);
      const rootLoad = spawnSync(prog('sec_target'), ['--calls', '2000'], { encoding: 'utf8' });
      assert.equal(rootLoad.status, 0);
      const own = spawnSync(as(1000, [PLAIN, '--calls', '2000'])[0], as(1000, [PLAIN, '--calls', '2000']).slice(1), { encoding: 'utf8' });
      assert.equal(own.status, 0);
      user.child.stdin?.end();
      assert.equal(await user.exited, 0, user.err());
      const seen = summaryOf(user) as SecSummary;
      assert.equal(seen.lost, 0);
      assert.equal(seen.pids[String(rootLoad.pid)], undefined, 'root\'s process');
      assert.equal(seen.pids['0'], undefined, 'interrupt-context records');
      assert.equal(seen.pids[String(own.pid)]?.counts[SYS_GETPPID], 2000, `pid ${own.pid}: ${JSON.stringify(seen)}`);
      // Its switches, and nothing of any other process.
      assert.deepEqual(Object.keys(seen.pids), [String(own.pid)]);
      assert.ok((seen.pids[String(own.pid)].counts.sched_in ?? 0) > 0, JSON.stringify(seen.pids));
      assert.equal(seen.kernelAddresses, 0);
    } finally {
      sh(`echo 2 > ${PARAM}/paranoid`);
    }
  });

  it('1000 opens by one user stop at max_user_readers with EMFILE, memory charged to its cgroup and returned at close', async function () {
    const cg = '/sys/fs/cgroup/ktsec';
    if (!fs.readFileSync('/proc/mounts', 'utf8').split('\n').some((l) => l.split(' ')[1] === '/sys/fs/cgroup' && l.split(' ')[2] === 'cgroup2'))
      assert.equal(sh('mount -t cgroup2 none /sys/fs/cgroup').code, 0);
    assert.match(fs.readFileSync('/sys/fs/cgroup/cgroup.controllers', 'utf8'), /\bmemory\b/);
    sh(`echo +memory > /sys/fs/cgroup/cgroup.subtree_control; rmdir ${cg} 2>/dev/null; mkdir ${cg}`);
    const kernelBytes = () => {
      const stat = fs.readFileSync(`${cg}/memory.stat`, 'utf8');
      const get = (k: string) => Number(new RegExp(`^${k} (\\d+)$`, 'm').exec(stat)?.[1] ?? 0);
      return get('slab_unreclaimable') + get('vmalloc');
    };
    try {
      const opener = start(['sh', '-c', `echo $$ > ${cg}/cgroup.procs && exec ${as(1000, [process.execPath, WATCH, 'opens', '1000']).join(' ')}`]);
      live.push(opener);
      await opener.waitFor(/^ready$/m);
      const before = kernelBytes();
      opener.child.stdin?.write('go\n');
      await opener.waitFor(/^summary /m);
      const open = summaryOf(opener);
      const during = kernelBytes();
      // Another user is not limited by uid 1000's readers.
      const other = watchOnce(as(1001, [process.execPath, WATCH, 'opens', '1']));
      opener.child.stdin?.end();
      assert.equal(await opener.exited, 0, opener.err());
      const after = summaryOf(opener, 1);
      const closed = kernelBytes();
      console.log(`      ${JSON.stringify({ open, after, other, before, during, closed })}`);
      assert.equal(open.opened, 64);
      assert.equal(open.errno, 'EMFILE');
      assert.equal(open.userReaders, 64);
      assert.equal(open.userBytes, 64 * open.readerBytes);
      assert.equal(other.opened, 1);
      assert.equal(other.errno, 'none');
      assert.deepEqual(after, { userReaders: 1, userBytes: open.readerBytes });
      // Charged to the opener's memory cgroup while open, returned after close.
      assert.ok(during - before >= 64 * open.readerBytes * 0.95, `charged ${during - before}, readers take ${64 * open.readerBytes}`);
      assert.ok(closed - before < open.readerBytes, `kept ${closed - before} after close`);
      // The memory limit: three readers fit, the fourth gets ENOMEM.
      assert.equal(sh(`echo ${Math.floor((3.5 * open.readerBytes) / 1024)} > ${PARAM}/max_user_kb`).code, 0);
      const small = start(as(1000, [process.execPath, WATCH, 'opens', '1000']));
      live.push(small);
      await small.waitFor(/^ready$/m);
      small.child.stdin?.end('go\n');
      assert.equal(await small.exited, 0, small.err());
      assert.deepEqual({ ...summaryOf(small), readerBytes: 0, userBytes: 0 }, { opened: 3, errno: 'ENOMEM', userReaders: 3, userBytes: 0, readerBytes: 0 });
    } finally {
      sh(`echo 16384 > ${PARAM}/max_user_kb; rmdir ${cg}`);
    }
  });

  for (const variant of ['root', 'uid 1000 in its own user namespace'] as const) {
    it(`--pid inside unshare -p -f targets the right process (${variant})`, async function () {
      const fifo = `${DIR}/gate-${variant === 'root' ? 'root' : 'user'}`;
      sh(`rm -f ${fifo}; mkfifo -m 0666 ${fifo}`);
      const inner = `"${PLAIN}" --gate ${fifo} --calls 30 & exec "${process.execPath}" "${WATCH}" read syscall,proc regs,pid,comm $!`;
      const ns = ['unshare', '--pid', '--fork', '--mount-proc', 'sh', '-c', inner];
      const argv = variant === 'root' ? ns : as(1000, ['unshare', '--user', '--map-root-user', ...ns]);
      const p = start(argv);
      live.push(p);
      await p.waitFor(/^started$/m);
      fs.writeFileSync(fifo, '');
      await p.waitFor(/^\{"read"/m);
      p.child.stdin?.end();
      assert.equal(await p.exited, 0, p.err());
      const seen = summaryOf(p) as SecSummary;
      const pids = Object.keys(seen.pids);
      console.log(`      ${variant}: ${JSON.stringify(seen.pids)}`);
      // One process: the target, with its 30 calls (pids in records are global ones).
      assert.equal(pids.length, 1, JSON.stringify(seen.pids));
      assert.equal(seen.pids[pids[0]].counts[SYS_GETPPID], 30);
      assert.deepEqual(seen.pids[pids[0]].comms, ['plain']);
      assert.ok(Number(pids[0]) > 3, `pid ${pids[0]} is a global pid`);
    });
  }
});
