// Load/unload: rmmod refused while a reader is open; repeated cycles with
// readers in between leave no leaked memory (the harness checks dmesg).
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { TraceDevice } from '../../frontend/src/device/trace-device';
import { modulePath, sh } from './lib/module';
import { drain, openReader, prog, run } from './lib/readers';

/* The rings are vmalloc'd and the readers' state is slab: the two places a leak would show. */
function slabAndVmalloc(): { slabKb: number; vmallocKb: number } {
  const meminfo = fs.readFileSync('/proc/meminfo', 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(meminfo)?.[1]);
  return { slabKb: kb('Slab'), vmallocKb: kb('VmallocUsed') };
}

describe('module lifecycle (in VM)', function () {
  it('refuses rmmod while a reader is open', function () {
    const dev = TraceDevice.open();
    try {
      const r = sh('rmmod trace');
      assert.notEqual(r.code, 0);
      // busybox rmmod uses O_NONBLOCK: the kernel answers EAGAIN instead of EBUSY.
      assert.match(r.out, /in use|busy|temporarily unavailable/i);
    } finally {
      dev.close();
    }
    assert.ok(fs.existsSync('/dev/trace'));
  });

  it('survives 200 insmod/rmmod cycles with readers in between, without leaking', async function () {
    this.timeout(600000);
    // 200 on the Debian kernels; the KASAN/lockdep kernel is ~5x slower, so 50 there.
    const cycles = Number(process.env.KTRACE_CYCLES ?? (process.env.KTRACE_KERNEL === 'debug' ? 50 : 200));
    const path = modulePath();
    // Warm up caches (module loader, sysfs) before the baseline.
    assert.equal(sh(`rmmod trace && insmod ${path}`).code, 0);
    sh('sync; echo 3 > /proc/sys/vm/drop_caches');
    const base = slabAndVmalloc();
    for (let i = 0; i < cycles; i++) {
      assert.equal(sh('rmmod trace').code, 0, `rmmod in cycle ${i}`);
      const ins = sh(`insmod ${path}`);
      assert.equal(ins.code, 0, `insmod in cycle ${i}: ${ins.out}`);
      if (i % 20 === 0) {
        const dev = openReader({ events: ['syscall', 'proc'], vars: ['all'] });
        dev.start();
        run(prog('known_syscalls'));
        dev.stop();
        assert.ok((await drain(dev)).length > 0);
        dev.close();
      } else {
        TraceDevice.open().close();
      }
    }
    sh('sync; echo 3 > /proc/sys/vm/drop_caches');
    const end = slabAndVmalloc();
    // Each cycle vmallocs 1 MiB of ring per CPU; leaking even one cycle's would show.
    assert.ok(end.slabKb - base.slabKb < 2048, `slab grew ${end.slabKb - base.slabKb} KiB`);
    assert.ok(end.vmallocKb - base.vmallocKb < 1024, `vmalloc grew ${end.vmallocKb - base.vmallocKb} KiB`);
  });
});
