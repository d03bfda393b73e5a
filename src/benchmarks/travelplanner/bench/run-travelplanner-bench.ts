import { existsSync, statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { MempError } from '../../../core/errors.js';
import { createFixedClock } from '../../../core/clock.js';
import type { Memp } from '../../../engine/create-memp.js';
import { createMemp } from '../../../composition/create-memp.js';
import type { LlmGateway } from '../../../adapters/llm/llm-gateway.js';
import type { BuildPolicyName } from '../../../policies/build/build-policy.js';
import { createOfflineScriptWriter } from '../../../policies/build/offline-script-writer.js';
import type { RetrievePolicyName } from '../../../policies/retrieve/retrieve-policy.js';
import type { UpdatePolicyName } from '../../../policies/update/update-policy.js';
import { loadMemoryFile } from '../../alfworld/bench/load-memory-file.js';
import { type ProgressReporter, silentProgress } from '../../shared/progress-reporter.js';
import { createTravelAgent, type TravelAgentName, type TravelPrompt } from '../agents/create-travel-agent.js';
import { loadTravelDatabase } from '../database/travel-database.js';
import { loadTravelQueries, type TravelQuery } from '../database/travel-query.js';
import { resolveTravelplannerData } from '../database/resolve-travelplanner-data.js';
import { createSolePlanningEnvironment } from '../environment/sole-planning-environment.js';
import { createTwoStageEnvironment } from '../environment/two-stage-environment.js';
import { goldTrajectory } from '../memory/gold-trajectory.js';
import { kFoldSplit } from '../memory/k-fold-split.js';
import { createTravelAdjuster } from '../memory/travel-adjuster.js';
import { runTravelEpisodes, type TravelEpisode } from './run-travelplanner-episodes.js';
import { summarizeTravelRun, type TravelRunSummary } from './travel-run-summary.js';
import { writeTravelRunOutputs } from './write-travel-run-outputs.js';

/** Options of {@link runTravelplannerBench} (the CLI's `memp bench travelplanner run`). */
export interface TravelplannerRunOptions {
  data?: string;
  split?: string;
  agent?: TravelAgentName;
  mode?: 'sole-planning' | 'two-stage';
  /** LLM sole-planning prompt. Default `direct`. */
  prompt?: TravelPrompt;
  /** `gold`: expert memory from the train gold plans, built per fold; a file: a memp export or trajectory JSONL. */
  memoryFrom?: string;
  build?: BuildPolicyName;
  retrieve?: RetrievePolicyName;
  /** Update after every episode (online). Default: none (offline memory, retrieve only). */
  update?: UpdatePolicyName;
  k?: number;
  /** Folds for `--memory-from gold` (default 5). */
  folds?: number;
  limit?: number;
  seed?: number;
  /** The run's gateway (`--agent llm`); the CLI builds it from `--model`/`--token-budget`. */
  gateway?: LlmGateway;
  tokenBudget?: number;
  out?: string;
  progress?: ProgressReporter;
}

/** What {@link runTravelplannerBench} returns. */
export interface TravelplannerRunResult {
  summary: TravelRunSummary;
  episodes: TravelEpisode[];
  paths?: Record<string, string>;
}

/**
 * Runs a TravelPlanner benchmark: the agent on the train queries (first `limit`), with no memory, with memory built
 * from the gold plans (k-fold: a query is evaluated only by an engine whose memory holds the gold plans of the other
 * folds — never its own), or with memory loaded from a file; with `update`, each episode is learned right after it
 * (online). Scores with the official evaluator; writes `summary.json`, `episodes.jsonl`, `plans.jsonl` (an
 * official-format submission), `report.md` and `report.html` under `out`. Errors: `INVALID_ARGUMENT` for bad options.
 */
export async function runTravelplannerBench(options: TravelplannerRunOptions): Promise<TravelplannerRunResult> {
  const began = performance.now();
  const data = resolveTravelplannerData(options.data === undefined ? {} : { explicit: options.data });
  const split = options.split ?? 'train';
  const agentName = options.agent ?? 'offline';
  const mode = options.mode ?? 'sole-planning';
  const seed = options.seed ?? 1;
  const k = options.k ?? 3;
  const folds = options.folds ?? 5;
  const build = options.build ?? 'proceduralization';
  const retrieve = options.retrieve ?? 'query';
  if (agentName === 'offline' && mode !== 'sole-planning') {
    throw new MempError(
      'INVALID_ARGUMENT',
      'the offline planner plans in sole-planning mode only; use --agent llm for two-stage',
      { details: { field: '--mode' } },
    );
  }
  if (agentName === 'llm' && options.gateway === undefined) {
    throw new MempError('INVALID_ARGUMENT', 'the llm agent needs a language model (--model)', {
      details: { field: '--model' },
    });
  }
  if (options.limit !== undefined && (!Number.isInteger(options.limit) || options.limit < 1)) {
    throw new MempError('INVALID_ARGUMENT', '--limit must be a positive integer', { details: { field: '--limit' } });
  }
  const memoryFrom = options.memoryFrom;
  if (memoryFrom !== undefined && memoryFrom !== 'gold' && !(existsSync(memoryFrom) && statSync(memoryFrom).isFile())) {
    throw new MempError('INVALID_ARGUMENT', `--memory-from must be "gold" or an existing file: ${memoryFrom}`, {
      details: { field: '--memory-from' },
    });
  }
  const db = loadTravelDatabase({ dir: data });
  const all = loadTravelQueries({ dir: data, split });
  const queries = all.slice(0, options.limit ?? all.length);
  const env =
    mode === 'sole-planning'
      ? createSolePlanningEnvironment({ db, queries: all })
      : createTwoStageEnvironment({ db, queries: all });
  const agent = createTravelAgent({
    name: agentName,
    mode,
    prompt: options.prompt ?? 'direct',
    db,
    queries: all,
    ...(options.gateway ? { gateway: options.gateway } : {}),
  });
  const progress = options.progress ?? silentProgress;
  const usage = options.gateway ? () => (options.gateway as LlmGateway).usage() : undefined;
  const useMemory = memoryFrom !== undefined || options.update !== undefined;
  const engine = (): Memp => {
    const writer = createOfflineScriptWriter();
    return createMemp({
      build,
      retrieve,
      update: options.update ?? 'vanilla',
      k,
      seed,
      adjuster: createTravelAdjuster({ writer }),
      scriptWriter: writer,
      clock: createFixedClock({ start: '2026-01-01T00:00:00.000Z', stepMs: 1000 }),
    });
  };
  // Groups of (queries to evaluate, memory source for them).
  const groups: Array<{ fold: number; queries: TravelQuery[]; gold: TravelQuery[] }> = [];
  if (memoryFrom === 'gold') {
    kFoldSplit({ ids: all.map((q) => q.idx), folds, seed }).forEach((held, f) => {
      const evalIds = new Set(held);
      groups.push({
        fold: f + 1,
        queries: queries.filter((q) => evalIds.has(q.idx)),
        gold: all.filter((q) => !evalIds.has(q.idx)),
      });
    });
  } else {
    groups.push({ fold: 0, queries, gold: [] });
  }
  const episodes: TravelEpisode[] = [];
  const memoryBuild = { trajectories: 0, memories: 0 };
  let stopped: MempError | undefined;
  progress.start({ label: `travelplanner ${agentName}`, total: queries.length });
  for (const group of groups) {
    if (stopped || group.queries.length === 0) continue;
    const memp = useMemory ? engine() : undefined;
    if (memp && group.gold.length > 0) {
      const results = await memp.learnBatch({
        items: group.gold.map((q) => ({
          trajectory: goldTrajectory({ query: q, db }),
          where: `gold plan of query ${q.idx}`,
        })),
      });
      memoryBuild.trajectories += group.gold.length;
      memoryBuild.memories += results.filter((r) => r.created !== undefined).length;
    }
    if (memp && memoryFrom !== undefined && memoryFrom !== 'gold') {
      const loaded = await loadMemoryFile({ memp, file: memoryFrom });
      memoryBuild.trajectories += loaded.trajectories;
      memoryBuild.memories += loaded.memories;
    }
    const run = await runTravelEpisodes({
      queries: group.queries,
      env,
      agent,
      ...(memp ? { memp } : {}),
      k,
      online: options.update !== undefined,
      fold: group.fold,
      maxSteps: mode === 'two-stage' ? 31 : 1,
      ...(usage ? { usage } : {}),
      onEpisode: () => progress.update({ done: episodes.length + 1 }),
    });
    episodes.push(...run.episodes);
    stopped = run.stopped;
    await memp?.close();
  }
  progress.stop();
  episodes.sort((a, b) => a.idx - b.idx);
  const summary = summarizeTravelRun({
    db,
    queries,
    episodes,
    ...(stopped ? { stopped } : {}),
    durationMs: Math.round(performance.now() - began),
    config: {
      data,
      split,
      agent: agentName,
      mode,
      ...(agentName === 'llm' ? { prompt: options.prompt ?? 'direct', model: options.gateway?.modelId } : {}),
      memoryFrom: memoryFrom ?? null,
      build: useMemory ? build : null,
      retrieve: useMemory ? retrieve : null,
      update: options.update ?? null,
      k,
      folds: memoryFrom === 'gold' ? folds : null,
      limit: options.limit ?? null,
      seed,
      ...(options.tokenBudget === undefined ? {} : { tokenBudget: options.tokenBudget }),
    },
    memoryBuild,
    ...(options.gateway ? { usage: options.gateway.usage() } : {}),
  });
  if (options.out === undefined) return { summary, episodes };
  return { summary, episodes, paths: writeTravelRunOutputs({ dir: options.out, summary, episodes, queries }) };
}
