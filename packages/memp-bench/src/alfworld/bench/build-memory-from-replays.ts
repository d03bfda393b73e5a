import { DEFAULT_NAMESPACE } from 'memp';
import type { TrajectoryInput } from 'memp';
import { isMempError } from 'memp';
import type { Memp } from 'memp';
import type { LearnResult } from 'memp';
import type { Agent } from '../../ports/agent.js';
import type { Environment } from '../../ports/environment.js';
import { episodeTrajectory, type BenchTask } from './run-bench-episodes.js';

/** Trajectories recorded by replaying an agent over tasks. */
export interface Replays {
  trajectories: TrajectoryInput[];
  /** Replays that did not reach the goal. */
  failed: number;
}

/**
 * Runs `agent` (typically expert replay) on every task with no memory and records the trajectories,
 * with ids `<prefix>-<task id>` and `meta` { game, taskType, path }.
 */
export async function replayTrajectories(options: {
  tasks: readonly BenchTask[];
  env: Environment;
  agent: Agent;
  maxSteps?: number;
  /** Trajectory id prefix. Default `replay`. */
  prefix?: string;
  onProgress?: (done: number, total: number) => void;
}): Promise<Replays> {
  const { env, agent, tasks } = options;
  const prefix = options.prefix ?? 'replay';
  const trajectories: TrajectoryInput[] = [];
  let failed = 0;
  for (const [i, task] of tasks.entries()) {
    const start = await env.reset(task.id);
    const result = await agent.run({ env, start, memories: [], maxSteps: options.maxSteps ?? 50 });
    if (!result.success) failed += 1;
    trajectories.push(episodeTrajectory({ id: `${prefix}-${task.id}`, task, result, model: agent.id, env: env.name }));
    options.onProgress?.(i + 1, tasks.length);
  }
  return { trajectories, failed };
}

/**
 * Learns trajectories into memory with the engine's build and update policies, `chunk` per atomic `learnBatch`
 * (no `used` memories: this builds memory, it does not evaluate it). Returns the active memories afterwards and
 * how many memories were built offline after a model failure (engine option `onBuildError: 'offline'`). With
 * `skipModelFailures`, a chunk failing on the model is retried one trajectory at a time and the trajectories the
 * model fails on are left out (counted as `skipped`).
 */
export async function learnTrajectories(options: {
  memp: Memp;
  trajectories: readonly TrajectoryInput[];
  namespace?: string;
  /** Trajectories per `learnBatch`. Default 500. */
  chunk?: number;
  onProgress?: (done: number, total: number) => void;
  skipModelFailures?: boolean;
}): Promise<{ memories: number; fellBack: number; skipped: number }> {
  const { memp, trajectories } = options;
  const namespace = options.namespace ?? DEFAULT_NAMESPACE;
  const chunk = options.chunk ?? 500;
  let fellBack = 0;
  let skipped = 0;
  for (let i = 0; i < trajectories.length; i += chunk) {
    const items = trajectories.slice(i, i + chunk).map((trajectory) => ({
      trajectory,
      where: `trajectory ${trajectory.id ?? String(trajectory.meta?.['game'])}`,
    }));
    let results: LearnResult[];
    try {
      results = await memp.learnBatch({ items, namespace });
    } catch (error) {
      if (!options.skipModelFailures || !isModelFailure(error)) throw error;
      results = [];
      for (const item of items) {
        try {
          results.push(...(await memp.learnBatch({ items: [item], namespace })));
        } catch (itemError) {
          if (!isModelFailure(itemError)) throw itemError;
          skipped += 1;
        }
      }
    }
    fellBack += results.filter((r) => r.builtOffline).length;
    options.onProgress?.(Math.min(trajectories.length, i + chunk), trajectories.length);
  }
  return { memories: (await memp.stats({ namespace })).active, fellBack, skipped };
}

function isModelFailure(error: unknown): boolean {
  return isMempError(error, 'PROVIDER_FAILED') || isMempError(error, 'PROVIDER_OUTPUT_INVALID');
}
