import type { Clock } from '../core/clock.js';
import type { MemoryStore } from '../ports/memory-store.js';
import type { ConsolidationRule } from '../policies/update/consolidation-rule.js';
import type { RetentionRule } from '../policies/update/retention-rule.js';
import { enforceRetention } from './enforce-retention.js';
import type { LearnResult } from './learn-planner.js';
import { settleDuplicates } from './settle-duplicates.js';

/**
 * What follows a committed learn: with consolidation on, memories it created that duplicate one created
 * concurrently are merged ({@link settleDuplicates}; the result then also names the survivor in `mergedInto`);
 * with retention limits, the namespace is brought within them ({@link enforceRetention}).
 */
export async function learnUpkeep(options: {
  store: MemoryStore;
  namespace: string;
  results: LearnResult[];
  clock: Clock;
  rule: ConsolidationRule | undefined;
  retention: RetentionRule | undefined;
}): Promise<void> {
  const { store, namespace, results, clock, rule, retention } = options;
  if (rule) {
    const created = results.flatMap((r) => (r.created === undefined ? [] : [r.created]));
    if (created.length > 0) {
      const merged = await settleDuplicates({ store, namespace, created, rule, clock });
      if (merged.length > 0) {
        const now = await store.get({ namespace, ids: merged });
        for (const memory of now) {
          const into = memory.meta?.mergedInto;
          const result = results.find((r) => r.created === memory.id);
          if (result && typeof into === 'string') result.mergedInto = into;
        }
      }
    }
  }
  if (retention) await enforceRetention({ store, namespace, rule: retention, clock });
}
