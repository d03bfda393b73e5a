import { Command } from 'commander';
import { registerConsolidateCommand } from './commands/consolidate-command.js';
import { registerInspectCommands } from './commands/inspect-commands.js';
import { registerCandidateCommands } from './commands/candidate-commands.js';
import { registerLearnCommand } from './commands/learn-command.js';
import { registerRetrieveCommand } from './commands/retrieve-command.js';
import { registerTransferCommands } from './commands/transfer-commands.js';
import { registerKeysCommand } from './commands/keys-command.js';
import { registerMcpCommand } from './commands/mcp-command.js';
import { registerServeCommand } from './commands/serve-command.js';
import { registerSkillsCommand } from './commands/skills-command.js';
import { validateModelOptions } from './cli-context.js';
import { mempPackageVersion } from '../server/mcp/memp-package-version.js';

/** Builds the `memp` command-line program. */
export function createProgram(): Command {
  const program = new Command('memp')
    .description('procedural memory for AI agents')
    .version(mempPackageVersion(), '-V, --version', "print memp's version")
    .option('--db <path>', 'SQLite database file (default: $MEMP_DB or ./memp.db)')
    .option(
      '--database-url <url>',
      'PostgreSQL (with pgvector) instead of SQLite: postgres://user@host:5432/db (default: $MEMP_DATABASE_URL)',
    )
    .option('--pool-size <n>', 'PostgreSQL: connections of the store pool (default: $MEMP_PG_POOL_SIZE, else 10)')
    .option(
      '--exact-search-max-rows <n>',
      'PostgreSQL: namespaces with at most this many searched rows are searched exactly, larger ones through the HNSW index; Infinity: always exact (default: $MEMP_EXACT_SEARCH_MAX_ROWS, else the store default)',
    )
    .option(
      '--vector-cache-max-rows <n>',
      'PostgreSQL: task vectors each process holds in memory and searches itself (exactly, or above --exact-search-max-rows through an in-process index); 0: none (default: $MEMP_PG_VECTOR_CACHE_MAX_ROWS, else 150000)',
    )
    .option('--namespace <ns>', 'memory namespace', 'default')
    .option('--json', 'print data as JSON', false)
    .option(
      '--model <spec>',
      'language model for the LLM policies: openai:<model> | anthropic:<model> | openai-compatible:<baseURL>#<model> | offline (default: $MEMP_MODEL, else offline)',
    )
    .option(
      '--embedder <spec>',
      'embedder: offline | hashing[:<dim>] | openai:<model> | openai-compatible:<baseURL>#<model> (default: $MEMP_EMBEDDER, else offline)',
    )
    .option(
      '--grammar <name|file>',
      'action grammar of the offline build/update policies: generic, or the path of a JSON grammar file, e.g. node_modules/memp-bench/grammars/alfworld.json (default: $MEMP_GRAMMAR, else generic)',
    )
    .hook('preAction', (_program, action) => validateModelOptions(action))
    // A usage error is printed by main.ts on one line with a hint, not by commander (nor the whole help). Set
    // before the commands are added, which copy it.
    .configureOutput({ outputError: () => {} })
    .exitOverride();
  registerLearnCommand(program);
  registerRetrieveCommand(program);
  registerInspectCommands(program);
  registerCandidateCommands(program);
  registerTransferCommands(program);
  registerServeCommand(program);
  registerMcpCommand(program);
  registerKeysCommand(program);
  registerConsolidateCommand(program);
  registerSkillsCommand(program);
  return program;
}
