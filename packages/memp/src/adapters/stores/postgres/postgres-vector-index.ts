import type pg from 'pg';
import { INDEX_LOCK, MEMP_LOCK_SPACE } from './postgres-migrations.js';
import { taskIndexPredicate } from './postgres-task-index-predicate.js';

/** How vectors of one dimension are indexed: the element type of the cast, or none above 4,000 dimensions. */
export interface VectorIndexKind {
  /** `vector` (up to 2,000 dimensions) or `halfvec` (up to 4,000: HNSW's limits in pgvector 0.8). */
  element: 'vector' | 'halfvec';
  /** The operator class for cosine distance. */
  opclass: 'vector_cosine_ops' | 'halfvec_cosine_ops';
  /** The index name, one per dimension. */
  name: string;
}

/**
 * The HNSW index for `dimension`, or undefined when pgvector cannot index it (more than 4,000 dimensions: such
 * namespaces are always searched exactly). Up to 2,000 dimensions the index is on `embedding::vector(d)`;
 * up to 4,000 on `embedding::halfvec(d)` (half precision only ranks candidates: scores are computed exactly).
 */
export function vectorIndexKind(dimension: number): VectorIndexKind | undefined {
  if (!Number.isInteger(dimension) || dimension < 1 || dimension > 4000) return undefined;
  return dimension <= 2000
    ? { element: 'vector', opclass: 'vector_cosine_ops', name: `memory_vectors_hnsw_${dimension}` }
    : { element: 'halfvec', opclass: 'halfvec_cosine_ops', name: `memory_vectors_hnsw_${dimension}` };
}

/**
 * Makes sure the HNSW index for `dimension` exists: a partial expression index
 * `USING hnsw ((embedding::vector(d)) vector_cosine_ops) WHERE dimension = d AND field = 0 AND indexed` on
 * `memory_vectors` (`taskIndexPredicate`: task vectors only, as keyword searches never use it, and only the rows of
 * namespaces that will search it, as each indexed row costs a graph insertion per learn).
 *
 * Why per dimension: pgvector indexes need a fixed dimension, and a column of plain `vector` may hold several;
 * its documented way is an expression index on a cast to `vector(d)` restricted (partial index) to the rows of
 * that dimension. Indexing per embedder space instead would need one index per namespace; namespaces of
 * the same dimension share the index and the search filters them by namespace with `hnsw.iterative_scan`.
 *
 * Runs inside the caller's write transaction (so a failed change rolls the index back too), serialized with
 * other creators by a transaction-level advisory lock. `CREATE INDEX` holds a SHARE lock on `memory_vectors`
 * until the transaction ends: the first write of a new dimension briefly blocks other writers.
 */
export async function ensureVectorIndex(client: pg.ClientBase, dimension: number): Promise<void> {
  const kind = vectorIndexKind(dimension);
  if (kind === undefined) return;
  const known = await client.query('SELECT 1 FROM vector_indexes WHERE dimension = $1', [dimension]);
  if (known.rowCount !== null && known.rowCount > 0) return;
  await client.query('SELECT pg_advisory_xact_lock($1, $2)', [MEMP_LOCK_SPACE, INDEX_LOCK]);
  const again = await client.query('SELECT 1 FROM vector_indexes WHERE dimension = $1', [dimension]);
  if (again.rowCount !== null && again.rowCount > 0) return;
  // `dimension` is a validated integer: safe to inline, and it must be a literal for the partial index to match.
  await client.query(
    `CREATE INDEX IF NOT EXISTS ${kind.name} ON memory_vectors USING hnsw ((embedding::${kind.element}(${dimension})) ${kind.opclass}) WHERE ${taskIndexPredicate(String(dimension))}`,
  );
  await client.query('INSERT INTO vector_indexes (dimension, index_name, element) VALUES ($1, $2, $3)', [
    dimension,
    kind.name,
    kind.element,
  ]);
}
