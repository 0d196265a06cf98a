// The read ceiling: a reader that configures /dev/trace like `ktrace record`
// (syscall events, regs and pid, of the process argv[2] and its children) and
// discards what it reads; with argv[3] `spans`, in KT_FORMAT_SPANS (the
// rings' bytes, merged by no one). Prints its totals as JSON when interrupted.
import { TraceDevice } from '../../frontend/src/device/trace-device';
import { eventMask, varMask } from '../../frontend/src/session/trace-options';

async function main(): Promise<void> {
  const device = TraceDevice.open();
  device.setEvents(eventMask(['syscall']));
  device.setVars(varMask(['regs', 'pid']));
  device.setTarget(Number(process.argv[2] ?? 0), true);
  if (process.argv[3] === 'spans') device.setFormat('spans');
  device.start();
  process.once('SIGINT', () => device.stop());
  const buf = Buffer.alloc(1 << 20);
  // How many reads it took shows how the module batches wakeups.
  let reads = 0;
  while ((await device.read(buf)) > 0) reads++;
  const stats = device.stats();
  device.close();
  process.stdout.write(JSON.stringify({ bytes: Number(stats.bytesRead), records: Number(stats.recordsRead), lost: Number(stats.recordsLost), reads }) + '\n');
}

void main();
