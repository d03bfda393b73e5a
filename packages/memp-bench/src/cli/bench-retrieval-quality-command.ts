import type { Command } from 'commander';
import { BUILD_POLICY_NAMES } from 'memp';
import { RETRIEVE_POLICY_NAMES } from 'memp';
import { formatRate } from '../alfworld/bench/report-markdown.js';
import { runAlfworldRetrievalQuality } from '../alfworld/bench/run-alfworld-retrieval-quality.js';
import { createProgressBar, silentProgress } from '../shared/progress-reporter.js';
import { benchGlobalOptions, parseChoice, parseList, parsePositiveInt, parseSeed, print } from './bench-cli-options.js';

/** Raw flags of `bench retrieval-quality`. */
interface RetrievalQualityFlags {
  data?: string;
  split: string;
  memoryFrom: string;
  build: string;
  policies?: string;
  k?: string;
  limit?: string;
  seed?: string;
  progress: boolean;
}

/**
 * Adds `bench retrieval-quality` to `bench`: the share of top-1 (and top-k) retrieved memories whose task type is the
 * query's, per retrieval policy, without running an agent.
 */
export function registerBenchRetrievalQualityCommand(bench: Command): void {
  bench
    .command('retrieval-quality')
    .description('share of top-1 retrieved memories with the query task type, per retrieval policy (no agent)')
    .option('--data <dir>', 'ALFWorld data directory (default: $ALFWORLD_DATA, else the generated games)')
    .option('--split <name>', 'split whose tasks are the queries', 'valid_seen')
    .option('--memory-from <source>', 'memory: a split (expert replays) or a memp export / trajectory file', 'train')
    .option('--build <policy>', `build policy of the memory: ${BUILD_POLICY_NAMES.join('|')}`, 'proceduralization')
    .option('--policies <list>', `retrieval policies (default: ${RETRIEVE_POLICY_NAMES.join(',')})`)
    .option('--k <n>', 'memories per query (top-k share)', '3')
    .option('--limit <n>', 'only the first N queries (seed-shuffled)')
    .option('--seed <n>', 'seed of random retrieval and the query order', '1')
    .option('--no-progress', 'no progress bar on stderr')
    .action(runBenchRetrievalQuality);
}

/** The action of `bench retrieval-quality`: measures, then prints JSON or a Markdown table. */
async function runBenchRetrievalQuality(flags: RetrievalQualityFlags, command: Command): Promise<void> {
  const data = flags.data ?? process.env['ALFWORLD_DATA'];
  const limit = parsePositiveInt(flags.limit, '--limit');
  const result = await runAlfworldRetrievalQuality({
    ...(data ? { data } : {}),
    split: flags.split,
    memoryFrom: flags.memoryFrom,
    build: parseChoice(flags.build, BUILD_POLICY_NAMES, '--build') ?? 'proceduralization',
    policies: parseList(flags.policies, RETRIEVE_POLICY_NAMES, '--policies'),
    k: parsePositiveInt(flags.k, '--k') ?? 3,
    ...(limit === undefined ? {} : { limit }),
    seed: parseSeed(flags.seed),
    progress: flags.progress ? createProgressBar() : silentProgress,
  });
  if (benchGlobalOptions(command).json) return print(JSON.stringify(result));
  print(`queries: ${result.split} task sentences; memory: ${result.memories} memories from ${result.memoryFrom}`);
  print('| Retrieve | Top-1 same task type | Top-k same task type | Mean ms |');
  print('| --- | ---: | ---: | ---: |');
  for (const r of result.results) {
    print(
      `| ${r.policy} | ${formatRate(r.top1SameType)} | ${formatRate(r.topKSameType)} (k=${r.k}) | ${r.meanMs.toFixed(2)} |`,
    );
  }
}
