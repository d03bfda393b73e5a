import type { EvidenceRecord } from '../core/evidence.js';
import type { Memory } from '../core/memory.js';
import type { MemoryStore } from '../ports/memory-store.js';
import { allInOrder } from './all-in-order.js';

/** The stored state of the memories an episode used, which planning its learn starts from (see `planLearning`). */
export interface UsedMemoryReads {
  /** The used memories that exist (an unknown id is left out; planning names it as `INVALID_ARGUMENT`). */
  memories: Memory[];
  /** Their attributed evidence, in the store's order. */
  evidence: EvidenceRecord[];
}

/**
 * Reads the bodies and the evidence of memories `ids` (repeats ignored) together: one wait for the store, not two.
 * A failing read fails with its own error, the bodies' first (as when read one after the other). No read for none.
 */
export async function readUsedMemories(options: {
  store: MemoryStore;
  namespace: string;
  ids: readonly string[];
}): Promise<UsedMemoryReads> {
  const { store, namespace } = options;
  const ids = [...new Set(options.ids)];
  if (ids.length === 0) return { memories: [], evidence: [] };
  const [memories, evidence] = await allInOrder([
    store.get({ namespace, ids }),
    store.evidence({ namespace, memoryIds: ids }),
  ]);
  return { memories, evidence };
}
