import { DEFAULT_NAMESPACE } from '../../../core/namespace.js';
import type { TrajectoryInput } from '../../../core/trajectory.js';
import type { Memp } from '../../../engine/create-memp.js';
import type { Agent } from '../../../ports/agent.js';
import type { Environment } from '../../../ports/environment.js';
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
 * (no `used` memories: this builds memory, it does not evaluate it). Returns the active memories afterwards.
 */
export async function learnTrajectories(options: {
  memp: Memp;
  trajectories: readonly TrajectoryInput[];
  namespace?: string;
  /** Trajectories per `learnBatch`. Default 500. */
  chunk?: number;
  onProgress?: (done: number, total: number) => void;
}): Promise<{ memories: number }> {
  const { memp, trajectories } = options;
  const namespace = options.namespace ?? DEFAULT_NAMESPACE;
  const chunk = options.chunk ?? 500;
  for (let i = 0; i < trajectories.length; i += chunk) {
    const items = trajectories.slice(i, i + chunk).map((trajectory) => ({
      trajectory, where: `trajectory ${trajectory.id ?? String(trajectory.meta?.['game'])}`,
    }));
    await memp.learnBatch({ items, namespace });
    options.onProgress?.(Math.min(trajectories.length, i + chunk), trajectories.length);
  }
  return { memories: (await memp.stats({ namespace })).active };
}
