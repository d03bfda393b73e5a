import type { Command } from 'commander';
import { formatRate } from '../alfworld/bench/report-markdown.js';
import { measureDuplicateShare } from '../alfworld/bench/measure-duplicate-share.js';
import { parsePositiveInt, print } from './bench-cli-options.js';

/**
 * Adds `bench duplicate-share` to `bench`: the share of top-k results that repeat a higher-ranked result's
 * procedure, for Key=Query and hybrid with and without duplicate collapse, on a memory file (an online run's
 * `memory.db`).
 */
export function registerBenchDuplicateShareCommand(bench: Command): void {
  bench
    .command('duplicate-share')
    .description('share of top-k results repeating a higher-ranked procedure, per retrieval policy')
    .requiredOption('--memory-db <file>', 'SQLite memory to query (e.g. runs/<id>/memory.db of an online run)')
    .option('--data <dir>', 'ALFWorld data directory (default: $ALFWORLD_DATA, else the generated games)')
    .option('--split <name>', 'split whose task sentences are the queries', 'valid_seen')
    .option('--k <n>', 'memories per query', '3')
    .action(async (flags: { memoryDb: string; data?: string; split: string; k?: string }) => {
      const data = flags.data ?? process.env['ALFWORLD_DATA'];
      const rows = await measureDuplicateShare({
        memoryDb: flags.memoryDb,
        split: flags.split,
        k: parsePositiveInt(flags.k, '--k') ?? 3,
        ...(data ? { data } : {}),
      });
      print('| Retrieve | results at rank ≥ 2 | near-duplicates of a higher-ranked one |');
      print('| --- | ---: | ---: |');
      for (const r of rows) print(`| ${r.policy} | ${r.results} | ${formatRate(r.duplicateShare)} |`);
    });
}
