// Events and variables a kernel cannot provide (here: withheld by the
// administrator's module parameters) are listed as unavailable, and asking
// for one is a clear error, never silence.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { eventByName, varByName } from '../../frontend/src/abi/abi';
import { TraceDevice } from '../../frontend/src/device/trace-device';
import { IoctlError } from '../../frontend/src/device/ioctl-binding';
import { reload } from './lib/module';

const mount = eventByName('mount')!;
const loadavg = varByName('loadavg')!;

function expectErrno(fn: () => void, code: string): void {
  assert.throws(fn, (err: unknown) => err instanceof IoctlError && err.code === code);
}

describe('unavailable events and variables (in VM)', function () {
  this.timeout(120000);
  before(() => reload(`withheld_events=${1n << BigInt(mount.bit)} withheld_vars=${1n << BigInt(loadavg.bit)}`));
  after(() => reload());

  it('describes them as unavailable and refuses them with EOPNOTSUPP', function () {
    const dev = TraceDevice.open();
    try {
      const info = dev.info();
      assert.equal((info.availableEvents >> BigInt(mount.bit)) & 1n, 0n);
      assert.equal((info.knownEvents >> BigInt(mount.bit)) & 1n, 1n);
      assert.equal((info.availableVars >> BigInt(loadavg.bit)) & 1n, 0n);
      const events = dev.describeAll('event');
      assert.deepEqual(events.filter((e) => !e.available).map((e) => e.name), ['mount']);
      // nr_running is never available since ABI 3 (docs/abi.md, Security); loadavg is withheld here.
      assert.deepEqual(dev.describeAll('var').filter((v) => !v.available).map((v) => v.name), ['nr_running', 'loadavg']);
      expectErrno(() => dev.setEvents(1n << BigInt(mount.bit)), 'EOPNOTSUPP');
      expectErrno(() => dev.setVars(1n << BigInt(loadavg.bit)), 'EOPNOTSUPP');
      // An unknown bit is EINVAL, not EOPNOTSUPP.
      expectErrno(() => dev.setEvents(1n << 63n), 'EINVAL');
      // The others still work.
      dev.setEvents(1n << BigInt(eventByName('umount')!.bit));
      dev.setVars(1n << BigInt(varByName('cpu')!.bit));
    } finally {
      dev.close();
    }
  });

  it('lists them as unavailable in ktrace info', function () {
    const r = spawnSync('ktrace', ['info'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^ {2}mount +fs +kretprobe:path_mount +unavailable$/m, r.stdout);
    assert.match(r.stdout, /^ {2}umount +fs +kretprobe:path_umount +available$/m, r.stdout);
    assert.match(r.stdout, /^ {2}loadavg +unavailable$/m, r.stdout);
  });

  it('explains them in one line when a command asks for one', function () {
    const r = spawnSync('ktrace', ['mem', '--count', '1'], { encoding: 'utf8' });
    assert.equal(r.status, 0, `mem needs neither: ${r.stderr}`);
    const ev = spawnSync('ktrace', ['run', '--events', 'mount', '--', 'true'], { encoding: 'utf8' });
    assert.notEqual(ev.status, 0);
    assert.match(ev.stderr, /^ktrace: not available on this kernel: event mount \(kretprobe:path_mount\)/, ev.stderr);
  });
});
