// A detached tmux pane on a private server: type keys, read the screen.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class TmuxPane {
  private readonly socket = `ktrace-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

  /** Starts `sh` in a @width x @height pane with a UTF-8 locale. */
  constructor(width: number, height: number) {
    if (spawnSync('tmux', ['-V']).status !== 0) throw new Error('tmux is not installed (scripts/install-deps installs it)');
    this.tmux('new-session', '-d', '-s', 'test', '-x', String(width), '-y', String(height), '-e', 'LANG=C.UTF-8', 'sh');
  }

  private tmux(...args: string[]): string {
    const r = spawnSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  }

  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', 'test');
  }

  /** The screen with the SGR sequences tmux draws it with (colours, bold, inverse). */
  screenWithEscapes(): string {
    return this.tmux('capture-pane', '-p', '-e', '-t', 'test');
  }

  keys(...keys: string[]): void {
    this.tmux('send-keys', '-t', 'test', ...keys);
  }

  /** Polls until @what is on the screen; the deadline only bounds a failure. */
  async waitFor(what: string | ((screen: string) => boolean), deadlineMs = 60000): Promise<string> {
    const end = Date.now() + deadlineMs;
    for (;;) {
      const text = this.screen();
      if (typeof what === 'string' ? text.includes(what) : what(text)) return text;
      if (Date.now() > end) assert.fail(`never saw ${String(what)} on the screen:\n${text}`);
      await sleep(100);
    }
  }

  /** Waits for the shell's prompt, so typed keys reach it. */
  async waitForPrompt(): Promise<void> {
    await this.waitFor((t) => /^[$#]/m.test(t));
  }

  kill(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
  }
}

/** The dashboard's left-column row that starts with @prefix, without the borders. */
export function leftRowStarting(screen: string, prefix: string): string | undefined {
  return screen
    .split('\n')
    .map((line) => line.split('│')[1]?.trimEnd() ?? '')
    .find((line) => line.startsWith(prefix));
}
