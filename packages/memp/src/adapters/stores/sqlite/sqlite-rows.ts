import { MempError } from '../../../core/errors.js';
import type { EmbeddingSpace } from '../../../ports/memory-store.js';

export { memoryFromRow, parseJsonColumn, revisionFromRow, trajectoryFromRow } from '../shared/stored-json.js';

/** A `namespace_spaces` row, checked. */
export function spaceFromRow(row: unknown): EmbeddingSpace | undefined {
  if (row === undefined) return undefined;
  const r = row as { embedder?: unknown; dimension?: unknown };
  if (typeof r.embedder !== 'string' || typeof r.dimension !== 'number' || !Number.isInteger(r.dimension)) {
    throw new MempError('STORAGE_FAILED', 'stored embedding space is malformed');
  }
  return { embedder: r.embedder, dimension: r.dimension };
}
