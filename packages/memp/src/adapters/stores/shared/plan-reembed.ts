import { MempError } from '../../../core/errors.js';
import type { Memory } from '../../../core/memory.js';
import type { EmbeddingSpace, MemoryVectors, Reembedding } from '../../../ports/memory-store.js';
import { checkIds, checkMemoryVectors, checkNamespace, checkSpace, copyVectors } from './store-validation.js';

/** A validated re-embedding: new vectors for every memory of the namespace. */
export interface ReembedPlan {
  namespace: string;
  space: EmbeddingSpace;
  /** Copies of the new vectors by memory id. */
  vectors: Map<string, MemoryVectors>;
  /** Every memory of the namespace with `provenance.embedder` set to the new embedder (version unchanged). */
  memories: Memory[];
}

/**
 * Validates a {@link Reembedding} against the namespace's memories (all statuses): an unknown id fails with
 * `NOT_FOUND`, a repeated id or misaligned vectors with `INVALID_ARGUMENT`, and a memory left without new
 * vectors (e.g. created meanwhile by another writer) with `CONFLICT`.
 */
export function planReembed(change: Reembedding, options: { memories: readonly Memory[] }): ReembedPlan {
  const namespace = checkNamespace(change.namespace);
  const space = checkSpace(change.space);
  if (!Array.isArray(change.vectors)) {
    throw new MempError('INVALID_ARGUMENT', 'vectors must be a list', { details: { field: 'vectors' } });
  }
  checkIds(change.vectors.map((v) => v?.id));
  const byId = new Map(options.memories.map((m) => [m.id, m]));
  const vectors = new Map<string, MemoryVectors>();
  for (const entry of change.vectors) {
    const memory = byId.get(entry.id);
    if (memory === undefined) {
      throw new MempError('NOT_FOUND', `memory ${entry.id} not found`, { details: { id: entry.id, namespace } });
    }
    if (vectors.has(entry.id)) {
      throw new MempError('INVALID_ARGUMENT', `vectors for ${entry.id} given twice`, { details: { id: entry.id } });
    }
    const checked = checkMemoryVectors({
      vectors: entry.vectors,
      keywords: memory.keywords,
      dimension: space.dimension,
      memoryId: entry.id,
    });
    vectors.set(entry.id, copyVectors(checked));
  }
  const missing = options.memories.filter((m) => !vectors.has(m.id)).map((m) => m.id);
  if (missing.length > 0) {
    throw new MempError('CONFLICT', `re-embedding leaves ${missing.length} memories without vectors`, {
      details: { namespace, missing: missing.slice(0, 20) },
    });
  }
  const memories = options.memories.map((m) => ({ ...m, provenance: { ...m.provenance, embedder: space.embedder } }));
  return { namespace, space, vectors, memories };
}
