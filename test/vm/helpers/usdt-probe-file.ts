// Run as an unprivileged user by events-usdt.test.ts: opens a reader, asks
// the module to probe ktest:regs in FILE (opened by itself, or passed as an
// inherited fd 3), and prints the ioctl's errno ("ok" when it succeeded).
import * as fs from 'node:fs';
import { IoctlError } from '../../../frontend/src/device/ioctl-binding';
import { TraceDevice } from '../../../frontend/src/device/trace-device';

function main(): void {
  const [file, how] = process.argv.slice(2);
  // The test reads the notes for us where we may not.
  const [offset, semaphore] = (process.argv[4] ?? '').split(',').map((v) => BigInt(v || '0'));
  const dev = TraceDevice.open();
  let result = 'ok';
  try {
    const fd = how === 'fd3' ? 3 : fs.openSync(file, 'r');
    dev.addUprobe({ fd, offset, refCtrOffset: semaphore, args: [] });
  } catch (err) {
    result = err instanceof IoctlError ? err.code : ((err as { code?: string }).code ?? String(err));
  }
  dev.close();
  process.stdout.write(`${result}\n`);
}

main();
