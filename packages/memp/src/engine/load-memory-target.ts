import { MempError } from '../core/errors.js';
import type { Memory } from '../core/memory.js';
import type { MemoryStore } from '../ports/memory-store.js';

/** Which memory a lifecycle operation targets; without `expectedVersion` the current version is used. */
export interface MemoryTarget {
  id: string;
  namespace?: string;
  /** Optimistic concurrency: the version the caller last saw. A different stored version → `CONFLICT`. */
  expectedVersion?: number;
  /** Why, kept on the revision. */
  note?: string;
}

/**
 * Reads the memory `target` names in `namespace`: `INVALID_ARGUMENT` for a missing id, `NOT_FOUND` when absent,
 * `CONFLICT` when it is not at `target.expectedVersion`.
 */
export async function loadMemoryTarget(store: MemoryStore, namespace: string, target: MemoryTarget): Promise<Memory> {
  if (typeof target.id !== 'string' || target.id.length === 0) {
    throw new MempError('INVALID_ARGUMENT', 'id must be a non-empty string', { details: { field: 'id' } });
  }
  const [memory] = await store.get({ namespace, ids: [target.id] });
  if (!memory)
    throw new MempError('NOT_FOUND', `memory "${target.id}" not found in "${namespace}"`, {
      details: { id: target.id },
    });
  if (target.expectedVersion !== undefined && target.expectedVersion !== memory.version) {
    throw new MempError(
      'CONFLICT',
      `memory "${target.id}" is at version ${memory.version}, not ${target.expectedVersion}`,
      {
        details: { id: target.id, expectedVersion: target.expectedVersion, actualVersion: memory.version },
      },
    );
  }
  return memory;
}
