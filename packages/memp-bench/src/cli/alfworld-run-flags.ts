import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { type HybridSettings, MempError, RANKINGS, parseHybridSettings } from 'memp';
import {
  BENCH_AGENT_NAMES,
  resolveRunSettings,
  type AlfworldRunSettings,
  type BenchModelSettings,
} from '../alfworld/bench/bench-options.js';
import {
  type BenchGlobalOptions,
  buildCachePath,
  parseChoice,
  parsePositiveInt,
  parseSeed,
} from './bench-cli-options.js';

/** Raw flags shared by `bench alfworld` and `bench grid`. */
export interface AlfworldRunFlags {
  data?: string;
  split: string;
  agent: string;
  observation?: string;
  k?: string;
  minScore?: string;
  mode?: string;
  memoryFrom?: string;
  memory: boolean;
  batch?: string;
  limit?: string;
  seed?: string;
  maxSteps?: string;
  legacyPut: boolean;
  out?: string;
  progress: boolean;
  tokenBudget?: string;
  concurrency?: string;
  timeoutMs?: string;
  consolidate?: boolean;
  onBuildError?: string;
  rank?: string;
  hybridSettings?: string;
}

const AGENTS = BENCH_AGENT_NAMES.join('|');

/** Adds the run flags shared by `bench alfworld` and `bench grid` to `command`, with their defaults. */
export function addAlfworldRunOptions(command: Command): Command {
  return command
    .option(
      '--data <dir>',
      'ALFWorld data directory holding json_2.1.1/ (default: $ALFWORLD_DATA, else the generated games)',
    )
    .option('--split <name>', 'split to evaluate on', 'valid_seen')
    .option('--agent <name>', `agent: ${AGENTS}`, 'offline')
    .option(
      '--observation <mode>',
      `what the agent observes: text (observation only; the default) | admissible (plus the admissible-action list, offline agent only)`,
    )
    .option('--k <n>', 'memories retrieved per task', '3')
    .option(
      '--hybrid-settings <file>',
      'JSON settings of the hybrid policy (memp HybridSettings; with --retrieve hybrid)',
    )
    .option(
      '--rank <ranking>',
      `how retrieval orders procedures: ${RANKINGS.join('|')} (utility: similar candidates re-ranked by their record when followed)`,
    )
    .option('--min-score <x>', 'minimum similarity of a retrieved memory, in [-1, 1] (not applied to random retrieval)')
    .option(
      '--mode <mode>',
      'offline (fixed memory from --memory-from) | online (updated per batch); default: offline with --memory-from, else online',
    )
    .option(
      '--memory-from <source>',
      'initial memory: a split (expert replays of its games, e.g. train) or a memp export / trajectory JSONL file',
    )
    .option('--no-memory', 'run the agent without any memory')
    .option('--batch <n>', 'episodes per batch (learning-curve point; online update period)', '10')
    .option('--limit <n>', 'run only the first N tasks of the (seed-shuffled) split')
    .option('--seed <n>', 'seed of the task order, the agent, random retrieval and ids', '1')
    .option('--max-steps <n>', 'episode cap in actions', '50')
    .option(
      '--legacy-put',
      'compatibility: the environment also accepts the older grammar\'s "put X in/on Y" (recorded in summary.json)',
      false,
    )
    .option('--out <dir>', 'output directory (default: runs/<run-id>)')
    .option('--no-progress', 'no progress bar on stderr')
    .option(
      '--token-budget <n>',
      'with --model: token budget of a run (input + output, agent + policies); when spent the run stops, keeping its episodes',
    )
    .option('--concurrency <n>', 'with --model: provider calls in flight at most (default 4)')
    .option('--timeout-ms <n>', 'with --model: time limit of one provider call in ms (default 60000)')
    .option(
      '--consolidate',
      'consolidate on learn: a memory that says what an existing one says is absorbed by it (its support grows) instead of added',
    )
    .option(
      '--on-build-error <mode>',
      'when the model fails building a memory: fail (stop) | offline (build it offline, marked for `memp rebuild`) | skip (leave the trajectory out)',
      'fail',
    );
}

/** The run's model settings from `--model`/`MEMP_MODEL` and the budget flags; budget flags without a model are refused. */
function modelSettings(flags: AlfworldRunFlags, global: BenchGlobalOptions): BenchModelSettings | undefined {
  const tokenBudget = parsePositiveInt(flags.tokenBudget, '--token-budget');
  const concurrency = parsePositiveInt(flags.concurrency, '--concurrency');
  const timeoutMs = parsePositiveInt(flags.timeoutMs, '--timeout-ms');
  if (global.model === undefined) {
    const given = [
      ['--token-budget', tokenBudget],
      ['--concurrency', concurrency],
      ['--timeout-ms', timeoutMs],
    ].find(([, v]) => v !== undefined);
    if (given) {
      throw new MempError(
        'INVALID_ARGUMENT',
        `${String(given[0])} limits the model's calls: give --model SPEC (or MEMP_MODEL)`,
        { details: { field: given[0] } },
      );
    }
    return undefined;
  }
  const cache = buildCachePath(global);
  return {
    spec: global.model,
    ...(tokenBudget === undefined ? {} : { tokenBudget }),
    ...(concurrency === undefined ? {} : { concurrency }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(cache === undefined ? {} : { buildCache: cache }),
  };
}

/**
 * The run settings of `bench alfworld` / `bench grid` from their raw flags, the policies the command chose and the
 * program's global options; `INVALID_ARGUMENT` naming the flag when one is malformed.
 */
export function alfworldRunSettings(
  flags: AlfworldRunFlags & { control?: string },
  policies: Pick<AlfworldRunSettings, 'build' | 'retrieve' | 'update'> & { rank?: AlfworldRunSettings['rank'] },
  global: BenchGlobalOptions,
): AlfworldRunSettings {
  const model = modelSettings(flags, global);
  const mode = parseChoice(flags.mode, ['offline', 'online'] as const, '--mode');
  const limit = parsePositiveInt(flags.limit, '--limit');
  const data = flags.data ?? process.env['ALFWORLD_DATA'];
  return resolveRunSettings({
    ...(data ? { data } : {}),
    split: flags.split,
    agent: flags.agent,
    ...(flags.observation === undefined ? {} : { observation: flags.observation }),
    ...(flags.control === undefined ? {} : { control: flags.control }),
    k: parsePositiveInt(flags.k, '--k') ?? 3,
    rank: parseChoice(flags.rank, RANKINGS, '--rank') ?? 'similarity',
    ...policies,
    ...(flags.hybridSettings === undefined ? {} : { hybrid: readHybridSettings(flags.hybridSettings) }),
    ...(flags.minScore === undefined ? {} : { minScore: parseScore(flags.minScore) }),
    ...(mode === undefined ? {} : { mode }),
    ...(flags.memoryFrom === undefined ? {} : { memoryFrom: flags.memoryFrom }),
    noMemory: !flags.memory,
    ...(flags.consolidate === true ? { consolidate: true } : {}),
    batch: parsePositiveInt(flags.batch, '--batch') ?? 10,
    ...(limit === undefined ? {} : { limit }),
    seed: parseSeed(flags.seed),
    maxSteps: parsePositiveInt(flags.maxSteps, '--max-steps') ?? 50,
    legacyPut: flags.legacyPut,
    ...(model === undefined ? {} : { model }),
    ...(global.embedder === undefined ? {} : { embedder: global.embedder }),
    onBuildError: parseChoice(flags.onBuildError, ['fail', 'offline', 'skip'] as const, '--on-build-error') ?? 'fail',
  });
}

/** Reads `--hybrid-settings FILE`: JSON checked by memp's `parseHybridSettings`; errors name the file and field. */
function readHybridSettings(path: string): HybridSettings {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new MempError(
      'INVALID_ARGUMENT',
      `--hybrid-settings: cannot read ${path} as JSON (${error instanceof Error ? error.message : String(error)})`,
      { details: { field: '--hybrid-settings' } },
    );
  }
  return parseHybridSettings(json, `--hybrid-settings ${path}`);
}

/** Parses `--min-score`: a number in [-1, 1]. */
function parseScore(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < -1 || n > 1) {
    throw new MempError('INVALID_ARGUMENT', `--min-score must be a number in [-1, 1] (got "${value}")`, {
      details: { field: '--min-score' },
    });
  }
  return n;
}
