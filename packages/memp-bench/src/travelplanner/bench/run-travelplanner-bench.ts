import { existsSync, statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { DEFAULT_NAMESPACE, MempError } from 'memp';
import { createFixedClock } from 'memp';
import { createMemp, type Memp, type Ranking } from 'memp';
import type { LlmGateway } from 'memp';
import type { BuildPolicyName } from 'memp';
import { createOfflineScriptWriter } from 'memp';
import type { RetrievePolicyName } from 'memp';
import type { UpdatePolicyName } from 'memp';
import { loadMemoryFile } from '../../alfworld/bench/load-memory-file.js';
import type { Agent } from '../../ports/agent.js';
import { type ProgressReporter, silentProgress } from '../../shared/progress-reporter.js';
import type { OfflineKnowledge } from '../agents/offline-planner.js';
import { createTravelAgent, type TravelAgentName, type TravelPrompt } from '../agents/create-travel-agent.js';
import { loadTravelDatabase, type TravelDatabase } from '../database/travel-database.js';
import { loadTravelQueries, type TravelQuery } from '../database/travel-query.js';
import { resolveTravelplannerData } from '../database/resolve-travelplanner-data.js';
import { createSolePlanningEnvironment, type TravelEnvironment } from '../environment/sole-planning-environment.js';
import { createTwoStageEnvironment } from '../environment/two-stage-environment.js';
import { refuseMemoryFileFromEvaluated } from '../../shared/memory-file-provenance.js';
import { goldTrajectory } from '../memory/gold-trajectory.js';
import { kFoldSplit } from '../memory/k-fold-split.js';
import { createTravelAdjuster } from '../memory/travel-adjuster.js';
import { createUnlikeQueryControl } from './unlike-query-control.js';
import { runTravelEpisodes, type TravelEpisode } from './run-travelplanner-episodes.js';
import { summarizeTravelRun, type TravelRunSummary } from './travel-run-summary.js';
import { writeTravelRunOutputs } from './write-travel-run-outputs.js';
import type { TrajectoryInput } from 'memp';
import { fieldOf } from '../../shared/memory-source-spec.js';
import { sampleStratified } from '../../shared/stratified-sample.js';

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
  /**
   * A control replacing retrieval: `unlike-query` samples k memories of queries unlike each evaluated one (other trip
   * length, other origin and destination, no constraint value in common; {@link createUnlikeQueryControl}). Needs
   * `memoryFrom`; not with `update`.
   */
  control?: TravelMemoryControl;
  /** How retrieval orders procedures. Default `similarity`. */
  rank?: Ranking;
  k?: number;
  /** Folds for `--memory-from gold` (default 5). */
  folds?: number;
  /**
   * With `memoryFrom: 'gold'`: each fold learns a seeded sample of this many of its gold plans, stratified by
   * `stratifyBy` (a memory-size sweep). Default: all of them.
   */
  memorySize?: number;
  /** Trajectory field the `memorySize` sample keeps the shares of. Default `meta.level`. */
  stratifyBy?: string;
  limit?: number;
  seed?: number;
  /** The run's gateway (`--agent llm`); the CLI builds it from `--model`/`--token-budget`. */
  gateway?: LlmGateway;
  tokenBudget?: number;
  out?: string;
  progress?: ProgressReporter;
}

/** The memory controls of the TravelPlanner benchmark. */
export const TRAVEL_MEMORY_CONTROLS = ['unlike-query'] as const;
/** A memory control of the TravelPlanner benchmark. */
export type TravelMemoryControl = (typeof TRAVEL_MEMORY_CONTROLS)[number];

/** What {@link runTravelplannerBench} returns. */
export interface TravelplannerRunResult {
  summary: TravelRunSummary;
  episodes: TravelEpisode[];
  paths?: Record<string, string>;
}

/** The run's settings: the options with their defaults, validated. */
interface RunSettings {
  data: string;
  split: string;
  agentName: TravelAgentName;
  mode: 'sole-planning' | 'two-stage';
  seed: number;
  k: number;
  folds: number;
  build: BuildPolicyName;
  retrieve: RetrievePolicyName;
  memoryFrom: string | undefined;
  /** An engine per group: memory is loaded (`memoryFrom`) or learned online (`update`). */
  useMemory: boolean;
}

/** Queries evaluated together, with the gold plans their engine's memory is built from (k-fold), if any. */
interface QueryGroup {
  fold: number;
  queries: TravelQuery[];
  gold: TravelQuery[];
}

/** What the groups' episodes add up to. */
interface GroupsOutcome {
  episodes: TravelEpisode[];
  memoryBuild: { trajectories: number; memories: number };
  stopped: MempError | undefined;
}

/**
 * Runs a TravelPlanner benchmark: the agent on the train queries (first `limit`), with no memory, with memory built
 * from the gold plans (k-fold: a query is evaluated only by an engine whose memory holds the gold plans of the other
 * folds — never its own), or with memory loaded from a file; with `update`, each episode is learned right after it
 * (online). A memory file holding trajectories built from the evaluated split or its queries is refused
 * (`INVALID_ARGUMENT`); the summary's config records how many of its trajectories record no origin. Scores with the
 * official evaluator; writes `summary.json`, `episodes.jsonl`, `plans.jsonl` (an
 * official-format submission), `report.md` and `report.html` under `out`. Errors: `INVALID_ARGUMENT` for bad options.
 */
export async function runTravelplannerBench(options: TravelplannerRunOptions): Promise<TravelplannerRunResult> {
  const began = performance.now();
  const settings = resolveRunSettings(options);
  const { data, split, agentName, mode, memoryFrom } = settings;
  const db = loadTravelDatabase({ dir: data });
  const all = loadTravelQueries({ dir: data, split });
  const queries = all.slice(0, options.limit ?? all.length);
  const provenance =
    memoryFrom !== undefined && memoryFrom !== 'gold'
      ? refuseMemoryFileFromEvaluated({
          file: memoryFrom,
          evaluated: { split, queries: new Set(all.map((q) => q.idx)), env: 'travelplanner' },
        })
      : undefined;
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
  const groups: QueryGroup[] =
    memoryFrom === 'gold'
      ? foldGroups({ all, queries, folds: settings.folds, seed: settings.seed })
      : [{ fold: 0, queries, gold: [] }];
  const { episodes, memoryBuild, stopped } = await runGroups({
    options,
    settings,
    db,
    env,
    agent,
    groups,
    queries,
    allQueries: all,
  });
  const summary = summarizeTravelRun({
    db,
    queries,
    episodes,
    ...(stopped ? { stopped } : {}),
    durationMs: Math.round(performance.now() - began),
    config: {
      ...runConfig(options, settings),
      ...(provenance
        ? { memoryFile: { trajectories: provenance.trajectories, unknownOrigin: provenance.unknown } }
        : {}),
    },
    memoryBuild,
    ...(options.gateway ? { usage: options.gateway.usage() } : {}),
  });
  if (options.out === undefined) return { summary, episodes };
  return { summary, episodes, paths: writeTravelRunOutputs({ dir: options.out, summary, episodes, queries }) };
}

/** The options with their defaults; `INVALID_ARGUMENT` for a combination the run cannot do. */
function resolveRunSettings(options: TravelplannerRunOptions): RunSettings {
  const data = resolveTravelplannerData(options.data === undefined ? {} : { explicit: options.data });
  const agentName = options.agent ?? 'offline';
  const mode = options.mode ?? 'sole-planning';
  if (agentName !== 'llm' && mode !== 'sole-planning') {
    throw new MempError(
      'INVALID_ARGUMENT',
      `the ${agentName} planner plans in sole-planning mode only; use --agent llm for two-stage`,
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
  if (options.control !== undefined && !(TRAVEL_MEMORY_CONTROLS as readonly string[]).includes(options.control))
    throw new MempError('INVALID_ARGUMENT', `--control must be one of ${TRAVEL_MEMORY_CONTROLS.join(', ')}`, {
      details: { field: '--control' },
    });
  if (options.control !== undefined && (memoryFrom === undefined || options.update !== undefined))
    throw new MempError(
      'INVALID_ARGUMENT',
      '--control replaces the retrieval of a fixed memory: give --memory-from, and no --update',
      { details: { field: '--control' } },
    );
  if (memoryFrom !== undefined && memoryFrom !== 'gold' && !(existsSync(memoryFrom) && statSync(memoryFrom).isFile())) {
    throw new MempError('INVALID_ARGUMENT', `--memory-from must be "gold" or an existing file: ${memoryFrom}`, {
      details: { field: '--memory-from' },
    });
  }
  return {
    data,
    split: options.split ?? 'train',
    agentName,
    mode,
    seed: options.seed ?? 1,
    k: options.k ?? 3,
    folds: options.folds ?? 5,
    build: options.build ?? 'proceduralization',
    retrieve: options.retrieve ?? 'query',
    memoryFrom,
    useMemory: memoryFrom !== undefined || options.update !== undefined,
  };
}

/** K-fold groups: each fold's queries (of those run), with the gold plans of all other folds as their memory. */
function foldGroups(options: {
  all: readonly TravelQuery[];
  queries: readonly TravelQuery[];
  folds: number;
  seed: number;
}): QueryGroup[] {
  const { all, queries } = options;
  return kFoldSplit({ ids: all.map((q) => q.idx), folds: options.folds, seed: options.seed }).map((held, f) => {
    const evalIds = new Set(held);
    return {
      fold: f + 1,
      queries: queries.filter((q) => evalIds.has(q.idx)),
      gold: all.filter((q) => !evalIds.has(q.idx)),
    };
  });
}

/** A fresh engine for one group: the run's policies, the travel adjuster, a fixed clock. */
function createGroupEngine(options: TravelplannerRunOptions, settings: RunSettings): Memp {
  const writer = createOfflineScriptWriter();
  return createMemp({
    build: settings.build,
    retrieve: settings.retrieve,
    update: options.update ?? 'vanilla',
    ...(options.rank === undefined ? {} : { rank: options.rank }),
    k: settings.k,
    seed: settings.seed,
    adjuster: createTravelAdjuster({ writer }),
    scriptWriter: writer,
    clock: createFixedClock({ start: '2026-01-01T00:00:00.000Z', stepMs: 1000 }),
  });
}

/**
 * Runs the groups in order, each with its own engine (when memory is used) holding its gold plans or the memory
 * file; a group after a stopped one (a spent token budget) is not run. Episodes come back sorted by query.
 */
async function runGroups(options: {
  options: TravelplannerRunOptions;
  settings: RunSettings;
  db: TravelDatabase;
  env: TravelEnvironment;
  agent: Agent;
  groups: readonly QueryGroup[];
  queries: readonly TravelQuery[];
  /** Every query of the split (the control looks up the query a memory came from). */
  allQueries: readonly TravelQuery[];
}): Promise<GroupsOutcome> {
  const { settings, env, agent } = options;
  const run = options.options;
  const progress = run.progress ?? silentProgress;
  const usage = run.gateway ? () => (run.gateway as LlmGateway).usage() : undefined;
  const episodes: TravelEpisode[] = [];
  const memoryBuild = { trajectories: 0, memories: 0 };
  let stopped: MempError | undefined;
  progress.start({ label: `travelplanner ${settings.agentName}`, total: options.queries.length });
  for (const group of options.groups) {
    if (stopped || group.queries.length === 0) continue;
    const memp = settings.useMemory ? createGroupEngine(run, settings) : undefined;
    if (memp)
      await loadGroupMemory({
        memp,
        group,
        db: options.db,
        memoryFrom: settings.memoryFrom,
        memoryBuild,
        knowledge: settings.agentName === 'rule-informed' ? 'rule-informed' : 'learned',
        sample: goldSampler(run, settings.seed + group.fold),
      });
    const control =
      memp && run.control === 'unlike-query'
        ? createUnlikeQueryControl({
            store: memp.store,
            namespace: DEFAULT_NAMESPACE,
            queries: options.allQueries,
            seed: settings.seed,
          })
        : undefined;
    const result = await runTravelEpisodes({
      queries: group.queries,
      env,
      agent,
      ...(memp ? { memp } : {}),
      ...(control ? { retrievePolicy: control } : {}),
      k: settings.k,
      online: run.update !== undefined,
      split: settings.split,
      fold: group.fold,
      maxSteps: settings.mode === 'two-stage' ? 31 : 1,
      ...(usage ? { usage } : {}),
      onEpisode: () => progress.update({ done: episodes.length + 1 }),
    });
    episodes.push(...result.episodes);
    stopped = result.stopped;
    await memp?.close();
  }
  progress.stop();
  episodes.sort((a, b) => a.idx - b.idx);
  return { episodes, memoryBuild, stopped };
}

/** Learns a group's gold plans, then loads the memory file (when `memoryFrom` is one), counting into `memoryBuild`. */
async function loadGroupMemory(options: {
  memp: Memp;
  group: QueryGroup;
  db: TravelDatabase;
  memoryFrom: string | undefined;
  memoryBuild: GroupsOutcome['memoryBuild'];
  /** Whose memory: the gold plans are described by that planner's describer. */
  knowledge: OfflineKnowledge;
  /** Picks the gold trajectories to learn (a memory-size sample). Default: all. */
  sample?: (trajectories: TrajectoryInput[]) => TrajectoryInput[];
}): Promise<void> {
  const { memp, group, db, memoryFrom, memoryBuild } = options;
  if (group.gold.length > 0) {
    const all = group.gold.map((q) => goldTrajectory({ query: q, db, knowledge: options.knowledge }));
    const gold = options.sample ? options.sample(all) : all;
    const results = await memp.learnBatch({
      items: gold.map((trajectory) => ({
        trajectory,
        where: `gold plan of query ${String(trajectory.meta?.['idx'])}`,
      })),
    });
    memoryBuild.trajectories += gold.length;
    memoryBuild.memories += results.filter((r) => r.created !== undefined).length;
  }
  if (memoryFrom !== undefined && memoryFrom !== 'gold') {
    const loaded = await loadMemoryFile({ memp, file: memoryFrom });
    memoryBuild.trajectories += loaded.trajectories;
    memoryBuild.memories += loaded.memories;
  }
}

/** The memory-size sampler of a fold (seeded per fold), or undefined to learn every gold plan. */
function goldSampler(
  options: TravelplannerRunOptions,
  seed: number,
): ((trajectories: TrajectoryInput[]) => TrajectoryInput[]) | undefined {
  const size = options.memorySize;
  if (size === undefined) return undefined;
  const field = options.stratifyBy ?? 'meta.level';
  return (trajectories) => {
    if (size > trajectories.length)
      throw new MempError(
        'INVALID_ARGUMENT',
        `memory size ${size} is more than the ${trajectories.length} gold plans a fold holds`,
        { details: { field: '--memory-sizes' } },
      );
    return sampleStratified({ items: trajectories, size, seed, familyOf: (t) => String(fieldOf(t, field) ?? '') });
  };
}

/** The run's configuration as `summary.json` records it (keys in this order). */
function runConfig(options: TravelplannerRunOptions, settings: RunSettings): Record<string, unknown> {
  const { useMemory, memoryFrom } = settings;
  return {
    data: settings.data,
    split: settings.split,
    agent: settings.agentName,
    mode: settings.mode,
    ...(settings.agentName === 'llm' ? { prompt: options.prompt ?? 'direct', model: options.gateway?.modelId } : {}),
    memoryFrom: memoryFrom ?? null,
    build: useMemory ? settings.build : null,
    retrieve: useMemory ? settings.retrieve : null,
    ...(options.control === undefined ? {} : { control: options.control }),
    update: options.update ?? null,
    ...(options.rank === 'utility' ? { rank: options.rank } : {}),
    k: settings.k,
    folds: memoryFrom === 'gold' ? settings.folds : null,
    ...(options.memorySize === undefined ? {} : { memorySize: options.memorySize }),
    limit: options.limit ?? null,
    seed: settings.seed,
    ...(options.tokenBudget === undefined ? {} : { tokenBudget: options.tokenBudget }),
  };
}
