// LTTng in the guest, for the bench's `lttng` variant: its session daemon
// started once per boot from the kit (bench/src/kit.ts), loading its kernel
// tracer (modules built by scripts/lttng-modules), and one kernel session
// with every system call event, written to a file, around each timed run.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { run, timedSeconds } from './proc';

export interface LttngSetup {
  /** The kit directory: bin/ (lttng, lttng-sessiond, lttng-consumerd, depmod), lib/, share/session.xsd. */
  kit: string;
  /** A file listing the .ko files of LTTng's kernel tracer, one per line. */
  modules: string;
}

/** "Warning: 12 events were discarded" (lttng stop/destroy), 0 without one. */
export function discardedEvents(output: string): number {
  let n = 0;
  for (const m of output.matchAll(/(\d+) events? (?:were|was) discarded/g)) n += Number(m[1]);
  return n;
}

/**
 * Makes LTTng's modules (@list: a file naming them, one per line) loadable
 * by name, as the session daemon loads them: linked under this kernel's
 * /lib/modules (the guest's is in memory) and indexed by depmod.
 */
function installModules(list: string, depmod: string, env: NodeJS.ProcessEnv): void {
  const top = path.join('/lib/modules', os.release());
  const kos = fs.readFileSync(list, 'utf8').split('\n').filter((l) => l.endsWith('.ko'));
  fs.mkdirSync(path.join(top, 'lttng'), { recursive: true });
  for (const ko of kos) {
    const link = path.join(top, 'lttng', path.basename(ko));
    fs.rmSync(link, { force: true });
    fs.symlinkSync(ko, link);
  }
  // libkmod refuses indexes without the kernel's built-in list: the build
  // directory has it (scripts/lttng-modules), above the modules.
  for (let dir = path.dirname(kos[0] ?? '/'); dir !== '/'; dir = path.dirname(dir)) {
    if (!fs.existsSync(path.join(dir, 'modules.builtin'))) continue;
    for (const f of ['modules.builtin', 'modules.builtin.modinfo']) fs.copyFileSync(path.join(dir, f), path.join(top, f));
    break;
  }
  run([depmod, '-a', os.release()], { env });
}

/** The bytes of every file under @dir. */
function treeBytes(dir: string): number {
  let sum = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) sum += fs.statSync(path.join(e.parentPath ?? e.path, e.name)).size;
  }
  return sum;
}

/** LTTng's modules loaded now. */
function lttngModules(): string[] {
  return fs.readFileSync('/proc/modules', 'utf8').split('\n').map((l) => l.split(' ')[0]).filter((m) => m.startsWith('lttng'));
}

export class Lttng {
  private readonly env: NodeJS.ProcessEnv;
  private readonly bin: (name: string) => string;
  private sessions = 0;

  private constructor(
    private readonly dir: string,
    kit: string,
  ) {
    this.bin = (name) => path.join(kit, 'bin', name);
    this.env = {
      ...process.env,
      LD_LIBRARY_PATH: path.join(kit, 'lib'),
      LTTNG_SESSION_CONFIG_XSD_PATH: path.join(kit, 'share'),
      LTTNG_HOME: dir,
      HOME: dir,
    };
  }

  /** Starts the session daemon, which loads the tracer; @dir holds its state and traces. */
  static start(setup: LttngSetup, dir: string): Lttng {
    fs.mkdirSync(dir, { recursive: true });
    // A root session daemon's run directory (the guest's /var is bare).
    fs.mkdirSync('/var/run/lttng', { recursive: true });
    const l = new Lttng(dir, setup.kit);
    installModules(setup.modules, l.bin('depmod'), l.env);
    // --daemonize returns once the daemon accepts commands.
    run([l.bin('lttng-sessiond'), '--daemonize', `--consumerd64-path=${l.bin('lttng-consumerd')}`, `--consumerd64-libdir=${path.join(setup.kit, 'lib')}`], { env: l.env });
    if (!lttngModules().includes('lttng_tracer')) throw new Error("lttng-sessiond started without LTTng's tracer");
    return l;
  }

  private lttng(args: string[], allowFailure = false) {
    return run([this.bin('lttng'), ...args], { env: this.env, allowFailure });
  }

  /** One timed run of @timed inside a fresh system-wide kernel session of every system call. */
  runOnce(timed: readonly string[]): { seconds: number; discarded: number; bytes: number; stderr: string } {
    const name = `kbench${this.sessions++}`;
    this.lttng(['create', name, `--output=${path.join(this.dir, name)}`]);
    try {
      this.lttng(['enable-event', '--kernel', '--syscall', '--all', `--session=${name}`]);
      this.lttng(['start', name]);
      const r = run(timed);
      // stop returns once the consumer has written every record out.
      const stop = this.lttng(['stop', name]);
      const bytes = treeBytes(path.join(this.dir, name));
      return { seconds: timedSeconds(r.stderr), discarded: discardedEvents(stop.stdout + stop.stderr), bytes, stderr: r.stderr };
    } finally {
      this.lttng(['destroy', name], true);
      fs.rmSync(path.join(this.dir, name), { recursive: true, force: true });
    }
  }

  /** Stops the daemons; the session daemon unloads the tracer as it exits. */
  stop(): void {
    const gone = run(['sh', '-c', 'kill $(pidof lttng-sessiond) 2>/dev/null; for i in $(seq 300); do pidof lttng-sessiond lttng-consumerd >/dev/null || exit 0; sleep 0.1; done; exit 1'], { allowFailure: true });
    if (gone.status !== 0) throw new Error('lttng-sessiond did not exit within 30 s of SIGTERM');
    const left = lttngModules();
    if (left.length) throw new Error(`LTTng's modules still loaded after its session daemon exited: ${left.join(' ')}`);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
