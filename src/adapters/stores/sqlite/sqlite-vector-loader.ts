import { MempError } from '../../../core/errors.js';
import type { VectorField } from '../../../ports/memory-store.js';
import { FieldMatrix } from './field-matrix.js';
import { FIELD_KEYWORD, FIELD_TASK, spaceFromRow, vectorBytes } from './sqlite-rows.js';
import type { SqliteStatements } from './sqlite-statements.js';
import { NamespaceVectorCache } from './vector-matrix-cache.js';

/** The namespace's change counter (0 before its first search-relevant write). */
export function readGeneration(statements: SqliteStatements, namespace: string): number {
  const value: unknown = statements.generation.pluck().get(namespace);
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new MempError('STORAGE_FAILED', 'stored namespace generation is malformed');
  }
  return value;
}

/**
 * Loads the slots (ids and statuses) of a namespace into a fresh cache with no field matrices yet.
 * Call inside a read transaction together with {@link loadFieldMatrix} so both see one snapshot.
 */
export function loadNamespaceCache(statements: SqliteStatements, namespace: string): NamespaceVectorCache {
  const generation = readGeneration(statements, namespace);
  const space = spaceFromRow(statements.space.get(namespace));
  const cache = new NamespaceVectorCache({ generation, space });
  for (const row of statements.memorySlots.raw().iterate(namespace)) {
    const [id, status] = row as unknown[];
    if (typeof id !== 'string' || (status !== 'active' && status !== 'deprecated')) {
      throw new MempError('STORAGE_FAILED', 'stored memory row is malformed');
    }
    cache.upsert(id, status);
  }
  return cache;
}

/**
 * Loads one field's vectors of a namespace into a matrix sized exactly for them (plus a little headroom),
 * copying each BLOB straight into the flat array: no per-row vector allocation, so 100k × 512 fits in one
 * ~200 MB buffer.
 */
export function loadFieldMatrix(
  statements: SqliteStatements,
  namespace: string,
  cache: NamespaceVectorCache,
  field: VectorField,
): FieldMatrix {
  const dimension = cache.space?.dimension ?? 0;
  const code = field === 'task' ? FIELD_TASK : FIELD_KEYWORD;
  const counted: unknown = statements.fieldRowCount.pluck().get(namespace, code);
  const rows = typeof counted === 'number' ? counted : 0;
  const matrix = new FieldMatrix({ dimension: Math.max(1, dimension), capacity: FieldMatrix.capacityFor(rows) });
  if (dimension === 0) return matrix;
  for (const row of statements.fieldVectors.raw().iterate(namespace, code)) {
    const [memoryId, blob] = row as unknown[];
    const slot = typeof memoryId === 'string' ? cache.slot(memoryId) : undefined;
    if (slot === undefined) throw new MempError('STORAGE_FAILED', 'stored vector of an unknown memory');
    matrix.appendBytes(slot, vectorBytes(blob, dimension));
  }
  return matrix;
}
