import { isMempError } from '../core/errors.js';
import type { Clock } from '../core/clock.js';
import type { MemoryStore } from '../ports/memory-store.js';
import { type RetentionRule, selectEvictions } from '../policies/update/retention-rule.js';
import { listAllMemories } from './list-all-memories.js';

const MAX_ATTEMPTS = 5;

/**
 * Applies a namespace's retention limits now: deprecates (revision reason `retention`, the reason in the note) the
 * memories {@link selectEvictions} picks, in one atomic change, re-planning on `CONFLICT`. With only `maxActive`
 * it costs one count while the namespace is within the limit; an expiry reads every memory of the namespace.
 * Returns the evicted ids.
 */
export async function enforceRetention(options: {
  store: MemoryStore;
  namespace: string;
  rule: RetentionRule;
  clock: Clock;
}): Promise<string[]> {
  const { store, namespace, rule, clock } = options;
  for (let attempt = 1; ; attempt++) {
    if (rule.expireAfterDays === undefined) {
      if (rule.maxActive === undefined || (await store.stats({ namespace })).active <= rule.maxActive) return [];
    }
    const at = clock.now();
    const memories = await listAllMemories({ store, namespace });
    const evictions = selectEvictions({ memories, rule, now: at });
    if (evictions.length === 0) return [];
    try {
      await store.apply({
        namespace,
        at,
        update: evictions.map(({ memory, note }) => ({
          id: memory.id,
          expectedVersion: memory.version,
          status: 'deprecated',
          reason: 'retention',
          note,
        })),
      });
      return evictions.map((e) => e.memory.id);
    } catch (error) {
      if (!isMempError(error, 'CONFLICT') || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}
