#!/usr/bin/env node
// The ktrace command line: one yargs command per file under commands/.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { dashboardCommand } from './commands/dashboard';
import { dumpCommand } from './commands/dump';
import { exportCommand } from './commands/export';
import { infoCommand } from './commands/info';
import { memCommand } from './commands/mem';
import { recordCommand } from './commands/record';
import { reportCommand } from './commands/report';
import { runCommand } from './commands/run';
import { traceCommand } from './commands/trace';
import { usdtCommand } from './commands/usdt';
import { UserError } from './user-error';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require('../../../package.json') as { version: string };

async function main(argv: string[]): Promise<void> {
  await yargs(argv)
    .scriptName('ktrace')
    .parserConfiguration({ 'populate--': true })
    .version(version)
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
    .completion('completion', 'Print a bash or zsh completion script (zsh when $SHELL is zsh)')
    .strict()
    .help()
    .fail((msg, err) => {
      throw err ?? new UserError(msg, 2);
    })
    .parseAsync();
}

main(hideBin(process.argv)).catch((err: unknown) => {
  if (err instanceof UserError) {
    process.stderr.write(`ktrace: ${err.message}\n`);
    process.exitCode = err.exitCode;
    return;
  }
  process.stderr.write(`ktrace: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
