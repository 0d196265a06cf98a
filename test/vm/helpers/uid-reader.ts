// Run as an unprivileged user by isolation.test.ts: reads system-wide for a
// while, tries to target a foreign pid, and prints what it saw as JSON.
import { FieldTag, FIELDS } from '../../../frontend/src/abi/abi';
import { IoctlError } from '../../../frontend/src/device/ioctl-binding';
import { events, field, parseStream } from '../lib/ber-reference';
import { drain, openReader } from '../lib/readers';

async function main(): Promise<void> {
  const [foreignPid, millis] = process.argv.slice(2).map(Number);
  const myUid = BigInt(process.getuid?.() ?? -1);
  const dev = openReader({ events: ['all'], vars: ['all'] });
  let targetErrno = 'no error';
  try {
    dev.setTarget(foreignPid, false);
  } catch (err) {
    targetErrno = err instanceof IoctlError ? err.code : String(err);
  }
  dev.setTarget(0, false);
  dev.start();
  process.stdout.write('started\n');
  await new Promise((r) => setTimeout(r, millis));
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
