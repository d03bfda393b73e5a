import { isMempError } from '../core/errors.js';
import type { Clock } from '../core/clock.js';
import type { Memory } from '../core/memory.js';
import type { MemoryStore } from '../ports/memory-store.js';
import { type ConsolidationRule, procedureLength, sameProcedure } from '../policies/update/consolidation-rule.js';
import { allInOrder } from './all-in-order.js';
import { planMerge, procedureContent } from './plan-merge.js';

const MAX_ATTEMPTS = 5;

/**
 * After a learn commits, merges each memory it created with any active memory that says the same thing and was
 * created concurrently (two processes that learned near-identical trajectories at once: neither saw the other's
 * memory when it planned). Both processes run this, and the later committer always sees both memories; they pick
 * the same survivor (the older memory, then the smaller id) so the second attempt of the same merge fails with
 * `CONFLICT`, re-reads, and finds nothing left to do. The survivor keeps the shorter procedure of the two.
 * Returns the ids of the memories merged away.
 */
export async function settleDuplicates(options: {
  store: MemoryStore;
  namespace: string;
  created: readonly string[];
  rule: ConsolidationRule;
  clock: Clock;
}): Promise<string[]> {
  const { store, namespace, rule, clock } = options;
  const merged: string[] = [];
  for (const id of options.created) {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      // Its vectors are read beside its body (one wait, not two); they matter only when it is still active.
      const ownVectors = store.vectors({ namespace, ids: [id] });
      ownVectors.catch(() => undefined);
      const [memory] = await store.get({ namespace, ids: [id] });
      if (memory?.status !== 'active') break;
      const own = (await ownVectors).get(id);
      if (!own) break;
      const hits = (
        await store.search({ namespace, field: 'task', queries: [own.task], k: rule.candidates + 1 })
      ).filter((h) => h.id !== id);
      const others = new Map((await store.get({ namespace, ids: hits.map((h) => h.id) })).map((m) => [m.id, m]));
      const hit = hits.find((h) => {
        const other = others.get(h.id);
        return (
          other !== undefined &&
          other.status === 'active' &&
          sameProcedure({ a: other, b: memory, taskCosine: h.score, rule }) !== undefined
        );
      });
      if (!hit) break;
      const other = others.get(hit.id) as Memory;
      const [survivor, absorbed] = older(memory, other) ? [memory, other] : [other, memory];
      const shorter = absorbed.kind === survivor.kind && procedureLength(absorbed) < procedureLength(survivor);
      const [absorbedVectors, space] = await allInOrder([
        shorter ? store.vectors({ namespace, ids: [absorbed.id] }) : Promise.resolve(undefined),
        store.space({ namespace }),
      ]);
      const vectors = absorbedVectors?.get(absorbed.id);
      try {
        await store.apply({
          namespace,
          at: clock.now(),
          ...(vectors && space ? { space } : {}),
          update: planMerge({
            survivor,
            absorbed: [absorbed],
            ...(shorter && vectors ? { content: procedureContent(absorbed), vectors } : {}),
            note: `absorbed ${absorbed.id}, learned concurrently (task similarity ${hit.score.toFixed(3)})`,
          }),
        });
        merged.push(absorbed.id);
        if (absorbed.id === id) break;
      } catch (error) {
        if (!isMempError(error, 'CONFLICT')) throw error;
      }
    }
  }
  return merged;
}

function older(a: Memory, b: Memory): boolean {
  return a.createdAt < b.createdAt || (a.createdAt === b.createdAt && a.id < b.id);
}
