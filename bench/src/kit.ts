// Host tools (bpftrace, LTTng's session daemon and client) made runnable in
// the guest without growing the initramfs every VM boots: the binaries and
// the libraries ldd names, copied once under the bench's work directory
// (inside the shared repository).
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

/** The host path of @name, or null (with the reason on stderr: @missing). */
function hostBinary(name: string, missing: string): string | null {
  const which = spawnSync('sh', ['-c', 'command -v "$0"', name], { encoding: 'utf8' });
  const binary = which.stdout.trim().split('\n')[0];
  if (which.status !== 0 || !binary) {
    process.stderr.write(`bench: ${name} is not installed on the host: ${missing}\n`);
    return null;
  }
  return binary;
}

/**
 * Copies @binaries (kit name => host path) and their libraries into
 * @work/@kit: bin/ and lib/, and @data files (name => host path) into
 * share/; reused while the host's files are unchanged.
 */
function copyKit(work: string, kit: string, binaries: Record<string, string>, data: Record<string, string> = {}): string {
  const dir = path.join(work, kit);
  const stamp = [...Object.values(binaries), ...Object.values(data)].map((b) => `${fs.realpathSync(b)} ${fs.statSync(b).mtimeMs}`).join('\n');
  const stampFile = path.join(dir, 'stamp');
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'bin'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'lib'));
  for (const [name, binary] of Object.entries(binaries)) {
    const ldd = spawnSync('ldd', [binary], { encoding: 'utf8' });
    if (ldd.status !== 0) throw new Error(`ldd ${binary} failed: ${ldd.stderr}`);
    fs.copyFileSync(binary, path.join(dir, 'bin', name));
    fs.chmodSync(path.join(dir, 'bin', name), 0o755);
    for (const lib of lddPaths(ldd.stdout)) {
      const target = path.join(dir, 'lib', path.basename(lib));
      if (fs.existsSync(target)) continue;
      fs.copyFileSync(lib, target);
      fs.chmodSync(target, 0o755);
    }
  }
  fs.mkdirSync(path.join(dir, 'share'));
  for (const [name, file] of Object.entries(data)) fs.copyFileSync(file, path.join(dir, 'share', name));
  fs.writeFileSync(stampFile, stamp);
  return dir;
}

/**
 * bpftrace's kit in @work/bpftrace. Null, with the reason on stderr, when
 * the host has no bpftrace: the bench then leaves its column out.
 */
export function prepareBpftrace(work: string): string | null {
  const binary = hostBinary('bpftrace', 'its USDT column is left out');
  return binary && copyKit(work, 'bpftrace', { bpftrace: binary });
}

/** Where Debian's lttng-sessiond looks for its consumer daemon, and its session schema. */
const CONSUMERD = '/usr/lib/x86_64-linux-gnu/lttng/libexec/lttng-consumerd';
const SESSION_XSD = '/usr/share/xml/lttng/session.xsd';

/**
 * LTTng's client, session daemon, consumer daemon and session schema in
 * @work/lttng (the guest runs them with LD_LIBRARY_PATH at the kit's lib/),
 * with kmod's depmod (the session daemon loads the tracer's modules by name).
 * Null, with the reason on stderr, when the host has no lttng-tools.
 */
export function prepareLttng(work: string): string | null {
  const missing = 'its column is left out (scripts/install-deps installs lttng-tools)';
  const lttng = hostBinary('lttng', missing);
  const sessiond = lttng && hostBinary('lttng-sessiond', missing);
  const consumerd = sessiond && hostBinary(CONSUMERD, missing);
  const kmod = consumerd && hostBinary('kmod', missing);
  if (!lttng || !sessiond || !consumerd || !kmod || !fs.existsSync(SESSION_XSD)) return null;
  // kmod is a multi-call binary: named depmod, it is depmod.
  return copyKit(work, 'lttng', { lttng, 'lttng-sessiond': sessiond, 'lttng-consumerd': consumerd, depmod: kmod }, { 'session.xsd': SESSION_XSD });
}
