// Installing ktrace on a real host, end to end but without touching this one:
// the npm tarball installs into a temporary prefix and runs; trace.ko from the
// sources that tarball ships installs with `make install` into a staging root
// and through DKMS into temporary trees, for both kernels' headers.
import { strict as assert } from 'node:assert';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../support/paths';

const repo = repoRoot();
const { version } = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as { version: string };

function run(cmd: string, args: string[], opts: SpawnSyncOptions = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26, ...opts });
  const out = { code: r.status, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
  return { ...out, why: `${cmd} ${args.join(' ')} exited ${out.code}:\n${out.stdout.slice(-3000)}\n${out.stderr.slice(-3000)}` };
}

/** The Debian headers of each kernel under test, and the release they build for. */
function kernels(): { name: string; headers: string; release: string }[] {
  const all = fs.readdirSync('/usr/src').filter((d) => /^linux-headers-.*-amd64$/.test(d));
  return [
    { name: '6.1', pattern: /^linux-headers-6\.1\.\d/ },
    { name: '6.12', pattern: /^linux-headers-6\.12[.-]/ },
  ].map(({ name, pattern }) => {
    const dir = all.filter((d) => pattern.test(d)).sort().pop();
    assert.ok(dir, `no linux-headers for ${name} in /usr/src: run scripts/install-deps`);
    const headers = path.join('/usr/src', dir);
    const uts = fs.readFileSync(path.join(headers, 'include/generated/utsrelease.h'), 'utf8');
    const release = /#define UTS_RELEASE "([^"]+)"/.exec(uts)?.[1];
    assert.ok(release, `no UTS_RELEASE in ${headers}`);
    return { name, headers, release };
  });
}

describe('installing on a real host', function () {
  this.timeout(600_000);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ktrace-install-'));
  const prefix = path.join(work, 'prefix');
  const installed = path.join(prefix, 'lib/node_modules/ktrace');
  let tarball = '';

  after(() => fs.rmSync(work, { recursive: true, force: true }));

  describe('the npm package', () => {
    before(() => {
      // prepack builds dist/ first, as on a clean clone.
      const pack = run('npm', ['pack', '--pack-destination', work], { cwd: repo });
      assert.equal(pack.code, 0, pack.why);
      tarball = path.join(work, `ktrace-${version}.tgz`);
      assert.ok(fs.existsSync(tarball), pack.why);
    });

    it('ships the frontend, the man page and the module sources, and no tests or tooling', () => {
      const list = run('tar', ['-tzf', tarball]);
      assert.equal(list.code, 0, list.why);
      const files = list.stdout.split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));
      for (const f of ['package.json', 'README.md', 'bin/ktrace', 'dist/frontend/src/cli.js', 'docs/ktrace.1', 'Makefile', 'Kbuild', 'dkms.conf', 'kmod/main.c', 'kmod/ktrace_abi.h', 'kmod/wrapper/timer.h'])
        assert.ok(files.includes(f), `${f} is not in the tarball`);
      const unwanted = files.filter((f) => /^(dist\/test|test|scripts|node_modules|build)\//.test(f) || f.endsWith('.ko') || f.endsWith('.o'));
      assert.deepEqual(unwanted, []);
    });

    it('installs globally into a clean prefix, building the ioctl-napi addon', () => {
      const install = run('npm', ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', '--allow-scripts=ioctl-napi', tarball], { cwd: work });
      assert.equal(install.code, 0, install.why);
      const addon = path.join(installed, 'node_modules/ioctl-napi/build/Release/ioctl.node');
      assert.ok(fs.existsSync(addon), `the addon was not built during install:\n${install.why}`);
      const load = run(process.execPath, ['-e', `process.stdout.write(typeof require(${JSON.stringify(path.join(installed, 'node_modules/ioctl-napi'))}))`]);
      assert.equal(load.stdout, 'function', load.why);
      const manifest = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')) as { allowScripts?: Record<string, boolean> };
      // Only the addon's install script may run; esbuild (a devDependency, for the bundle) is denied.
      assert.deepEqual(manifest.allowScripts, { esbuild: false, 'ioctl-napi': true });
    });

    it('gives a working ktrace on PATH, with its man page', () => {
      const ktrace = path.join(prefix, 'bin/ktrace');
      const v = run(ktrace, ['--version']);
      assert.equal(v.code, 0, v.why);
      assert.equal(v.stdout, `${version}\n`);
      const report = run(ktrace, ['report', path.join(repo, 'test/fixtures/known.ktr')]);
      assert.equal(report.code, 0, report.why);
      assert.equal(report.stdout, fs.readFileSync(path.join(repo, 'test/fixtures/known.report.txt'), 'utf8'));
      const man = path.join(prefix, 'share/man/man1/ktrace.1');
      assert.equal(fs.readFileSync(man, 'utf8'), fs.readFileSync(path.join(repo, 'docs/ktrace.1'), 'utf8'));
      const noDevice = run(ktrace, ['info', '--device', path.join(work, 'no-such-device')]);
      assert.equal(noDevice.code, 2);
      // A --device that does not exist is named as the user's path, not taken for an unloaded module.
      assert.equal(noDevice.stderr, `ktrace: cannot open ${path.join(work, 'no-such-device')}: No such file or directory (--device takes the trace device, /dev/trace)\n`);
    });
  });

  /** The module sources as the npm package ships them, in a fresh directory to build in. */
  function packagedSources(dir: string): string {
    fs.mkdirSync(dir, { recursive: true });
    for (const f of ['Makefile', 'Kbuild', 'dkms.conf', 'kmod']) fs.cpSync(path.join(installed, f), path.join(dir, f), { recursive: true });
    return dir;
  }

  for (const kernel of kernels()) {
    describe(`trace.ko for ${kernel.name} (${kernel.release})`, () => {
      it('make install stages it under extra/ and depmod makes modprobe resolve it', () => {
        const src = packagedSources(path.join(work, `make-${kernel.name}`));
        const stage = path.join(work, `stage-${kernel.name}`);
        const make = run('make', ['-j2', 'install', `KDIR=${kernel.headers}`, `INSTALL_MOD_PATH=${stage}`], { cwd: src });
        assert.equal(make.code, 0, make.why);
        const modprobe = run('modprobe', ['-n', '-v', '-d', stage, '-S', kernel.release, 'trace']);
        assert.equal(modprobe.code, 0, modprobe.why);
        const ko = new RegExp(`^insmod ${stage}/lib/modules/${kernel.release.replace(/[.+]/g, '\\$&')}/extra/trace\\.ko(\\.xz)? *$`);
        assert.match(modprobe.stdout.trim(), ko);
        const vermagic = run('modinfo', ['-F', 'vermagic', modprobe.stdout.trim().split(' ')[1]]);
        assert.match(vermagic.stdout, new RegExp(`^${kernel.release.replace(/[.+]/g, '\\$&')} `));
      });

      it('DKMS adds, builds, signs, installs and removes it, in trees of its own', () => {
        const src = packagedSources(path.join(work, `dkms-src-${kernel.name}`));
        const t = path.join(work, `dkms-${kernel.name}`);
        const modules = path.join(t, 'root/lib/modules');
        fs.mkdirSync(path.join(t, 'tree'), { recursive: true });
        fs.mkdirSync(path.join(modules, kernel.release), { recursive: true });
        const vars = [
          `DKMS_SOURCETREE=${t}/src`,
          // --no-depmod: depmod -a would rewrite this host's /lib/modules; the test runs depmod -b itself.
          `DKMS_FLAGS=--dkmstree ${t}/tree --installtree ${modules} --kernelsourcedir ${kernel.headers} --no-depmod`,
        ];
        // DKMS signs with its MOK key; a key of the test's own leaves /var/lib/dkms alone.
        const env = { ...process.env, mok_signing_key: `${t}/mok.key`, mok_certificate: `${t}/mok.pub` };
        const install = run('make', ['dkms-install', `KREL=${kernel.release}`, ...vars], { cwd: src, env });
        assert.equal(install.code, 0, install.why);
        const status = run('dkms', ['status', '--dkmstree', `${t}/tree`, '--sourcetree', `${t}/src`, '--installtree', modules]);
        assert.equal(status.stdout.trim(), `ktrace/${version}, ${kernel.release}, x86_64: installed`, status.why);
        assert.equal(run('depmod', ['-b', path.join(t, 'root'), kernel.release]).code, 0);
        const modprobe = run('modprobe', ['-n', '-v', '-d', path.join(t, 'root'), '-S', kernel.release, 'trace']);
        assert.match(modprobe.stdout.trim(), /\/updates\/dkms\/trace\.ko(\.xz)? *$/, modprobe.why);
        const signer = run('modinfo', ['-F', 'signer', modprobe.stdout.trim().split(' ')[1]]);
        assert.equal(signer.stdout.trim(), 'DKMS module signing key', signer.why);

        const remove = run('make', ['dkms-uninstall', ...vars], { cwd: src, env });
        assert.equal(remove.code, 0, remove.why);
        assert.equal(run('dkms', ['status', '--dkmstree', `${t}/tree`, '--sourcetree', `${t}/src`, '--installtree', modules]).stdout.trim(), '');
        assert.ok(!fs.existsSync(path.join(t, `src/ktrace-${version}`)), 'the sources stayed');
        assert.ok(!fs.existsSync(path.join(modules, kernel.release, 'updates/dkms')) || fs.readdirSync(path.join(modules, kernel.release, 'updates/dkms')).length === 0);
      });
    });
  }

  it('dkms.conf has the package version', () => {
    assert.match(fs.readFileSync(path.join(repo, 'dkms.conf'), 'utf8'), new RegExp(`^PACKAGE_VERSION="${version.replace(/\./g, '\\.')}"$`, 'm'));
  });
});
