import { MempError } from '../../../core/errors.js';
import type { VectorField } from '../../../ports/memory-store.js';
import { FieldMatrix } from './field-matrix.js';
import { parseKeywordKeys } from './sqlite-embeddings.js';
import { kindAndStatusFromRow, spaceFromRow } from './sqlite-rows.js';
import type { SqliteStatements } from './sqlite-statements.js';
import { NamespaceVectorCache } from './vector-matrix-cache.js';

/** The namespace's change counter (0 before its first search-relevant write). */
export function readGeneration(statements: SqliteStatements, namespace: string): number {
  const value: unknown = statements.generation.pluck().get(namespace);
  if (value === undefined || value === null) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new MempError('STORAGE_FAILED', 'stored namespace generation is malformed');
  }
  return value;
}

/**
 * Loads the slots (ids, statuses and kinds) of a namespace into a fresh cache with no field matrices yet.
 * Call inside a read transaction together with {@link loadFieldMatrix} so both see one snapshot.
 */
export function loadNamespaceCache(statements: SqliteStatements, namespace: string): NamespaceVectorCache {
  const generation = readGeneration(statements, namespace);
  const space = spaceFromRow(statements.space.get(namespace));
  const cache = new NamespaceVectorCache({ generation, space });
  for (const row of statements.memorySlots.raw().iterate(namespace)) {
    const [id, status, kind] = row as unknown[];
    if (typeof id !== 'string') throw new MempError('STORAGE_FAILED', 'stored memory row is malformed');
    const checked = kindAndStatusFromRow({ kind, status });
    cache.upsert(id, checked.status, checked.kind);
  }
  return cache;
}

function countOf(statement: { pluck(): { get(namespace: string): unknown } }, namespace: string): number {
  const counted: unknown = statement.pluck().get(namespace);
  return typeof counted === 'number' ? counted : 0;
}

/**
 * Loads one field's vectors of a namespace into a matrix sized for them (plus a little headroom), decoding each
 * BLOB straight into the flat array: no per-row vector allocation. Keyword vectors are read once per distinct
 * vector, then each memory's list of keyword keys becomes its rows.
 */
export function loadFieldMatrix(
  statements: SqliteStatements,
  namespace: string,
  cache: NamespaceVectorCache,
  field: VectorField,
): FieldMatrix {
  const dimension = cache.space?.dimension ?? 0;
  const memories = countOf(statements.embeddingCount, namespace);
  const distinct = field === 'task' ? memories : countOf(statements.keywordVectorCount, namespace);
  const matrix = new FieldMatrix({ dimension: Math.max(1, dimension), capacity: FieldMatrix.capacityFor(distinct) });
  if (dimension === 0) return matrix;
  const slotOf = (memoryId: unknown): number => {
    const slot = typeof memoryId === 'string' ? cache.slot(memoryId) : undefined;
    if (slot === undefined) throw new MempError('STORAGE_FAILED', 'stored vector of an unknown memory');
    return slot;
  };
  if (field === 'task') {
    for (const row of statements.taskVectors.raw().iterate(namespace)) {
      const [version, memoryId, blob] = row as unknown[];
      const slot = slotOf(memoryId);
      matrix.addRow(slot, matrix.addEncoded(blob));
      if (typeof version === 'number') cache.setVectorVersion(slot, version);
    }
    return matrix;
  }
  const vectorOfKey = new Map<number, number>();
  for (const row of statements.namespaceKeywordVectors.raw().iterate(namespace)) {
    const [key, blob] = row as unknown[];
    vectorOfKey.set(Number(key), matrix.addEncoded(blob));
  }
  for (const row of statements.keywordLists.raw().iterate(namespace)) {
    const [memoryId, keywords] = row as unknown[];
    const slot = slotOf(memoryId);
    for (const key of parseKeywordKeys(keywords)) {
      const vector = vectorOfKey.get(key);
      if (vector === undefined) throw new MempError('STORAGE_FAILED', 'a memory refers to a missing keyword vector');
      matrix.addRow(slot, vector);
    }
  }
  return matrix;
}
