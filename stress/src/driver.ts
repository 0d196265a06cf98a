// `npm run stress -- [--minutes M] [--kernel 6.1|6.12|6.12-rt|7.3|debug|6.12-rt-debug] [--seed N]`:
// boots the kernel under scripts/vm and runs stress/src/guest.ts there. The
// VM fails the run on any kernel splat in dmesg, on top of the stress's own
// verdict.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const repo = path.resolve(__dirname, '../../..');

interface DriverArgs {
  minutes: number;
  kernel: string;
  seed?: number;
}

function parseArgs(argv: string[]): DriverArgs {
  const args: DriverArgs = { minutes: 1, kernel: '6.1' };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i] ?? '';
    if (flag === '--minutes') args.minutes = Number(value());
    else if (flag === '--kernel') args.kernel = value();
    else if (flag === '--seed') args.seed = Number(value());
    else if (flag === '-h' || flag === '--help') {
      process.stdout.write('usage: npm run stress -- [--minutes M] [--kernel 6.1|6.12|6.12-rt|7.3|debug|6.12-rt-debug] [--seed N]\n');
      process.exit(0);
    } else throw new Error(`stress: unknown argument ${argv[i]}`);
  }
  if (!(args.minutes > 0)) throw new Error('stress: --minutes must be a positive number');
  if (!['6.1', '6.12', '6.12-rt', '7.3', 'debug', '6.12-rt-debug'].includes(args.kernel)) throw new Error(`stress: --kernel ${args.kernel}: 6.1, 6.12, 6.12-rt, 7.3, debug or 6.12-rt-debug`);
  return args;
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const make = spawnSync('make', ['-s', 'progs'], { cwd: repo, stdio: 'inherit' });
  if (make.status !== 0) process.exit(1);
  const guest = ['node', path.join(repo, 'dist/stress/src/guest.js'), '--seconds', String(Math.round(args.minutes * 60))];
  if (args.seed !== undefined) guest.push('--seed', String(args.seed));
  // Nine readers block in reads at once: more threads than libuv's default four.
  const vm = spawnSync(path.join(repo, 'scripts/vm'), ['--kernel', args.kernel, '--mem', '4096', '--', 'env', 'UV_THREADPOOL_SIZE=16', ...guest], {
    cwd: repo,
    stdio: 'inherit',
  });
  process.exit(vm.status ?? 1);
}

main();
