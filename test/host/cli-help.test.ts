// The CLI's self-documentation: examples in every command's --help, the man
// page generated from that help, and the shell completion yargs provides.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot } from '../support/paths';

const cli = path.join(repoRoot(), 'dist/frontend/src/cli.js');

function ktrace(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function commandNames(): string[] {
  return [...ktrace(['--help']).stdout.matchAll(/^ {2}ktrace ([a-z]+)\b/gm)].map((m) => m[1]);
}

describe('ktrace help, man page and completion', function () {
  this.timeout(60_000);

  it('lists every command', () => {
    assert.deepEqual(commandNames(), ['trace', 'run', 'record', 'report', 'dump', 'export', 'info', 'mem', 'dashboard', 'usdt', 'spans', 'paths', 'completion']);
  });

  // `completion` is yargs' own command and documents itself by its output.
  for (const name of ['', 'run', 'record', 'report', 'dump', 'export', 'info', 'mem', 'dashboard', 'usdt', 'spans']) {
    it(`ktrace ${name || '(trace)'} --help shows examples that run ktrace`, () => {
      const r = ktrace(name ? [name, '--help'] : ['--help']);
      assert.equal(r.code, 0, r.stderr);
      const examples = r.stdout.split('\nExamples:\n')[1];
      assert.ok(examples, `no Examples section in ktrace ${name} --help`);
      // Long examples wrap onto lines of their own; each example's first line runs the command.
      const runs = examples.split('\n').filter((l) => l.includes(name ? `ktrace ${name} ` : 'ktrace -'));
      assert.ok(runs.length >= 2, `fewer than two examples of ktrace ${name}:\n${examples}`);
    });
  }

  it('docs/ktrace.1 is generated from the current --help (scripts/gen-man.js --check)', function () {
    // One CLI start per command, one after the other: past a minute on a loaded host.
    this.timeout(180_000);
    const r = spawnSync(process.execPath, [path.join(repoRoot(), 'scripts/gen-man.js'), '--check'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });

  it('ktrace completion prints a bash script, or a zsh one under zsh', () => {
    const bash = ktrace(['completion'], { ...process.env, SHELL: '/bin/bash' });
    assert.equal(bash.code, 0, bash.stderr);
    assert.match(bash.stdout, /^complete -o bashdefault -o default -F _ktrace_yargs_completions ktrace$/m);
    assert.match(bash.stdout, /ktrace --get-yargs-completions "\$\{args\[@\]\}"/);
    const zsh = ktrace(['completion'], { ...process.env, SHELL: '/usr/bin/zsh' });
    assert.equal(zsh.code, 0, zsh.stderr);
    assert.match(zsh.stdout, /^#compdef ktrace$/m);
    assert.match(zsh.stdout, /^compdef _ktrace_yargs_completions ktrace$/m);
  });

  it('completes commands and their options', () => {
    const commands = ktrace(['--get-yargs-completions', 'ktrace', 'exp']).stdout.split('\n');
    assert.ok(commands.includes('export') && commands.includes('report'), commands.join(' '));
    const options = ktrace(['--get-yargs-completions', 'ktrace', 'export', '--f']).stdout.split('\n');
    assert.ok(options.includes('--format') && options.includes('--output'), options.join(' '));
  });
});
