import { z } from 'zod';
import { MempError } from '../../../core/errors.js';
import { MemoryKindSchema, MemoryStatusSchema } from '../../../core/memory.js';
import type { MemoryKind, MemoryStatus } from '../../../core/memory.js';
import { NamespaceSchema } from '../../../core/namespace.js';
import { squaredNorm, unitCopy } from '../../../core/vector.js';
import type { EmbeddingSpace, MemoryListQuery, MemoryVectors, VectorSearch } from '../../../ports/memory-store.js';

/** Default page size of `MemoryStore.list`. */
export const DEFAULT_LIST_LIMIT = 100;

/** Fails with `INVALID_ARGUMENT` unless `namespace` is a valid namespace name. */
export function checkNamespace(namespace: unknown): string {
  const parsed = NamespaceSchema.safeParse(namespace);
  if (!parsed.success) {
    throw new MempError('INVALID_ARGUMENT', `invalid namespace: ${String(namespace)}`, {
      details: { field: 'namespace' },
    });
  }
  return parsed.data;
}

const SpaceSchema = z.strictObject({
  embedder: z.string().min(1),
  dimension: z.number().int().positive(),
});

/** Fails with `INVALID_ARGUMENT` unless `space` is a well-formed embedding space. */
export function checkSpace(space: unknown): EmbeddingSpace {
  const parsed = SpaceSchema.safeParse(space);
  if (!parsed.success) {
    throw new MempError('INVALID_ARGUMENT', 'invalid embedding space', { details: { field: 'space' } });
  }
  return parsed.data;
}

/** True when two spaces are the same embedder at the same dimension. */
export function sameSpace(a: EmbeddingSpace, b: EmbeddingSpace): boolean {
  return a.embedder === b.embedder && a.dimension === b.dimension;
}

/** Checks one vector and returns its squared norm (finite exactly when every element is, see {@link squaredNorm}). */
function checkVector(v: unknown, dimension: number, field: string): number {
  if (!(v instanceof Float32Array)) {
    throw new MempError('INVALID_ARGUMENT', `${field} must be a Float32Array`, { details: { field } });
  }
  if (v.length !== dimension) {
    throw new MempError('INVALID_ARGUMENT', `${field} has length ${v.length}, the space has ${dimension}`, {
      details: { field, length: v.length, dimension },
    });
  }
  const norm = squaredNorm(v);
  if (!Number.isFinite(norm)) {
    throw new MempError('INVALID_ARGUMENT', `${field} holds a non-finite value`, { details: { field } });
  }
  return norm;
}

/**
 * Fails with `INVALID_ARGUMENT` unless `vectors` has a task vector and one keyword vector per keyword,
 * each of the space's dimension with finite values. Returns L2-normalised copies: whatever a caller (or an
 * import file) passes, a stored vector has unit length (or is zero), so every score is a cosine in [-1, 1].
 */
export function checkMemoryVectors(options: {
  vectors: MemoryVectors | undefined;
  keywords: readonly string[];
  dimension: number;
  memoryId: string;
}): MemoryVectors {
  const { vectors, keywords, dimension, memoryId } = options;
  if (vectors === undefined || typeof vectors !== 'object' || !Array.isArray(vectors.keywords)) {
    throw new MempError('INVALID_ARGUMENT', `vectors of ${memoryId} are missing`, { details: { id: memoryId } });
  }
  const taskNorm = checkVector(vectors.task, dimension, 'vectors.task');
  if (vectors.keywords.length !== keywords.length) {
    throw new MempError(
      'INVALID_ARGUMENT',
      `${memoryId} has ${keywords.length} keywords but ${vectors.keywords.length} keyword vectors`,
      { details: { id: memoryId, field: 'vectors.keywords' } },
    );
  }
  const keywordNorms = vectors.keywords.map((k) => checkVector(k, dimension, 'vectors.keywords'));
  return {
    task: unitCopy(vectors.task, taskNorm),
    keywords: vectors.keywords.map((k, i) => unitCopy(k, keywordNorms[i])),
  };
}

/** A copy of `vectors` that shares no buffer with it. */
export function copyVectors(vectors: MemoryVectors): MemoryVectors {
  return { task: new Float32Array(vectors.task), keywords: vectors.keywords.map((k) => new Float32Array(k)) };
}

/** A validated list query with defaults filled in. */
export interface CheckedListQuery {
  namespace: string;
  status?: MemoryStatus;
  kind?: MemoryKind;
  limit: number;
  after?: string;
}

/** Validates a list query (`INVALID_ARGUMENT`) and fills in the default limit. */
export function checkListQuery(query: MemoryListQuery): CheckedListQuery {
  const namespace = checkNamespace(query.namespace);
  const limit = query.limit ?? DEFAULT_LIST_LIMIT;
  if (!Number.isInteger(limit) || limit < 1) {
    throw new MempError('INVALID_ARGUMENT', 'limit must be a positive integer', { details: { field: 'limit' } });
  }
  const checked: CheckedListQuery = { namespace, limit };
  if (query.status !== undefined) checked.status = checkStatus(query.status);
  if (query.kind !== undefined) {
    const kind = MemoryKindSchema.safeParse(query.kind);
    if (!kind.success) throw new MempError('INVALID_ARGUMENT', 'invalid kind', { details: { field: 'kind' } });
    checked.kind = kind.data;
  }
  if (query.after !== undefined) {
    if (typeof query.after !== 'string' || query.after.length === 0) {
      throw new MempError('INVALID_ARGUMENT', 'after must be a memory id', { details: { field: 'after' } });
    }
    checked.after = query.after;
  }
  return checked;
}

/** Fails with `INVALID_ARGUMENT` unless `status` is a memory status. */
export function checkStatus(status: unknown): MemoryStatus {
  const parsed = MemoryStatusSchema.safeParse(status);
  if (!parsed.success) throw new MempError('INVALID_ARGUMENT', 'invalid status', { details: { field: 'status' } });
  return parsed.data;
}

/** Fails with `INVALID_ARGUMENT` unless every id is a non-empty string. */
export function checkIds(ids: unknown): readonly string[] {
  if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string' || id.length === 0)) {
    throw new MempError('INVALID_ARGUMENT', 'ids must be non-empty strings', { details: { field: 'ids' } });
  }
  return ids as readonly string[];
}

/** A validated search with defaults filled in. */
export interface CheckedSearch {
  namespace: string;
  field: VectorSearch['field'];
  queries: Float32Array[];
  k: number;
  minScore: number;
  statuses: Set<MemoryStatus>;
}

/** True when every value is finite (a plain loop: `every` boxes each float, ~8 KB per 512-d query). */
function allFinite(v: Float32Array): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) return false;
  return true;
}

/**
 * Validates a search (`INVALID_ARGUMENT`) and L2-normalises copies of its queries; queries whose length differs from the namespace's space fail with
 * `EMBEDDER_MISMATCH` (they come from another embedder).
 */
export function checkSearch(query: VectorSearch, space: EmbeddingSpace | undefined): CheckedSearch {
  const namespace = checkNamespace(query.namespace);
  if (query.field !== 'task' && query.field !== 'keywords') {
    throw new MempError('INVALID_ARGUMENT', 'field must be task or keywords', { details: { field: 'field' } });
  }
  if (!Array.isArray(query.queries) || query.queries.length === 0) {
    throw new MempError('INVALID_ARGUMENT', 'queries must hold at least one vector', {
      details: { field: 'queries' },
    });
  }
  const first = query.queries[0];
  for (const q of query.queries) {
    if (!(q instanceof Float32Array) || q.length === 0 || q.length !== first?.length) {
      throw new MempError('INVALID_ARGUMENT', 'queries must be Float32Arrays of one length', {
        details: { field: 'queries' },
      });
    }
    if (!allFinite(q)) {
      throw new MempError('INVALID_ARGUMENT', 'queries hold a non-finite value', { details: { field: 'queries' } });
    }
  }
  if (!Number.isInteger(query.k) || query.k < 1) {
    throw new MempError('INVALID_ARGUMENT', 'k must be a positive integer', { details: { field: 'k' } });
  }
  if (query.minScore !== undefined && (typeof query.minScore !== 'number' || Number.isNaN(query.minScore))) {
    throw new MempError('INVALID_ARGUMENT', 'minScore must be a number', { details: { field: 'minScore' } });
  }
  if (query.status !== undefined && !Array.isArray(query.status)) {
    throw new MempError('INVALID_ARGUMENT', 'status must be a list', { details: { field: 'status' } });
  }
  const statuses = new Set((query.status ?? ['active']).map((s) => checkStatus(s)));
  if (space !== undefined && first !== undefined && first.length !== space.dimension) {
    throw new MempError(
      'EMBEDDER_MISMATCH',
      `query vectors have length ${first.length}, namespace ${namespace} holds ${space.embedder} (${space.dimension})`,
      { details: { namespace, space } },
    );
  }
  return {
    namespace,
    field: query.field,
    // Unit-length copies: a score is a cosine whatever the caller's vectors' norms.
    queries: query.queries.map((q) => unitCopy(q)),
    k: query.k,
    minScore: query.minScore ?? Number.NEGATIVE_INFINITY,
    statuses,
  };
}

/** Orders hits best first, ties by id (code-unit order). */
export function compareHits(a: { id: string; score: number }, b: { id: string; score: number }): number {
  if (a.score !== b.score) return b.score - a.score;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
