import { MempError } from '../../../core/errors.js';
import { bytesToVector } from '../../../core/vector.js';
import type { EmbeddingSpace, MemoryVectors } from '../../../ports/memory-store.js';

export { memoryFromRow, parseJsonColumn, revisionFromRow, trajectoryFromRow } from '../shared/stored-json.js';

/** `memory_vectors.field` values. */
export const FIELD_TASK = 0;
/** `memory_vectors.field` values. */
export const FIELD_KEYWORD = 1;

/** A `namespace_spaces` row, checked. */
export function spaceFromRow(row: unknown): EmbeddingSpace | undefined {
  if (row === undefined) return undefined;
  const r = row as { embedder?: unknown; dimension?: unknown };
  if (typeof r.embedder !== 'string' || typeof r.dimension !== 'number' || !Number.isInteger(r.dimension)) {
    throw new MempError('STORAGE_FAILED', 'stored embedding space is malformed');
  }
  return { embedder: r.embedder, dimension: r.dimension };
}

/** Checks that a vector BLOB holds exactly `dimension` float32 values and returns its bytes. */
export function vectorBytes(blob: unknown, dimension: number): Uint8Array {
  if (!(blob instanceof Uint8Array) || blob.byteLength !== dimension * 4) {
    throw new MempError('STORAGE_FAILED', `stored vector does not hold ${dimension} float32 values`);
  }
  return blob;
}

/** Assembles {@link MemoryVectors} from `memory_vectors` rows of one memory, ordered by field then ordinal. */
export function vectorsFromRows(
  rows: ReadonlyArray<{ field: unknown; vector: unknown }>,
  dimension: number,
): MemoryVectors | undefined {
  let task: Float32Array | undefined;
  const keywords: Float32Array[] = [];
  for (const row of rows) {
    const v = bytesToVector(vectorBytes(row.vector, dimension));
    if (row.field === FIELD_TASK) task = v;
    else keywords.push(v);
  }
  return task === undefined ? undefined : { task, keywords };
}
