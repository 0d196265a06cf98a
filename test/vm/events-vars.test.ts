// Common variables and the strings variable against the real module with
// exact values for a known program, and `ktrace --events list` /
// `--vars list` showing every event and variable available on this kernel.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { EVENTS, VARIABLES } from '../../frontend/src/abi/abi';
import { TraceDevice } from '../../frontend/src/device/trace-device';
import { varMask } from '../../frontend/src/session/trace-options';
import {
  CLI,
  Capture,
  assertAvailable,
  comm,
  hold,
  meminfo,
  named,
  num,
  packChars,
  show,
  str,
  val,
  vmstat,
  STR_COMPLETE,
  STR_TRUNCATED,
  type Rec,
  cleanUp,
} from './lib/events';
import { prog } from './lib/readers';

const SYS = { write: 1, execve: 59, getppid: 110, openat: 257 };

function loadavg(): number[] {
  return fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map((x) => Math.round(Number(x) * 100));
}

describe('events: variables (in VM)', function () {
  afterEach(cleanUp);

  describe('common variables of a known program', function () {
    const exe = prog('variables_probe_prog');
    let nrCpus = 0;
    let pid = 0;
    let stdout = '';
    let all: Rec[] = [];
    let exec = -1;
    let vmBefore = new Map<string, bigint>();
    let vmAfter = new Map<string, bigint>();
    let loadBefore: number[] = [];
    let loadAfter: number[] = [];
    let freeBefore = 0n;
    /** The program's second getppid() entry: after its statm read, nothing in between. */
    let mark: Rec;

    before(async function () {
      const dev = TraceDevice.open();
      nrCpus = dev.info().nrCpus;
      dev.close();
      const vars = [
        'pid', 'uid', 'regs', 'ppid', 'pgid', 'sid', 'gid', 'comm', 'cpu', 'task_mem', 'free_mem', 'total_mem',
        'page_faults', 'page_ins', 'page_outs', 'swap_ins', 'swap_outs', 'loadavg',
      ];
      // A new session (setsid): the program leads its session and process
      // group; setpriv gives it distinct real and effective gids.
      const h = hold('setpriv', ['--rgid=1001', '--egid=1002', '--clear-groups', '--', exe], { detached: true });
      const cap = Capture.open({ events: ['sys_enter', 'sys_exit', 'proc_exec'], vars });
      vmBefore = vmstat();
      loadBefore = loadavg();
      freeBefore = meminfo('MemFree');
      // The module's vm event sums are at most a tick old: a tick after
      // vmBefore, none of the program's records can show less.
      await new Promise((r) => setTimeout(r, 30));
      cap.startHeld(h);
      assert.deepEqual(await h.exited, { code: 7, signal: null }, h.stderr());
      const d = await cap.finish();
      vmAfter = vmstat();
      loadAfter = loadavg();
      assert.equal(d.lost, 0n);
      pid = h.pid;
      stdout = h.stdout();
      all = d.records;
      exec = all.findIndex((r) => r.name === 'proc_exec' && str(r, 'exec_filename')?.bytes.toString() === exe);
      assert.ok(exec >= 0, 'no exec of the program');
      const marks = all.slice(exec).filter((r) => r.name === 'sys_enter' && num(r, 'sysno') === SYS.getppid);
      assert.equal(marks.length, 2, 'two getppid() calls');
      mark = marks[1];
    });

    it('pid, uid, ppid, pgid, sid, gid, comm, total_mem: exact', function () {
      const r = mark;
      assert.deepEqual(
        {
          pid: num(r, 'pid'),
          tid: num(r, 'tid'),
          uid: num(r, 'uid'),
          euid: num(r, 'euid'),
          ppid: num(r, 'ppid'),
          pgid: num(r, 'pgid'),
          sid: num(r, 'sid'),
          gid: num(r, 'gid'),
          egid: num(r, 'egid'),
          comm: comm(r),
          comm_lo: val(r, 'comm_lo'),
          comm_hi: val(r, 'comm_hi'),
          total_mem: val(r, 'total_mem'),
        },
        {
          pid,
          tid: pid,
          uid: 0,
          euid: 0,
          ppid: process.pid, // the held shell was ours; exec keeps the parent
          pgid: pid,
          sid: pid,
          gid: 1001,
          egid: 1002,
          comm: 'variables_probe', // "variables_probe_prog" cut to TASK_COMM_LEN - 1
          comm_lo: packChars('variable'),
          comm_hi: packChars('s_probe'),
          total_mem: meminfo('MemTotal'), // both are totalram_pages()
        },
        show(r),
      );
      // The second getppid() returns the parent: this process.
      const ret = all.slice(all.indexOf(r)).find((x) => x.name === 'sys_exit' && num(x, 'sysno') === SYS.getppid);
      assert.equal(num(ret ?? assert.fail('no sys_exit of getppid'), 'ret'), process.pid);
      // Before the exec the same task was the shell, then setpriv.
      const early = all.slice(0, exec).filter((x) => x.name === 'sys_enter');
      assert.ok(early.length > 0 && early.every((x) => comm(x) === 'sh' || comm(x) === 'setpriv'), early.map(comm).join(','));
    });

    it('task_mem: rss and vm_size equal /proc/self/statm read just before', function () {
      const statm = stdout.trim().split(' ').map(BigInt);
      assert.equal(statm.length, 7, `statm: ${stdout}`);
      // statm: size (total_vm) and resident pages; nothing ran in between
      // that could map or fault a page.
      assert.deepEqual(
        { vm_size: val(mark, 'vm_size'), rss: val(mark, 'rss') },
        { vm_size: statm[0] * 4096n, rss: statm[1] * 4096n },
        show(mark),
      );
    });

    it('nr_running is unavailable: no kernel function is called through a kprobe-resolved address', function () {
      const dev = TraceDevice.open();
      try {
        const row = dev.describeAll('var').find((v) => v.name === 'nr_running');
        assert.equal(row?.available, false);
        assert.throws(() => dev.setVars(varMask(['nr_running'])), /EOPNOTSUPP/);
      } finally {
        dev.close();
      }
    });

    it('cpu, loadavg, free_mem: within what the system shows around the run', function () {
      for (const x of all.slice(exec)) {
        assert.ok(num(x, 'cpu') < nrCpus, show(x));
        // Load averages in thousandths; /proc/loadavg rounds them to hundredths.
        ['load1', 'load5', 'load15'].forEach((name, i) => {
          const v = num(x, name);
          const lo = Math.min(loadBefore[i], loadAfter[i]) * 10 - 5;
          const hi = Math.max(loadBefore[i], loadAfter[i]) * 10 + 5;
          assert.ok(v >= lo && v <= hi, `${name} ${v} outside [${lo}, ${hi}]`);
        });
        // MemFree is NR_FREE_PAGES too, but moves all the time: within 64 MiB.
        const free = val(x, 'free_mem');
        const diff = free > freeBefore ? free - freeBefore : freeBefore - free;
        assert.ok(diff < 64n << 20n, `free_mem ${free} vs MemFree ${freeBefore}`);
        assert.ok(free < val(x, 'total_mem'));
      }
    });

    it('page_faults, page_ins, page_outs, swap_ins, swap_outs: within /proc/vmstat sampled around the run', function () {
      for (const x of all.slice(exec)) {
        for (const [name, key] of [
          ['page_faults', 'pgfault'],
          ['page_ins', 'pgpgin'],
          ['page_outs', 'pgpgout'],
          ['swap_ins', 'pswpin'],
          ['swap_outs', 'pswpout'],
        ] as const) {
          const v = val(x, name);
          assert.ok(v >= vmBefore.get(key)! && v <= vmAfter.get(key)!, `${name} ${v} outside /proc/vmstat ${key} [${vmBefore.get(key)}, ${vmAfter.get(key)}]`);
        }
      }
    });
  });

  it('strings: sys_enter paths and buffers of a known program, sys_exit buffers the kernel filled', async function () {
    const exe = prog('known_syscalls');
    const h = hold(exe, []);
    // The default snap length, 32 bytes, applies to buffers and argv entries (not paths).
    const cap = Capture.open({ events: ['sys_enter', 'sys_exit'], vars: ['pid', 'regs', 'strings'] });
    cap.startHeld(h);
    assert.deepEqual(await h.exited, { code: 3, signal: null });
    const d = await cap.finish();
    assert.equal(d.lost, 0n);
    // From the held shell's execve on: on a slow kernel the shell may
    // still be starting up (getppid() for $PPID) when the reader starts.
    const from = d.records.findIndex((r) => r.name === 'sys_enter' && num(r, 'sysno') === SYS.execve);
    const enters = named(d.records.slice(from), 'sys_enter');
    const one = (sysno: number, pred: (r: Rec) => boolean = () => true) => {
      const found = enters.filter((r) => num(r, 'sysno') === sysno && pred(r));
      assert.equal(found.length, 1, `sys_enter ${sysno}: ${found.map(show).join('\n')}`);
      return found[0];
    };
    const s = (r: Rec, name: string) => {
      const f = str(r, name) ?? assert.fail(`${name} missing: ${show(r)}`);
      return { status: f.status, text: f.bytes.toString('latin1') };
    };
    // execve(path, argv, envp) of the held shell: the path and argv as
    // NUL-terminated entries.
    const ex = one(SYS.execve);
    assert.deepEqual(s(ex, 'str_arg0'), { status: STR_COMPLETE, text: exe });
    assert.ok(exe.length > 32, 'the argv entry must exceed the snap length');
    assert.deepEqual(s(ex, 'str_arg1'), { status: STR_TRUNCATED, text: `${exe.slice(0, 32)}\0` });
    assert.deepEqual(s(one(SYS.write, (r) => val(r, 'arg0') === 1n), 'str_arg1'), { status: STR_COMPLETE, text: 'abc' });
    assert.deepEqual(s(one(SYS.openat, (r) => val(r, 'arg1') !== 0n && str(r, 'str_arg1')?.bytes.toString() === '/nonexistent'), 'str_arg1'), {
      status: STR_COMPLETE,
      text: '/nonexistent',
    });
    // Calls without pointer arguments carry no strings.
    assert.equal(one(SYS.getppid).strs.size, 0);
    // STR fields are never state: no record carries one it did not capture.
    for (const r of d.records)
      for (const tag of r.strs.keys()) assert.ok(r.name === 'sys_enter' || r.name === 'sys_exit', `${tag} in ${r.name}`);
  });

  it('ktrace --events list / --vars list: every event and variable of the table, available on this kernel but nr_running', function () {
    const dev = TraceDevice.open();
    try {
      assertAvailable(
        dev,
        EVENTS.map((e) => e.name),
      );
      const vars = dev.describeAll('var');
      // nr_running alone is unavailable everywhere (docs/abi.md, Security).
      for (const v of VARIABLES) assert.equal(vars.find((x) => x.name === v.name)?.available, v.name !== 'nr_running', v.name);
    } finally {
      dev.close();
    }
    const run = (args: string[]) => {
      const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      return r.stdout;
    };
    const events = EVENTS.map((e) => `${e.name.padEnd(16)} ${e.family.padEnd(9)} ${e.hook.padEnd(28)} available`);
    assert.deepEqual(run(['--events', 'list']).trimEnd().split('\n'), events);
    assert.deepEqual(
      run(['--vars', 'list']).trimEnd().split('\n'),
      VARIABLES.map((v) => `${v.name.padEnd(16)} ${v.name === 'nr_running' ? 'unavailable' : 'available'}`),
    );
  });
});
