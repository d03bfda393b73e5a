import { MempError, isMempError } from '../core/errors.js';
import type { RetentionRule } from '../policies/update/retention-rule.js';
import { absorbCreates } from './absorb-creates.js';
import { assertEmbeddingSpace } from './assert-embedding-space.js';
import type { EngineContext } from './engine-context.js';
import { conflictRetryDelay } from './conflict-retry.js';
import { type LearnItem, type LearnResult, planLearning } from './learn-planner.js';
import { learnRecordsFor } from './learn-once.js';
import { learnUpkeep } from './learn-upkeep.js';
import type { UsedMemoryReads } from './used-memory-reads.js';

/**
 * Learns `items` in `namespace` as one atomic change: plans it ({@link planLearning}), absorbs duplicates when
 * consolidation on learn is on, applies it, then runs the upkeep ({@link upkeepAfterCommit}). A `CONFLICT` from the
 * commit is either a trajectory learned before (final, `CONFLICT` naming it) or a concurrent writer (re-planned
 * after a jittered, growing delay, up to `context.conflictRetry.attempts` attempts; see `ConflictRetryOptions`). Once the change is committed the call succeeds: an upkeep failure is reported, not thrown.
 * `reads`, the used memories read beforehand, serve the first plan; a re-plan reads them again.
 */
export async function commitLearning(
  context: EngineContext,
  namespace: string,
  items: LearnItem[],
  reads?: UsedMemoryReads,
): Promise<LearnResult[]> {
  const { store } = context;
  // Validated before anything is written (`INVALID_ARGUMENT` for a bad limit).
  const retention = context.retention(namespace);
  for (let attempt = 1; ; attempt++) {
    const { change, results } = await planLearning({
      namespace,
      items,
      deps: context.learner,
      reads: attempt === 1 ? reads : undefined,
    });
    if (context.consolidation) {
      const attributions = new Map(items.map((item) => [item.trajectory.id, item.attribution]));
      await absorbCreates({ change, results, store, rule: context.consolidation, attributions });
    }
    // Idempotent learns: the digests go in the same change (the store refuses one it holds: see learn-once.ts).
    if (store.learnRecords !== undefined && items.some((i) => i.identity !== undefined))
      change.learnRecords = learnRecordsFor(items, results);
    try {
      await store.apply(change);
    } catch (error) {
      // The store rejects a mixed embedding space itself; say how to fix it.
      if (isMempError(error, 'EMBEDDER_MISMATCH'))
        await assertEmbeddingSpace({ store, embedder: context.embedder, namespace });
      if (!isMempError(error, 'CONFLICT')) throw error;
      // An identical learn committed first: the caller replays it (learnOnce), no re-planning here.
      if (error.details['digest'] !== undefined) throw error;
      // A CONFLICT is either a trajectory learned before (final) or a concurrent writer that changed a memory
      // this episode updates (re-read and re-plan).
      for (const item of items) {
        if (await store.trajectory({ namespace, id: item.trajectory.id })) {
          throw new MempError('CONFLICT', `trajectory "${item.trajectory.id}" was already learned in "${namespace}"`, {
            details: { trajectory: item.trajectory.id },
          });
        }
      }
      if (attempt >= context.conflictRetry.attempts) throw error;
      await context.conflictRetry.sleep(conflictRetryDelay(context.conflictRetry, attempt));
      continue;
    }
    await upkeepAfterCommit(context, namespace, results, retention);
    return results;
  }
}

/**
 * Runs the upkeep of a committed learn ({@link learnUpkeep}: settling duplicates, retention). The learn stands
 * whatever happens here, so a failure is not thrown (a caller would take the learn for failed, and a retry would
 * end in "already learned"): it is reported on every result of the change as `upkeepError`. The next learn applies
 * retention again, and `consolidate()` settles duplicates and retention alike.
 */
async function upkeepAfterCommit(
  context: EngineContext,
  namespace: string,
  results: LearnResult[],
  retention: RetentionRule | undefined,
): Promise<void> {
  try {
    await learnUpkeep({
      store: context.store,
      namespace,
      results,
      clock: context.clock,
      rule: context.consolidation,
      retention,
    });
  } catch (error) {
    const upkeepError = isMempError(error)
      ? { code: error.code, message: error.message }
      : { code: 'INTERNAL' as const, message: error instanceof Error ? error.message : String(error) };
    for (const result of results) result.upkeepError = upkeepError;
  }
}
