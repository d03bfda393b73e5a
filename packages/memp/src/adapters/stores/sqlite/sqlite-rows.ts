import { MempError } from '../../../core/errors.js';
import { MemoryKindSchema, MemoryStatusSchema } from '../../../core/memory.js';
import type { EmbeddingSpace, MemoryKindAndStatus } from '../../../ports/memory-store.js';

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

/** The `kind` and `status` columns of a `memories` row, checked. */
export function kindAndStatusFromRow(row: { kind: unknown; status: unknown }): MemoryKindAndStatus {
  const kind = MemoryKindSchema.safeParse(row.kind);
  const status = MemoryStatusSchema.safeParse(row.status);
  if (!kind.success || !status.success)
    throw new MempError('STORAGE_FAILED', 'stored memory kind or status is malformed');
  return { kind: kind.data, status: status.data };
}
