#!/usr/bin/env node
// The ktrace command line: one yargs command per file under commands/.
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { dashboardCommand } from './commands/dashboard';
import { dumpCommand } from './commands/dump';
import { exportCommand } from './commands/export';
import { infoCommand } from './commands/info';
import { memCommand } from './commands/mem';
import { pathsCommand } from './commands/paths';
import { recordCommand } from './commands/record';
import { reportCommand } from './commands/report';
import { runCommand } from './commands/run';
import { spansCommand } from './commands/spans';
import { traceCommand } from './commands/trace';
import { failureLine, EXIT_STATUS_HELP } from './failure';
import { BrokenPipeError, EXIT_BROKEN_PIPE, Output } from './io/output';
import { usdtCommand } from './commands/usdt';
import { noteCallerFds } from './session/caller-fds';
import { UserError } from './user-error';
import { usageError } from './usage';
import { splitAttachedValues } from './attached-values';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require('../../../package.json') as { version: string };

/**
 * yargs' parser reads a lone `-` as an empty option, not the argument meaning
 * standard input: it passes through as this placeholder and is put back.
 */
const STDIN_PLACEHOLDER = '\u0000stdin';

export async function main(given: string[]): Promise<void> {
  const argv = splitAttachedValues(given);
  const dashAt = argv.indexOf('--');
  const args = argv.map((a, i) => (a === '-' && (dashAt < 0 || i < dashAt) ? STDIN_PLACEHOLDER : a));
  const cli: Argv = yargs(args);
  await cli
    .scriptName('ktrace')
    .parserConfiguration({ 'populate--': true })
    .version(version)
    .alias('V', 'version')
    .middleware((parsed) => {
      for (const [key, value] of Object.entries(parsed)) if (value === STDIN_PLACEHOLDER) parsed[key] = '-';
    })
    .command(traceCommand)
    .command(runCommand)
    .command(recordCommand)
    .command(reportCommand)
    .command(dumpCommand)
    .command(exportCommand)
    .command(infoCommand)
    .command(memCommand)
    .command(dashboardCommand)
    .command(usdtCommand)
    .command(spansCommand)
    .command(pathsCommand)
    .completion('completion', 'Print a bash or zsh completion script (zsh when $SHELL is zsh)')
    .strict()
    .help()
    .alias('h', 'help')
    .epilogue(EXIT_STATUS_HELP)
    .fail((msg: string | null, err: Error | undefined) => {
      // During a command, the top-level instance holds that command's options.
      throw err ?? usageError(msg ?? 'bad usage', argv, cli);
    })
    .parseAsync();
}

/** Runs ktrace; every failure ends as one `ktrace: ...` line on stderr and its exit status. */
export async function run(argv: string[]): Promise<void> {
  // Before ktrace opens anything: which descriptors are the caller's.
  noteCallerFds();
  // Help, completion and version text go through process.stdout too: a
  // reader that went away there ends ktrace as quietly as with its own output
  // (which sees the same error and stops with BrokenPipeError).
  for (const stream of [process.stdout, process.stderr])
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exitCode = EXIT_BROKEN_PIPE;
    });
  try {
    await main(argv);
    await Output.stdout().flush();
  } catch (err) {
    if (err instanceof BrokenPipeError) {
      process.exitCode = EXIT_BROKEN_PIPE;
      return;
    }
    const { line, exitCode, debug } = failureLine(err);
    process.exitCode = exitCode;
    const stderr = Output.stderr();
    stderr.write(`${line}\n`);
    if (process.env.KTRACE_DEBUG === '1' && debug) stderr.write(`${debug}\n`);
    await stderr.flush().catch(() => undefined);
  }
}

if (require.main === module) void run(hideBin(process.argv));

export { UserError };
