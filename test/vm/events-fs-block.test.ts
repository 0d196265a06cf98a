// Filesystem and block events against the real module, every parameter
// asserted: mount and umount (kretprobes on path_mount/path_umount) with
// busybox, block_issue and block_complete on a loop device.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { cleanUp, capture, chars, launch, mustRun, named, num, ofPid, sh, show, text, val, vmstat, type Rec } from './lib/events';
import { prog } from './lib/readers';

const SYS = { close: 3, pread64: 17, pwrite64: 18, fsync: 74, mount: 165, umount2: 166 };
const MS_NOSUID = 0x2;
const MS_NODEV = 0x4;
const MS_SILENT = 0x8000;
const ENODEV = 19;
const EINVAL = 22;
const LOOP_MAJOR = 7;

/** Runs a command whatever its status; its pid and status. */
function runAny(cmd: string, args: string[]): { pid: number; status: number | null } {
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  return { pid: r.pid ?? -1, status: r.status };
}

describe('events: filesystem and block (in VM)', function () {
  afterEach(cleanUp);

  const dir = '/tmp/ktrace-events-mnt';
  before(() => fs.mkdirSync(dir, { recursive: true }));
  after(() => {
    sh(`umount ${dir} 2>/dev/null; rmdir ${dir}`);
  });

  it('mount, umount: busybox mounts and unmounts a tmpfs, then both fail with their errno', async function () {
    const pids: number[] = [];
    const d = await capture({ events: ['mount', 'umount', 'sys_enter'], vars: ['pid', 'uid', 'regs'] }, () => {
      pids.push(mustRun('mount', ['-t', 'tmpfs', '-o', 'nosuid,nodev,size=1m', 'none', dir]).pid);
      pids.push(mustRun('umount', [dir]).pid);
      // No such filesystem type: path_mount() fails with -ENODEV.
      const badMount = runAny('mount', ['-t', 'nosuchfs', 'none', dir]);
      assert.notEqual(badMount.status, 0);
      pids.push(badMount.pid);
      // Not a mount point (any more): path_umount() fails with -EINVAL.
      const badUmount = runAny('umount', [dir]);
      assert.notEqual(badUmount.status, 0);
      pids.push(badUmount.pid);
    });
    assert.equal(d.lost, 0n);
    const project = (r: Rec) =>
      r.name === 'mount'
        ? {
            event: r.name,
            pid: num(r, 'pid'),
            mnt_source: text(r, 'mnt_source'),
            mnt_target: text(r, 'mnt_target'),
            mnt_fstype: text(r, 'mnt_fstype'),
            mnt_flags: num(r, 'mnt_flags'),
            mnt_ret: num(r, 'mnt_ret'),
          }
        : { event: r.name, pid: num(r, 'pid'), mnt_target: text(r, 'mnt_target'), mnt_flags: num(r, 'mnt_flags'), mnt_ret: num(r, 'mnt_ret') };
    const mounts = d.records.filter((r) => r.name === 'mount' || r.name === 'umount');
    // The flags are exactly what each process passed to mount(2)/umount2(2).
    for (const r of mounts) {
      const enter = ofPid(named(d.records, 'sys_enter'), num(r, 'pid')).filter((e) =>
        [SYS.mount, SYS.umount2].includes(num(e, 'sysno')),
      );
      assert.equal(enter.length, 1, `${show(r)}: one mount call expected`);
      assert.equal(val(r, 'mnt_flags'), val(enter[0], r.name === 'mount' ? 'arg3' : 'arg1'), show(r));
      assert.ok(enter[0].ts < r.ts, 'the record is taken at return');
      assert.equal(val(r, 'uid'), 0n);
    }
    // busybox adds MS_SILENT to every mount; -o nosuid,nodev are MS_NOSUID|MS_NODEV.
    assert.deepEqual(
      mounts.map(project),
      [
        { event: 'mount', pid: pids[0], mnt_source: 'none', mnt_target: dir, mnt_fstype: 'tmpfs', mnt_flags: MS_SILENT | MS_NOSUID | MS_NODEV, mnt_ret: 0 },
        { event: 'umount', pid: pids[1], mnt_target: dir, mnt_flags: 0, mnt_ret: 0 },
        { event: 'mount', pid: pids[2], mnt_source: 'none', mnt_target: dir, mnt_fstype: 'nosuchfs', mnt_flags: MS_SILENT, mnt_ret: -ENODEV },
        { event: 'umount', pid: pids[3], mnt_target: dir, mnt_flags: 0, mnt_ret: -EINVAL },
      ],
      mounts.map(show).join('\n'),
    );
  });

  describe('on /dev/loop0', function () {
    const img = '/tmp/ktrace-events-loop.img';
    before(function () {
      const r = sh(`dd if=/dev/zero of=${img} bs=1M count=1 2>&1 && losetup /dev/loop0 ${img}`);
      assert.equal(r.code, 0, `losetup /dev/loop0: ${r.out}`);
    });
    after(() => {
      sh(`losetup -d /dev/loop0; rm -f ${img}`);
    });

    it('block_issue, block_complete: an O_DIRECT write at sector 16, fsync, an O_DIRECT read at sector 0', async function () {
      let pid = 0;
      const before = vmstat();
      const d = await capture(
        { events: ['block_issue', 'block_complete', 'sys_enter', 'sys_exit'], vars: ['pid', 'uid', 'regs', 'page_ins', 'page_outs'] },
        async () => {
          // The module's vm event sums are at most a tick old: a tick after
          // `before`, none of the program's records can show less.
          await new Promise((r) => setTimeout(r, 30));
          const h = launch(prog('odirect_io'), ['/dev/loop0']);
          pid = h.pid;
          assert.deepEqual(await h.exited, { code: 0, signal: null }, h.stderr());
        },
      );
      const after = vmstat();
      assert.equal(d.lost, 0n);
      const dev = (LOOP_MAJOR << 20) | 0; // the kernel's dev_t: MKDEV(7, 0)
      const blk = d.records.filter((r) => r.name.startsWith('block_'));
      for (const r of blk) assert.equal(num(r, 'blk_dev'), dev, show(r));
      const project = (r: Rec) => ({
        event: r.name,
        blk_sector: val(r, 'blk_sector'),
        blk_bytes: num(r, 'blk_bytes'),
        blk_rwbs: chars(val(r, 'blk_rwbs')),
        ...(r.name === 'block_complete' ? { blk_error: num(r, 'blk_error') } : {}),
      });
      // A flush has no position: blk_rq_init() leaves (sector_t)-1, which
      // the module reports as 0, as ftrace prints it. rwbs as blktrace spells it:
      // "WS" for an O_DIRECT write (REQ_SYNC), "FF" for the flush
      // (REQ_PREFLUSH on REQ_OP_FLUSH), "RS" for the O_DIRECT read.
      assert.deepEqual(
        blk.map(project),
        [
          { event: 'block_issue', blk_sector: 16n, blk_bytes: 4096, blk_rwbs: 'WS' },
          { event: 'block_complete', blk_sector: 16n, blk_bytes: 4096, blk_rwbs: 'WS', blk_error: 0 },
          { event: 'block_issue', blk_sector: 0n, blk_bytes: 0, blk_rwbs: 'FF' },
          { event: 'block_complete', blk_sector: 0n, blk_bytes: 0, blk_rwbs: 'FF', blk_error: 0 },
          // fsync's empty REQ_PREFLUSH write, ended by the flush machinery
          // once the flush completed (it is never issued itself).
          { event: 'block_complete', blk_sector: 0n, blk_bytes: 0, blk_rwbs: 'WS', blk_error: 0 },
          { event: 'block_issue', blk_sector: 0n, blk_bytes: 4096, blk_rwbs: 'RS' },
          { event: 'block_complete', blk_sector: 0n, blk_bytes: 4096, blk_rwbs: 'RS', blk_error: 0 },
        ],
        blk.map(show).join('\n'),
      );
      // Completions run in the block softirq: no task (pid 0). An issue
      // runs in the submitter or in a kblockd worker: a root task either way.
      for (const r of named(blk, 'block_complete')) assert.deepEqual([num(r, 'pid'), num(r, 'uid')], [0, 0], show(r));
      for (const r of named(blk, 'block_issue')) assert.equal(num(r, 'uid'), 0, show(r));

      // Each request's latency lies inside the syscall that caused it: it
      // started after the call was entered and ended before its completion
      // record was taken.
      const calls = ofPid(d.records, pid).filter((r) => r.name === 'sys_enter');
      // (The shell's loader also calls pread64 before the exec: ours reads 4096 bytes at 0.)
      const enterOf = (sysno: number) =>
        calls.find((r) => num(r, 'sysno') === sysno && (sysno !== SYS.pread64 || (val(r, 'arg2') === 4096n && val(r, 'arg3') === 0n))) ??
        assert.fail(`no sys_enter ${sysno}`);
      const causes = [enterOf(SYS.pwrite64), enterOf(SYS.fsync), enterOf(SYS.fsync), enterOf(SYS.pread64)];
      named(blk, 'block_complete').forEach((r, i) => {
        const lat = val(r, 'blk_latency_ns');
        assert.ok(lat > 0n && lat <= r.ts - causes[i].ts, `latency ${lat} outside (0, ${r.ts - causes[i].ts}]: ${show(r)}`);
      });

      // page_outs/page_ins are /proc/vmstat's pgpgout/pgpgin, which count
      // KiB: the 4 KiB write adds 4 to pgpgout, the 4 KiB read 4 to pgpgin.
      // The sums are at most a tick old and the program sleeps 30 ms before
      // each call: the sys_enter of the call after shows all of its I/O.
      const lastClose = calls.filter((r) => num(r, 'sysno') === SYS.close).at(-1) ?? assert.fail('no close');
      const wrote = val(enterOf(SYS.fsync), 'page_outs') - val(enterOf(SYS.pwrite64), 'page_outs');
      const read = val(lastClose, 'page_ins') - val(enterOf(SYS.pread64), 'page_ins');
      assert.deepEqual({ wrote, read }, { wrote: 4n, read: 4n }, 'page_outs/page_ins in /proc/vmstat units (KiB)');
      for (const r of ofPid(d.records, pid)) {
        for (const [name, key] of [
          ['page_outs', 'pgpgout'],
          ['page_ins', 'pgpgin'],
        ]) {
          const v = val(r, name);
          assert.ok(v >= before.get(key)! && v <= after.get(key)!, `${name} ${v} outside /proc/vmstat ${key} [${before.get(key)}, ${after.get(key)}]`);
        }
      }
    });
  });
});
