import { MempError, isMempError } from '../core/errors.js';
import { absorbCreates } from './absorb-creates.js';
import { assertEmbeddingSpace } from './assert-embedding-space.js';
import type { EngineContext } from './engine-context.js';
import { type LearnItem, type LearnResult, planLearning } from './learn-planner.js';
import { learnUpkeep } from './learn-upkeep.js';

const MAX_CONFLICT_RETRIES = 5;

/**
 * Learns `items` in `namespace` as one atomic change: plans it ({@link planLearning}), absorbs duplicates when
 * consolidation on learn is on, applies it, then runs the upkeep ({@link learnUpkeep}). A `CONFLICT` is either a
 * trajectory learned before (final, `CONFLICT` naming it) or a concurrent writer (re-planned, up to 5 attempts).
 */
export async function commitLearning(
  context: EngineContext,
  namespace: string,
  items: LearnItem[],
): Promise<LearnResult[]> {
  const { store } = context;
  for (let attempt = 1; ; attempt++) {
    const { change, results } = await planLearning({ namespace, items, deps: context.learner });
    if (context.consolidation) await absorbCreates({ change, results, store, rule: context.consolidation });
    try {
      await store.apply(change);
      await learnUpkeep({
        store,
        namespace,
        results,
        clock: context.clock,
        rule: context.consolidation,
        retention: context.retention(namespace),
      });
      return results;
    } catch (error) {
      // The store rejects a mixed embedding space itself; say how to fix it.
      if (isMempError(error, 'EMBEDDER_MISMATCH'))
        await assertEmbeddingSpace({ store, embedder: context.embedder, namespace });
      if (!isMempError(error, 'CONFLICT')) throw error;
      // A CONFLICT is either a trajectory learned before (final) or a concurrent writer that changed a memory
      // this episode updates (re-read and re-plan).
      for (const item of items) {
        if (await store.trajectory({ namespace, id: item.trajectory.id })) {
          throw new MempError('CONFLICT', `trajectory "${item.trajectory.id}" was already learned in "${namespace}"`, {
            details: { trajectory: item.trajectory.id },
          });
        }
      }
      if (attempt >= MAX_CONFLICT_RETRIES) throw error;
    }
  }
}
