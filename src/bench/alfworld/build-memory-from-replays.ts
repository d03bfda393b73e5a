import { DEFAULT_NAMESPACE } from '../../core/namespace.js';
import type { TrajectoryInput } from '../../core/trajectory.js';
import type { Memp } from '../../engine/create-memp.js';
import type { Agent } from '../../ports/agent.js';
import type { Environment } from '../../ports/environment.js';
import { episodeTrajectory, type BenchTask } from './run-bench-episodes.js';

/** What {@link buildMemoryFromReplays} did. */
export interface ReplayMemoryResult {
  /** Trajectories recorded and learned. */
  trajectories: number;
  /** Replays that did not reach the goal (learned all the same; Validation drops them). */
  failed: number;
  /** Active memories afterwards. */
  memories: number;
}

/**
 * Builds offline memory: runs `agent` (typically expert replay) on every task with no memory, records the
 * trajectories (ids `<prefix>-<task id>`) and learns them with the engine's build and update policies,
 * `chunk` trajectories per atomic `learnBatch`.
 */
export async function buildMemoryFromReplays(options: {
  memp: Memp;
  tasks: readonly BenchTask[];
  env: Environment;
  agent: Agent;
  maxSteps?: number;
  namespace?: string;
  /** Trajectory id prefix. Default `replay`. */
  prefix?: string;
  /** Trajectories per `learnBatch`. Default 500. */
  chunk?: number;
  onProgress?: (done: number, total: number) => void;
}): Promise<ReplayMemoryResult> {
  const { memp, env, agent, tasks } = options;
  const namespace = options.namespace ?? DEFAULT_NAMESPACE;
  const chunk = options.chunk ?? 500;
  const prefix = options.prefix ?? 'replay';
  let pending: TrajectoryInput[] = [];
  let failed = 0;
  const flush = async () => {
    if (pending.length === 0) return;
    await memp.learnBatch({ items: pending.map((trajectory) => ({ trajectory, where: `replay of ${String(trajectory.meta?.['game'])}` })), namespace });
    pending = [];
  };
  for (const [i, task] of tasks.entries()) {
    const start = await env.reset(task.id);
    const result = await agent.run({ env, start, memories: [], maxSteps: options.maxSteps ?? 50 });
    if (!result.success) failed += 1;
    pending.push(episodeTrajectory({ id: `${prefix}-${task.id}`, task, result, model: agent.id, env: env.name }));
    if (pending.length >= chunk) await flush();
    options.onProgress?.(i + 1, tasks.length);
  }
  await flush();
  return { trajectories: tasks.length, failed, memories: (await memp.stats({ namespace })).active };
}
