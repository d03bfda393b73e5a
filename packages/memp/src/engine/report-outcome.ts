import { MempError, isMempError } from '../core/errors.js';
import type { Memory } from '../core/memory.js';
import type { MemoryUpdate } from '../ports/memory-store.js';
import { shouldDeprecate } from '../policies/update/deprecation-rule.js';
import { checkRequest } from './check-request.js';
import type { MemoryOperationDeps } from './memory-operation-deps.js';

/** What reporting an outcome changed. */
export interface OutcomeResult {
  /** The memories after their usage counters moved, in the order given. */
  memories: Memory[];
  /** Ids deprecated by the deprecation rule because of this outcome. */
  deprecated: string[];
}

const MAX_RETRIES = 5;

/**
 * Records that the memories with these ids were used in an episode with this outcome (one hit each), then applies
 * the deprecation rule, atomically; re-reads and decides again on a `CONFLICT` (up to 5 attempts). `NOT_FOUND`
 * names missing ids.
 */
export async function reportOutcome(
  deps: MemoryOperationDeps,
  request: { ids: readonly string[]; success: boolean; namespace?: string },
): Promise<OutcomeResult> {
  const { store, clock } = deps;
  checkRequest(request, 'reportOutcome');
  const namespace = deps.namespace(request.namespace);
  if (!Array.isArray(request.ids) || request.ids.some((id) => typeof id !== 'string' || id.length === 0)) {
    throw new MempError('INVALID_ARGUMENT', 'ids must be a list of memory ids', { details: { field: 'ids' } });
  }
  if (typeof request.success !== 'boolean') {
    throw new MempError('INVALID_ARGUMENT', 'success must be a boolean', { details: { field: 'success' } });
  }
  const ids = [...new Set(request.ids)];
  if (ids.length === 0)
    throw new MempError('INVALID_ARGUMENT', 'memory_ids must not be empty', { details: { field: 'memory_ids' } });
  for (let attempt = 1; ; attempt++) {
    const found = await store.get({ namespace, ids });
    const missing = ids.filter((id) => !found.some((m) => m.id === id));
    if (missing.length > 0) {
      throw new MempError('NOT_FOUND', `memories not found in "${namespace}": ${missing.join(', ')}`, {
        details: { ids: missing },
      });
    }
    const at = clock.now();
    const updates: MemoryUpdate[] = [];
    for (const memory of found) {
      const stats = {
        retrieved: memory.stats.retrieved + 1,
        succeeded: memory.stats.succeeded + (request.success ? 1 : 0),
        failed: memory.stats.failed + (request.success ? 0 : 1),
      };
      if (deps.deprecation && memory.status === 'active' && shouldDeprecate(stats, deps.deprecation)) {
        updates.push({
          id: memory.id,
          expectedVersion: memory.version,
          status: 'deprecated',
          reason: 'deprecation',
          note: `success rate ${stats.succeeded}/${stats.retrieved} after a reported outcome`,
        });
      }
    }
    try {
      await store.apply({
        namespace,
        at,
        usage: ids.map((id) => ({ id, success: request.success })),
        update: updates,
      });
    } catch (error) {
      // A concurrent writer changed a memory we deprecate: re-read and decide again.
      if (isMempError(error, 'CONFLICT') && attempt < MAX_RETRIES) continue;
      throw error;
    }
    return { memories: await store.get({ namespace, ids }), deprecated: updates.map((u) => u.id) };
  }
}
