import { MempError } from '../core/errors.js';
import type { Embedder } from '../ports/embedder.js';
import type { MemoryStore } from '../ports/memory-store.js';

/**
 * Fails with `EMBEDDER_MISMATCH` (saying to run `memp reembed`) when `namespace` holds vectors of another embedder
 * or dimension than `embedder`; an empty namespace passes.
 */
export async function assertEmbeddingSpace(options: {
  store: MemoryStore;
  embedder: Embedder;
  namespace: string;
}): Promise<void> {
  const { store, embedder, namespace } = options;
  const space = await store.space({ namespace });
  if (space && (space.embedder !== embedder.id || space.dimension !== embedder.dimension)) {
    throw new MempError(
      'EMBEDDER_MISMATCH',
      `namespace "${namespace}" holds vectors of embedder ${space.embedder} (${space.dimension}d) but this engine uses ${embedder.id} (${embedder.dimension}d); run \`memp reembed\``,
      { details: { namespace, stored: space.embedder, current: embedder.id } },
    );
  }
}
