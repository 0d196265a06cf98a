// The host's bpftrace, made runnable in the guest without growing the
// initramfs every VM boots: the binary and the libraries ldd names, copied
// once under the bench's work directory (inside the shared repository) and
// started through the copied dynamic loader.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The libraries of @binary as `ldd` resolves them, the loader included. */
export function lddPaths(lddOutput: string): string[] {
  const paths: string[] = [];
  for (const line of lddOutput.split('\n')) {
    const m = /=>\s*(\/\S+)/.exec(line) ?? /^\s*(\/\S+)\s+\(0x/.exec(line);
    if (m) paths.push(m[1]);
  }
  return paths;
}

/** How the guest starts the kit's bpftrace: the loader, its library path, the binary. */
export function kitCommand(dir: string): string[] {
  return [path.join(dir, 'lib/ld-linux-x86-64.so.2'), '--library-path', path.join(dir, 'lib'), path.join(dir, 'bin/bpftrace')];
}

/**
 * Copies bpftrace and its libraries into @work/bpftrace (reused while the
 * host's binary is unchanged). Null, with the reason on stderr, when the
 * host has no bpftrace: the bench then leaves its column out.
 */
export function prepareBpftrace(work: string): string | null {
  const which = spawnSync('sh', ['-c', 'command -v bpftrace'], { encoding: 'utf8' });
  const binary = which.stdout.trim();
  if (which.status !== 0 || !binary) {
    process.stderr.write('bench: bpftrace is not installed on the host: its USDT column is left out\n');
    return null;
  }
  const dir = path.join(work, 'bpftrace');
  const stamp = `${fs.realpathSync(binary)} ${fs.statSync(binary).mtimeMs}`;
  const stampFile = path.join(dir, 'stamp');
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'bin'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'lib'));
  const ldd = spawnSync('ldd', [binary], { encoding: 'utf8' });
  if (ldd.status !== 0) throw new Error(`ldd ${binary} failed: ${ldd.stderr}`);
  fs.copyFileSync(binary, path.join(dir, 'bin/bpftrace'));
  fs.chmodSync(path.join(dir, 'bin/bpftrace'), 0o755);
  for (const lib of lddPaths(ldd.stdout)) {
    const target = path.join(dir, 'lib', path.basename(lib));
    fs.copyFileSync(lib, target);
    fs.chmodSync(target, 0o755);
  }
  fs.writeFileSync(stampFile, stamp);
  return dir;
}
