import { MempError, isMempError } from '../core/errors.js';
import type { Memory } from '../core/memory.js';
import type { MemoryUpdate } from '../ports/memory-store.js';
import { shouldDeprecate } from '../policies/update/deprecation-rule.js';
import type { EvidenceRecord } from '../core/evidence.js';
import { checkRequest } from './check-request.js';
import type { MemoryOperationDeps } from './memory-operation-deps.js';
import { type AttributionOption, resolveAttribution } from './resolve-attribution.js';
import { failureWitnessesSinceRestore } from './trust-rules.js';

/** What reporting an outcome changed. */
export interface OutcomeResult {
  /** The memories after their usage counters moved, in the order given. */
  memories: Memory[];
  /** Ids deprecated by the deprecation rule because of this outcome. */
  deprecated: string[];
}

/**
 * A report of how an episode that used some memories ended. `used` lists their ids, the name `learn({ used })`, the
 * HTTP API and the MCP tools share; `ids` is its older name, still accepted (give one of them).
 */
export type OutcomeRequest = {
  success: boolean;
  namespace?: string;
  /** Who reports (default: `local`, trusted); servers set it from the caller's key. */
  attribution?: AttributionOption;
  /** The episode (run id) the outcome is of; a trusted source's distinct episodes count as distinct witnesses. */
  episode?: string;
} & (
  | { /** Ids of the memories the episode used (non-empty). */ used: readonly string[]; ids?: undefined }
  | { /** @deprecated The older name of `used`. */ ids: readonly string[]; used?: undefined }
);

const MAX_RETRIES = 5;

/**
 * The ids of an outcome request, deduplicated: `used`, or its older name `ids`. Both, neither, an empty list or
 * anything but memory ids → `INVALID_ARGUMENT` naming `used`.
 */
function usedIds(request: OutcomeRequest): string[] {
  const { used, ids } = request as { used?: unknown; ids?: unknown };
  if (used !== undefined && ids !== undefined) {
    throw new MempError('INVALID_ARGUMENT', 'give used or its older name ids, not both', {
      details: { field: 'used' },
    });
  }
  const given = used ?? ids;
  if (!Array.isArray(given) || given.some((id) => typeof id !== 'string' || id.length === 0)) {
    throw new MempError('INVALID_ARGUMENT', 'used must be a list of memory ids', { details: { field: 'used' } });
  }
  if (given.length === 0)
    throw new MempError('INVALID_ARGUMENT', 'used must not be empty', { details: { field: 'used' } });
  return [...new Set(given as string[])];
}

/**
 * Records that the memories listed in `used` (or its older name `ids`) were used in an episode with this outcome
 * (one hit each, and one attributed evidence record each), then applies the deprecation rule — which also needs
 * failures from two distinct witnesses since the memory's last restore — atomically; re-reads and decides again on a `CONFLICT` (up to 5
 * attempts). `NOT_FOUND` names missing ids.
 */
export async function reportOutcome(deps: MemoryOperationDeps, request: OutcomeRequest): Promise<OutcomeResult> {
  const { store, clock } = deps;
  checkRequest(request, 'reportOutcome');
  const namespace = deps.namespace(request.namespace);
  const ids = usedIds(request);
  if (typeof request.success !== 'boolean') {
    throw new MempError('INVALID_ARGUMENT', 'success must be a boolean', { details: { field: 'success' } });
  }
  const attribution = resolveAttribution(request.attribution);
  if (request.episode !== undefined && (typeof request.episode !== 'string' || request.episode.length === 0)) {
    throw new MempError('INVALID_ARGUMENT', 'episode must be a non-empty string', { details: { field: 'episode' } });
  }
  for (let attempt = 1; ; attempt++) {
    const found = await store.get({ namespace, ids });
    const missing = ids.filter((id) => !found.some((m) => m.id === id));
    if (missing.length > 0) {
      throw new MempError('NOT_FOUND', `memories not found in "${namespace}": ${missing.join(', ')}`, {
        details: { ids: missing },
      });
    }
    const stored = await store.evidence({ namespace, memoryIds: ids });
    const at = clock.now();
    const updates: MemoryUpdate[] = [];
    const evidence: EvidenceRecord[] = ids.map((id) => ({
      id: deps.ids.next('ev'),
      memoryId: id,
      kind: request.success ? 'success' : 'failure',
      source: attribution.source,
      trust: attribution.trust,
      ...(request.episode === undefined ? {} : { episode: request.episode }),
      at,
    }));
    for (const memory of found) {
      const stats = {
        retrieved: memory.stats.retrieved + 1,
        succeeded: memory.stats.succeeded + (request.success ? 1 : 0),
        failed: memory.stats.failed + (request.success ? 0 : 1),
      };
      const records = [...stored, ...evidence].filter((e) => e.memoryId === memory.id);
      if (
        deps.deprecation &&
        memory.status === 'active' &&
        shouldDeprecate(stats, deps.deprecation) &&
        failureWitnessesSinceRestore(records) >= 2
      ) {
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
        evidence,
      });
    } catch (error) {
      // A concurrent writer changed a memory we deprecate: re-read and decide again.
      if (isMempError(error, 'CONFLICT') && attempt < MAX_RETRIES) continue;
      throw error;
    }
    return { memories: await store.get({ namespace, ids }), deprecated: updates.map((u) => u.id) };
  }
}
