import { performance } from 'node:perf_hooks';
import { MempError, isMempError } from 'memp';
import type { LlmUsage } from 'memp';
import { DEFAULT_NAMESPACE } from 'memp';
import { estimateTokens } from 'memp';
import type { Retrieved } from 'memp';
import type { TrajectoryInput } from 'memp';
import type { Memp } from 'memp';
import type { Agent, EpisodeResult } from '../../ports/agent.js';
import type { Environment } from '../../ports/environment.js';
import type { RetrievePolicy } from 'memp';
import type { BenchBatch, BenchEpisode, RetrievedRecord } from './bench-episode.js';
import { createTaskTypeLookup, type TaskTypeLookup } from './task-type-lookup.js';

/** One task of a benchmark stream: an environment task id and what to record about it. */
export interface BenchTask {
  /** The id passed to `env.reset` (for ALFWorld, the game id). */
  id: string;
  taskType: string;
  /** The game file, when there is one. */
  path?: string;
}

/** How memory takes part in a run. */
export type BenchMode = 'offline' | 'online';

/** Options of {@link runBenchEpisodes}. */
export interface RunBenchEpisodesOptions {
  tasks: readonly BenchTask[];
  env: Environment;
  agent: Agent;
  /** The engine, or undefined to run with no memory at all. */
  memp?: Memp;
  /** `offline`: retrieve only; `online`: also `learnBatch` after every batch. Default `offline`. */
  mode?: BenchMode;
  /** Episodes per batch (one point of the learning curve; the update period online). Default 10. */
  batch?: number;
  /** Memories retrieved per episode. Default 3. */
  k?: number;
  /** Episode cap in actions. Default 50 (ALFWorld's). */
  maxSteps?: number;
  /** Namespace of the run's memory. Default `default`. */
  namespace?: string;
  /** Prefix of the trajectory ids recorded for episodes. Default `ep`. */
  trajectoryPrefix?: string;
  /** Called after every episode with the episode and the number of episodes done. */
  onEpisode?: (episode: BenchEpisode, done: number) => void;
  /** Called after every batch (after its update in online mode). */
  onBatch?: (batch: BenchBatch) => void;
  /**
   * Usage of the run's model gateway (agent + policies). When given, an episode's `tokens`/`calls` are the
   * gateway's usage during it (retrieval keywords + agent turns); otherwise the agent's own counts.
   */
  usage?: () => LlmUsage;
  /**
   * A retrieval policy for a task that replaces the engine's (e.g. the bench's other-type control), or undefined
   * to use the engine's. The bench may know things the engine does not (the task's type).
   */
  retrievePolicy?: (task: BenchTask) => RetrievePolicy | undefined;
}

/** What {@link runBenchEpisodes} returns. */
export interface BenchEpisodesResult {
  episodes: BenchEpisode[];
  batches: BenchBatch[];
  /** Active memories before the first episode. */
  initialMemorySize: number;
  /**
   * Set when the model's token budget ran out (`BUDGET_EXCEEDED`): the run stopped there; the episodes completed
   * before are kept (the interrupted one is dropped, an interrupted batch update writes nothing).
   */
  stopped?: MempError;
}

/** A benchmark episode turned into a trajectory for the engine (id, task, steps, outcome, model, env, meta). */
export function episodeTrajectory(options: {
  id: string;
  task: BenchTask;
  result: EpisodeResult;
  model: string;
  env: string;
}): TrajectoryInput & { id: string } {
  const { id, task, result } = options;
  return {
    id,
    task: result.task,
    steps: result.steps,
    outcome: { success: result.success, reward: result.reward, steps: result.steps.length },
    model: options.model,
    env: options.env,
    meta: { game: task.id, taskType: task.taskType, ...(task.path === undefined ? {} : { path: task.path }) },
  };
}

/**
 * Runs an agent over a task stream: for each task, reset the environment, retrieve memories for its task
 * (unless there is no engine), run the agent, and record the episode. In `online` mode the memory is updated
 * with `learnBatch` after every batch, each trajectory with the ids it retrieved as `used`. A `BUDGET_EXCEEDED`
 * from the model (agent or policies) ends the run early with the completed episodes (see `stopped`).
 */
export async function runBenchEpisodes(options: RunBenchEpisodesOptions): Promise<BenchEpisodesResult> {
  const { tasks, env, agent, memp } = options;
  const mode = options.mode ?? 'offline';
  const batchSize = options.batch ?? 10;
  const k = options.k ?? 3;
  const maxSteps = options.maxSteps ?? 50;
  const namespace = options.namespace ?? DEFAULT_NAMESPACE;
  const prefix = options.trajectoryPrefix ?? 'ep';
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new MempError('INVALID_ARGUMENT', 'batch must be a positive integer', { details: { field: 'batch' } });
  }
  const lookup = memp ? createTaskTypeLookup({ store: memp.store, namespace }) : undefined;
  const memorySize = async () => (memp ? (await memp.stats({ namespace })).active : 0);
  const initialMemorySize = await memorySize();
  const episodes: BenchEpisode[] = [];
  const batches: BenchBatch[] = [];
  const run: { stopped?: MempError } = {};
  /** Runs `work`; a spent token budget stops the run (recorded in `run.stopped`) instead of failing it. */
  async function unlessBudgetSpent<T>(work: () => Promise<T>): Promise<T | undefined> {
    try {
      return await work();
    } catch (error) {
      if (!isMempError(error, 'BUDGET_EXCEEDED')) throw error;
      run.stopped = error;
      return undefined;
    }
  }
  for (let start = 0; start < tasks.length && run.stopped === undefined; start += batchSize) {
    const batchIndex = batches.length;
    const pending: Array<{ trajectory: TrajectoryInput; used: string[]; where: string }> = [];
    const batchEpisodes: BenchEpisode[] = [];
    for (const [offset, task] of tasks.slice(start, start + batchSize).entries()) {
      const index = start + offset;
      const began = performance.now();
      const before = options.usage?.();
      const reset = await env.reset(task.id);
      const played = await unlessBudgetSpent(async () => {
        const policy = options.retrievePolicy?.(task);
        const retrieved: Retrieved[] = memp
          ? await memp.retrieve({ task: reset.task, namespace, k, ...(policy ? { policy } : {}) })
          : [];
        return { retrieved, result: await agent.run({ env, start: reset, memories: retrieved, maxSteps }) };
      });
      if (played === undefined) break;
      const { retrieved, result } = played;
      const after = options.usage?.();
      const usage =
        before && after
          ? {
              tokens: { input: after.input - before.input, output: after.output - before.output },
              calls: after.calls - before.calls,
            }
          : { tokens: { input: result.tokens.input, output: result.tokens.output }, calls: result.calls };
      const ms = performance.now() - began;
      const trajectory = episodeTrajectory({
        id: `${prefix}-${String(index + 1).padStart(5, '0')}`,
        task,
        result,
        model: agent.id,
        env: env.name,
      });
      const episode: BenchEpisode = {
        index,
        batch: batchIndex,
        game: task.id,
        ...(task.path === undefined ? {} : { path: task.path }),
        taskType: task.taskType,
        task: result.task,
        success: result.success,
        steps: result.steps.length,
        ...usage,
        retrieved: await recordRetrieved(retrieved, lookup),
        memoryTokens: memp && retrieved.length > 0 ? estimateTokens(memp.render(retrieved)) : 0,
        ms: Math.round(ms * 10) / 10,
        trajectoryId: trajectory.id,
      };
      episodes.push(episode);
      batchEpisodes.push(episode);
      pending.push({ trajectory, used: retrieved.map((r) => r.memory.id), where: `episode ${index + 1} (${task.id})` });
      options.onEpisode?.(episode, episodes.length);
    }
    if (batchEpisodes.length === 0) break;
    const learned =
      mode === 'online' && memp && run.stopped === undefined
        ? await unlessBudgetSpent(() => memp.learnBatch({ items: pending, namespace }))
        : undefined;
    const successes = batchEpisodes.filter((e) => e.success).length;
    const batch: BenchBatch = {
      index: batchIndex,
      episodes: batchEpisodes.length,
      successes,
      successRate: successes / batchEpisodes.length,
      meanSteps: mean(batchEpisodes.map((e) => e.steps)),
      memorySize: await memorySize(),
      ...(learned === undefined
        ? {}
        : {
            updates: {
              created: learned.filter((r) => r.created !== undefined).length,
              adjusted: learned.reduce((n, r) => n + r.adjusted.length, 0),
              deprecated: learned.reduce((n, r) => n + r.deprecated.length, 0),
            },
          }),
    };
    batches.push(batch);
    options.onBatch?.(batch);
  }
  return { episodes, batches, initialMemorySize, ...(run.stopped === undefined ? {} : { stopped: run.stopped }) };
}

async function recordRetrieved(
  retrieved: readonly Retrieved[],
  lookup: TaskTypeLookup | undefined,
): Promise<RetrievedRecord[]> {
  const out: RetrievedRecord[] = [];
  for (const r of retrieved) {
    const taskType = lookup ? await lookup.ofMemory(r.memory) : undefined;
    out.push({
      id: r.memory.id,
      score: Math.round(r.score * 1e4) / 1e4,
      task: r.memory.task,
      ...(taskType === undefined ? {} : { taskType }),
      version: r.memory.version,
    });
  }
  return out;
}

/** Arithmetic mean, 0 for an empty list. */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}
