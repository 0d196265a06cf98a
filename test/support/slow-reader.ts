// A reader slower than ktrace: reads its stdin 4 KiB at a time with a pause
// after each read, and appends what it read to the file argv[2]. With argv[3],
// it stops after that many bytes and closes the pipe early.
import * as fs from 'node:fs';

const [file, limitArg] = process.argv.slice(2);
const limit = limitArg === undefined ? Infinity : Number(limitArg);
const out = fs.openSync(file, 'w');
const buf = Buffer.alloc(4096);
const pause = new Int32Array(new SharedArrayBuffer(4));
let total = 0;
for (;;) {
  let n: number;
  try {
    n = fs.readSync(0, buf, 0, Math.min(buf.length, limit - total), null);
  } catch (err) {
    // A non-blocking stdin (shared with the writer's description) has nothing yet.
    if ((err as NodeJS.ErrnoException).code === 'EAGAIN') {
      Atomics.wait(pause, 0, 0, 1);
      continue;
    }
    throw err;
  }
  if (n === 0) break;
  fs.writeSync(out, buf.subarray(0, n));
  total += n;
  if (total >= limit) break;
  Atomics.wait(pause, 0, 0, 1);
}
fs.closeSync(out);
