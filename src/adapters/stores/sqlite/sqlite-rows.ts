import type { z } from 'zod';
import { MempError } from '../../../core/errors.js';
import { MemorySchema } from '../../../core/memory.js';
import type { Memory } from '../../../core/memory.js';
import { RevisionSchema } from '../../../core/revision.js';
import type { Revision } from '../../../core/revision.js';
import { TrajectorySchema } from '../../../core/trajectory.js';
import type { Trajectory } from '../../../core/trajectory.js';
import { bytesToVector } from '../../../core/vector.js';
import type { EmbeddingSpace, MemoryVectors } from '../../../ports/memory-store.js';

/** `memory_vectors.field` values. */
export const FIELD_TASK = 0;
/** `memory_vectors.field` values. */
export const FIELD_KEYWORD = 1;

/**
 * Parses a JSON column with `schema`. The database is external input (another process, an older version, a
 * hand edit), so anything malformed fails with `STORAGE_FAILED` instead of leaking a half-valid object.
 */
export function parseJsonColumn<T>(schema: z.ZodType<T>, text: unknown, what: string): T {
  if (typeof text !== 'string') throw new MempError('STORAGE_FAILED', `stored ${what} is not text`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new MempError('STORAGE_FAILED', `stored ${what} is not valid JSON`, { cause: error });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new MempError('STORAGE_FAILED', `stored ${what} does not match its schema`, {
      details: { issues: parsed.error.issues },
    });
  }
  return parsed.data;
}

/** A stored memory from its `body` column. */
export function memoryFromRow(body: unknown): Memory {
  return parseJsonColumn(MemorySchema, body, 'memory');
}

/** A stored revision from its `body` column. */
export function revisionFromRow(body: unknown): Revision {
  return parseJsonColumn(RevisionSchema, body, 'revision');
}

/** A stored trajectory from its `body` column. */
export function trajectoryFromRow(body: unknown): Trajectory {
  return parseJsonColumn(TrajectorySchema, body, 'trajectory');
}

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
