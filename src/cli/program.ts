import { Command } from 'commander';
import { registerBenchCommand } from './commands/bench-command.js';
import { registerDemoCommand } from './commands/demo-command.js';
import { registerInspectCommands } from './commands/inspect-commands.js';
import { registerLearnCommand } from './commands/learn-command.js';
import { registerRetrieveCommand } from './commands/retrieve-command.js';
import { registerTransferCommands } from './commands/transfer-commands.js';

/** Builds the `memp` command-line program. */
export function createProgram(): Command {
  const program = new Command('memp')
    .description('procedural memory for AI agents')
    .option('--db <path>', 'SQLite database file (default: $MEMP_DB or ./memp.db)')
    .option('--namespace <ns>', 'memory namespace', 'default')
    .option('--json', 'print data as JSON', false)
    .showHelpAfterError()
    .exitOverride();
  registerDemoCommand(program);
  registerLearnCommand(program);
  registerRetrieveCommand(program);
  registerInspectCommands(program);
  registerTransferCommands(program);
  registerBenchCommand(program);
  return program;
}
