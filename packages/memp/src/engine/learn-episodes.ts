import { MempError } from '../core/errors.js';
import { checkRequest, checkUsedIds } from './check-request.js';
import { commitLearning } from './commit-learning.js';
import type { EngineContext } from './engine-context.js';
import type { LearnItem, LearnResult } from './learn-planner.js';
import { checkIdempotencyKey, hasGivenId, learnContentDigest, learnOnce } from './learn-once.js';
import { normalizeTrajectory } from './normalize-trajectory.js';
import { type AttributionOption, resolveAttribution } from './resolve-attribution.js';

/** One finished episode to learn from: a trajectory as users submit it, and the memories it used. */
export interface LearnOptions {
  /** A trajectory in the input format (`TrajectoryInputSchema`); validated. */
  trajectory: unknown;
  /** Ids of the memories retrieved for this episode (also accepted as `trajectory.used`). */
  used?: string[];
  namespace?: string;
  /**
   * The caller's key for this learn (1–512 printable ASCII characters): within 24 hours, the same key with the same
   * content replays the first learn's result, with another content it fails with `IDEMPOTENCY_KEY_REUSED`. Without
   * a key the content digest alone recognises a repeated learn (see `learnContentDigest`).
   */
  idempotencyKey?: string;
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
  const idempotencyKey = checkIdempotencyKey(request.idempotencyKey);
  const attribution = resolveAttribution(request.attribution);
  const { trajectory, used } = normalizeTrajectory({ input: request.trajectory, namespace, ids, limits });
  const item = { trajectory: { ...trajectory, namespace }, used: given ?? used, attribution };
  const identity = {
    digest: learnContentDigest(item.trajectory, item.used, hasGivenId(request.trajectory)),
    ...(idempotencyKey ? { idempotencyKey } : {}),
  };
  const [result] = await learnOnce({
    store: context.store,
    namespace,
    items: [{ ...item, identity }],
    now: () => context.clock.now(),
    commit: (fresh, reads) => commitLearning(context, namespace, fresh, reads),
  });
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
  const idGiven = new Set<LearnItem>();
  const shared = resolveAttribution(request.attribution);
  const items: LearnItem[] = request.items.map((item, index) => {
    checkRequest(item, `learnBatch item ${index + 1}`);
    const where = item.where ?? `item ${index + 1}`;
    const given = checkUsedIds(item.used, where, limits);
    const { trajectory, used } = normalizeTrajectory({ input: item.trajectory, namespace, ids, where, limits });
    const attribution = item.attribution === undefined ? shared : resolveAttribution(item.attribution);
    const learnItem = { trajectory: { ...trajectory, namespace }, used: given ?? used, where, attribution };
    if (hasGivenId(item.trajectory)) idGiven.add(learnItem);
    return learnItem;
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
  if (items.length === 0) return [];
  return learnOnce({
    store: context.store,
    namespace,
    items: items.map((item) => ({
      ...item,
      identity: { digest: learnContentDigest(item.trajectory, item.used, idGiven.has(item)) },
    })),
    now: () => context.clock.now(),
    commit: (fresh, reads) => commitLearning(context, namespace, fresh, reads),
  });
}
