import type { Command } from 'commander';
import { formatRate } from '../alfworld/bench/report-markdown.js';
import { runParaphraseRetrieval } from '../alfworld/bench/run-paraphrase-retrieval.js';
import type { RetrievalQuality } from '../alfworld/bench/measure-retrieval-quality.js';
import { createProgressBar, silentProgress } from '../shared/progress-reporter.js';
import { benchGlobalOptions, parsePositiveInt, parseSeed, print } from './bench-cli-options.js';

/** Raw flags of `bench paraphrase-retrieval`. */
interface ParaphraseFlags {
  data?: string;
  splits: string;
  memoryFrom: string;
  memoryDb?: string;
  learnReworded?: string;
  k?: string;
  seed?: string;
  progress: boolean;
}

/**
 * Adds `bench paraphrase-retrieval` to `bench`: retrieval quality on the task sentences as written and reworded
 * by memp-bench's paraphrase rules, per retrieval policy, without running an agent.
 */
export function registerBenchParaphraseRetrievalCommand(bench: Command): void {
  bench
    .command('paraphrase-retrieval')
    .description('top-1 / top-k same task type on original and reworded task sentences, per retrieval policy')
    .option('--data <dir>', 'ALFWorld data directory (default: $ALFWORLD_DATA, else the generated games)')
    .option('--splits <list>', 'splits whose task sentences are the queries', 'valid_seen,valid_train')
    .option('--memory-from <source>', 'memory: a split (expert replays)', 'train')
    .option('--memory-db <file>', 'SQLite file of the built memory: reused when it exists, else kept there')
    .option(
      '--learn-reworded <list>',
      'splits whose expert replays are learned with reworded task sentences first (not a query split; with --memory-db, only when the file is built)',
    )
    .option('--k <n>', 'memories per query (top-k share)', '3')
    .option('--seed <n>', 'seed of random retrieval', '1')
    .option('--no-progress', 'no progress bar on stderr')
    .action(runBenchParaphraseRetrieval);
}

function table(title: string, rows: RetrievalQuality[]): void {
  print(`\n${title}\n`);
  print('| Retrieve | Top-1 same task type | Top-k same task type | Mean ms |');
  print('| --- | ---: | ---: | ---: |');
  for (const r of rows) {
    print(
      `| ${r.policy} | ${formatRate(r.top1SameType)} | ${formatRate(r.topKSameType)} (k=${r.k}) | ${r.meanMs.toFixed(2)} |`,
    );
  }
}

async function runBenchParaphraseRetrieval(flags: ParaphraseFlags, command: Command): Promise<void> {
  const data = flags.data ?? process.env['ALFWORLD_DATA'];
  const result = await runParaphraseRetrieval({
    ...(data ? { data } : {}),
    splits: flags.splits
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0),
    memoryFrom: flags.memoryFrom,
    ...(flags.memoryDb === undefined ? {} : { memoryDb: flags.memoryDb }),
    ...(flags.learnReworded === undefined
      ? {}
      : {
          learnReworded: flags.learnReworded
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s.length > 0),
        }),
    k: parsePositiveInt(flags.k, '--k') ?? 3,
    seed: parseSeed(flags.seed),
    progress: flags.progress ? createProgressBar() : silentProgress,
  });
  if (benchGlobalOptions(command).json) return print(JSON.stringify(result));
  const grown =
    result.learnedReworded.length === 0 ? '' : ` + reworded replays of ${result.learnedReworded.join(', ')}`;
  print(
    `queries: ${result.queries} task sentences of ${result.splits.join(', ')}; memory from ${result.memoryFrom}${grown}`,
  );
  for (const e of result.examples) print(`- "${e.original}" → "${e.paraphrased}"`);
  table('As written', result.original);
  table('Reworded (memp-bench paraphrase rules)', result.paraphrased);
}
