// Run as an unprivileged user by isolation.test.ts: tries to target a foreign
// pid, reads system-wide until its stdin ends, and prints what it saw as JSON.
import { FieldTag, FIELDS } from '../../../frontend/src/abi/abi';
import { IoctlError } from '../../../frontend/src/device/ioctl-binding';
import { events, field, parseStream } from '../lib/ber-reference';
import { drain, openReader } from '../lib/readers';

async function main(): Promise<void> {
  const foreignPid = Number(process.argv[2]);
  const myUid = BigInt(process.getuid?.() ?? -1);
  // Every family an unprivileged reader may ask for at the default paranoid level.
  // (or the families given as a comma list after the pid).
  const families = process.argv[3] ? process.argv[3].split(',') : ['syscall', 'proc', 'signal', 'fault'];
  const dev = openReader({ events: families, vars: ['all'] });
  let targetErrno = 'no error';
  try {
    dev.setTarget(foreignPid, false);
  } catch (err) {
    targetErrno = err instanceof IoctlError ? err.code : String(err);
  }
  dev.setTarget(0, false);
  dev.start();
  process.stdout.write('started\n');
  // Until the test has seen its loads exit: a fixed window may close before a slow kernel starts them.
  process.stdin.resume();
  await new Promise((r) => process.stdin.on('end', r));
  dev.stop();
  const evs = events(parseStream(await drain(dev)));
  const kaddrTags = FIELDS.filter((f) => f.type === 'KADDR').map((f) => f.tag);
  const summary = {
    targetErrno,
    events: evs.length,
    foreign: evs.filter((e) => field(e, FieldTag.UID) !== myUid || field(e, FieldTag.EUID) !== myUid).length,
    kernelAddresses: evs.filter((e) => kaddrTags.some((t) => field(e, t) !== 0n)).length,
    pids: [...new Set(evs.map((e) => Number(field(e, FieldTag.PID))))],
  };
  process.stdout.write(JSON.stringify(summary) + '\n');
  dev.close();
}

main().catch((err) => {
  process.stderr.write(String(err) + '\n');
  process.exitCode = 1;
});
