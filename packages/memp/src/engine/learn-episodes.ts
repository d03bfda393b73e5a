import { MempError } from '../core/errors.js';
import { checkRequest, checkUsedIds } from './check-request.js';
import { commitLearning } from './commit-learning.js';
import type { EngineContext } from './engine-context.js';
import type { LearnItem, LearnResult } from './learn-planner.js';
import { normalizeTrajectory } from './normalize-trajectory.js';
import { type AttributionOption, resolveAttribution } from './resolve-attribution.js';

/** One finished episode to learn from: a trajectory as users submit it, and the memories it used. */
export interface LearnOptions {
  /** A trajectory in the input format (`TrajectoryInputSchema`); validated. */
  trajectory: unknown;
  /** Ids of the memories retrieved for this episode (also accepted as `trajectory.used`). */
  used?: string[];
  namespace?: string;
  /** Who the episode comes from (default: `local`, trusted); kept with every evidence record it adds. */
  attribution?: AttributionOption;
}

/** Many episodes to learn from in order, as one change; `where` labels an item in messages (e.g. a file line). */
export interface LearnBatchOptions {
  items: Array<{ trajectory: unknown; used?: string[]; where?: string; attribution?: AttributionOption }>;
  namespace?: string;
  /** Who the episodes come from, unless an item says (default: `local`, trusted). */
  attribution?: AttributionOption;
}

/** Learns from one finished episode (build + update + deprecation), atomically; validates the request first. */
export async function learnEpisode(context: EngineContext, request: LearnOptions): Promise<LearnResult> {
  checkRequest(request, 'learn');
  const namespace = context.namespace(request.namespace);
  const { ids, limits } = context;
  const given = checkUsedIds(request.used, undefined, limits);
  const attribution = resolveAttribution(request.attribution);
  const { trajectory, used } = normalizeTrajectory({ input: request.trajectory, namespace, ids, limits });
  const [result] = await commitLearning(context, namespace, [
    { trajectory: { ...trajectory, namespace }, used: given ?? used, attribution },
  ]);
  return result as LearnResult;
}

/**
 * Learns from many episodes in order as ONE atomic change: an invalid item (named by its `where` label) or a
 * trajectory id given twice fails the call with `INVALID_ARGUMENT` and nothing is written.
 */
export async function learnEpisodes(context: EngineContext, request: LearnBatchOptions): Promise<LearnResult[]> {
  checkRequest(request, 'learnBatch');
  const namespace = context.namespace(request.namespace);
  if (!Array.isArray(request.items))
    throw new MempError('INVALID_ARGUMENT', 'items must be a list', { details: { field: 'items' } });
  const { ids, limits } = context;
  const shared = resolveAttribution(request.attribution);
  const items: LearnItem[] = request.items.map((item, index) => {
    checkRequest(item, `learnBatch item ${index + 1}`);
    const where = item.where ?? `item ${index + 1}`;
    const given = checkUsedIds(item.used, where, limits);
    const { trajectory, used } = normalizeTrajectory({ input: item.trajectory, namespace, ids, where, limits });
    const attribution = item.attribution === undefined ? shared : resolveAttribution(item.attribution);
    return { trajectory: { ...trajectory, namespace }, used: given ?? used, where, attribution };
  });
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.trajectory.id)) {
      throw new MempError('INVALID_ARGUMENT', `trajectory id "${item.trajectory.id}" appears twice`, {
        details: { field: 'id' },
      });
    }
    seen.add(item.trajectory.id);
  }
  return items.length === 0 ? [] : commitLearning(context, namespace, items);
}
