import { MempError } from '../../../core/errors.js';
import type { MemoryStatus } from '../../../core/memory.js';
import type { EmbeddingSpace, VectorHit } from '../../../ports/memory-store.js';
import type { CheckedSearch } from '../shared/store-validation.js';
import { FieldMatrix } from '../sqlite/field-matrix.js';
import { NamespaceVectorCache } from '../sqlite/vector-matrix-cache.js';
import { CacheTaskIndexes, type CachedVectorDelta } from './postgres-cache-task-indexes.js';
import { vectorFromPg } from './postgres-vector-text.js';
import { FIELD_TASK } from './postgres-writes.js';

/** Runs one statement on any pooled connection (one snapshot per statement). */
export type CacheQuery = (text: string, values: unknown[]) => Promise<{ rows: unknown[] }>;

/** One row of {@link SYNC_STATEMENT} or {@link LOAD}: the namespace's space and generation, then one changed or loaded memory. */
interface CacheRow {
  embedder: string;
  dimension: number;
  generation: string | null;
  oldest?: string | null;
  memory_id: string | null;
  status: string | null;
  embedding: string | null;
}

/**
 * The namespace's space and search generation, the oldest generation still listed in `search_changes`, and
 * each memory changed after generation `$2` (at most `$3`) with its current task vector of the space's dimension
 * (null when it has none any more: deleted). One statement, so one snapshot: the changes are exactly those up to
 * the generation it returns. Its plan depends on the planner's statistics of `memory_vectors`: analyzed before a
 * namespace was bulk-loaded, they make it join every task vector of the namespace (tens of ms a search instead of
 * 0.2); no shape of the look-up avoids that (each index leads with the namespace the statistics say is tiny), so the
 * store analyzes after bulk writes instead (see `BulkWriteAnalyzer`).
 */
export const SYNC_STATEMENT = `SELECT s.embedder, s.dimension, g.generation,
    (SELECT min(generation) FROM search_changes WHERE namespace = $1) AS oldest,
    c.memory_id, v.status, v.embedding::text AS embedding
  FROM namespace_spaces AS s
  LEFT JOIN search_generations AS g ON g.namespace = s.namespace
  LEFT JOIN LATERAL (
    SELECT DISTINCT memory_id FROM search_changes WHERE namespace = $1 AND generation > $2 LIMIT $3
  ) AS c ON true
  LEFT JOIN memory_vectors AS v
    ON v.namespace = $1 AND v.memory_id = c.memory_id AND v.field = ${FIELD_TASK} AND v.dimension = s.dimension
  WHERE s.namespace = $1`;

/** The namespace's space and generation with every task vector of the space's dimension, in one snapshot. */
const LOAD = `SELECT s.embedder, s.dimension, g.generation, v.memory_id, v.status, v.embedding::text AS embedding
  FROM namespace_spaces AS s
  LEFT JOIN search_generations AS g ON g.namespace = s.namespace
  LEFT JOIN memory_vectors AS v ON v.namespace = s.namespace AND v.field = ${FIELD_TASK} AND v.dimension = s.dimension
  WHERE s.namespace = $1`;

function statusOf(value: string): MemoryStatus {
  if (value !== 'active' && value !== 'deprecated') {
    throw new MempError('STORAGE_FAILED', `stored memory status "${value}" is not active or deprecated`);
  }
  return value;
}

function spaceOf(rows: CacheRow[]): EmbeddingSpace | undefined {
  const first = rows[0];
  return first === undefined ? undefined : { embedder: first.embedder, dimension: first.dimension };
}

/** Builds a namespace's cache from the rows of {@link LOAD}. */
function buildCache(rows: CacheRow[]): NamespaceVectorCache {
  const space = spaceOf(rows);
  const generation = Number(rows[0]?.generation ?? 0);
  const cache = new NamespaceVectorCache({ generation, space });
  const dimension = space?.dimension ?? 1;
  const matrix = new FieldMatrix({ dimension, capacity: FieldMatrix.capacityFor(rows.length) });
  for (const row of rows) {
    if (row.memory_id === null || row.embedding === null || row.status === null) continue;
    const slot = cache.upsert(row.memory_id, statusOf(row.status));
    matrix.addRow(slot, matrix.addVector(vectorFromPg(row.embedding, dimension)));
    cache.setVectorVersion(slot, generation);
  }
  cache.setField('task', matrix);
  return cache;
}

/**
 * Brings `cache` up to the rows of one {@link SYNC_STATEMENT}: each listed memory is re-read (its status and
 * task vector replaced) or removed. Returns what changed (for the namespace's task index), or undefined when the
 * cache must be loaded afresh instead: the space changed, the listed changes no longer reach back to `from`, a
 * re-embedding (`''`) or more than `limit` changes.
 */
function applyChanges(
  cache: NamespaceVectorCache,
  rows: CacheRow[],
  from: number,
  limit: number,
): CachedVectorDelta | undefined {
  const first = rows[0];
  if (first === undefined) return undefined;
  const generation = Number(first.generation ?? 0);
  if (first.embedder !== cache.space?.embedder || first.dimension !== cache.space?.dimension) return undefined;
  const delta: CachedVectorDelta = { added: [], replaced: [] };
  if (generation <= cache.generation) return delta;
  if (generation > from && Number(first.oldest ?? Number.POSITIVE_INFINITY) > from + 1) return undefined;
  const changed = rows.filter((row) => row.memory_id !== null);
  if (changed.length > limit || changed.some((row) => row.memory_id === '')) return undefined;
  for (const row of changed) {
    const id = row.memory_id as string;
    if (row.embedding === null || row.status === null) {
      const old = cache.remove(id);
      if (old !== undefined) delta.replaced.push(old);
      continue;
    }
    const slot = cache.upsert(id, statusOf(row.status));
    const old = cache.vectorVersion(slot);
    cache.replaceVectors(slot, { task: vectorFromPg(row.embedding, first.dimension), keywords: [] }, generation);
    delta.added.push(slot);
    if (old !== undefined) delta.replaced.push(old);
  }
  cache.generation = generation;
  return delta;
}

/** What a cached search found: the space the sync statement saw (to check and cache) and the hits. */
export interface CachedSearchResult {
  /** The namespace's space then; undefined: the namespace has none (no hits). */
  space: EmbeddingSpace | undefined;
  hits: VectorHit[];
  /** Memories in the namespace's cache (the rows it scored). */
  rows: number;
  /** Whether the hits came through the namespace's in-process task index (else an exact scan of the cache). */
  indexed: boolean;
}

/**
 * Task vectors of PostgreSQL namespaces held in this process, so that a task search costs one short statement
 * instead of a scan (or an HNSW search) of the namespace in SQL. Namespaces of more than `indexAbove` active
 * memories are searched through an in-process HNSW index over the cached vectors ({@link CacheTaskIndexes}),
 * which takes in every change the sync statement brings. Before each search one statement (`SYNC_STATEMENT`) reads
 * the namespace's search generation, bumped by every write that changes task vectors, statuses or memories (under
 * the namespace lock, see `addSearchChanges`), and the memories changed since the cache's generation; the cache applies them
 * and the search runs in JavaScript over the cached matrix (the SQLite store's {@link NamespaceVectorCache}), so
 * results are exactly as fresh as a search in SQL: a write committed by any process before the search started is
 * seen. A cache too far behind (more changes than a quarter of it, or older than the kept change list), a
 * re-embedding or a new space reloads the namespace in one statement. Loads are shared by concurrent searches.
 * At most `maxRows` memories are held over all namespaces; the least recently searched go first.
 */
export class PostgresVectorCaches {
  private readonly caches = new Map<string, NamespaceVectorCache>();
  private readonly loading = new Map<string, Promise<NamespaceVectorCache | undefined>>();
  private readonly indexes: CacheTaskIndexes;

  /**
   * `maxRows`: memories held over all namespaces. `indexAbove`: active memories above which a namespace's task
   * searches go through an in-process HNSW index over its cached vectors ({@link CacheTaskIndexes}; `Infinity`:
   * always exact); `backgroundBuildFrom`: distinct vectors from which that index is built in the background.
   */
  constructor(
    private readonly maxRows: number,
    options: { indexAbove?: number; backgroundBuildFrom?: number } = {},
  ) {
    this.indexes = new CacheTaskIndexes(options.indexAbove ?? Number.POSITIVE_INFINITY, options.backgroundBuildFrom);
  }

  /** Memories held for `namespace`, or undefined when it is not cached. */
  rowsOf(namespace: string): number | undefined {
    return this.caches.get(namespace)?.ids.length;
  }

  /** Forgets `namespace` and its task index (e.g. when it outgrew what this process may hold). */
  drop(namespace: string): void {
    this.caches.delete(namespace);
    this.indexes.drop(namespace);
  }

  /** Whether the namespace's in-process task index serves its searches (built and complete). */
  indexServes(namespace: string): boolean {
    return this.indexes.has(namespace);
  }

  /** Stops every index build and frees every index and cache. */
  close(): void {
    this.caches.clear();
    this.indexes.close();
  }

  /**
   * The task search of `q` over the namespace's current task vectors (see the class comment): exact, or through
   * the namespace's in-process index once it is large enough and its index is built.
   */
  async search(query: CacheQuery, q: CheckedSearch): Promise<CachedSearchResult> {
    const { namespace } = q;
    let cache = this.caches.get(namespace);
    if (cache !== undefined) {
      const from = cache.generation;
      const limit = Math.max(1000, cache.ids.length >> 2);
      const rows = (await query(SYNC_STATEMENT, [namespace, from, limit + 1])).rows as CacheRow[];
      if (rows.length === 0) {
        this.drop(namespace);
        return { space: undefined, hits: [], rows: 0, indexed: false };
      }
      // Another search may have replaced or reloaded the cache meanwhile: apply to the one held now.
      const current = this.caches.get(namespace) ?? cache;
      const delta = applyChanges(current, rows, from, limit);
      if (delta === undefined) cache = await this.load(query, namespace);
      else {
        cache = current;
        this.indexes.afterChange(namespace, current, delta);
      }
    } else {
      cache = await this.load(query, namespace);
    }
    if (cache === undefined) return { space: undefined, hits: [], rows: 0, indexed: false };
    this.touch(namespace, cache);
    const space = cache.space;
    const rows = cache.ids.length;
    if (space === undefined || q.queries[0]?.length !== space.dimension) {
      return { space, hits: [], rows, indexed: false };
    }
    const indexed = this.indexes.search(namespace, cache, q);
    return indexed === undefined
      ? { space, hits: cache.search(q), rows, indexed: false }
      : { space, hits: indexed, rows, indexed: true };
  }

  /** Loads the namespace afresh (one load shared by every search that asks meanwhile). */
  private load(query: CacheQuery, namespace: string): Promise<NamespaceVectorCache | undefined> {
    const pending = this.loading.get(namespace);
    if (pending !== undefined) return pending;
    const started = (async () => {
      try {
        const rows = (await query(LOAD, [namespace])).rows as CacheRow[];
        if (rows.length === 0) {
          this.drop(namespace);
          return undefined;
        }
        const cache = buildCache(rows);
        this.caches.set(namespace, cache);
        return cache;
      } finally {
        this.loading.delete(namespace);
      }
    })();
    this.loading.set(namespace, started);
    return started;
  }

  /** Marks `namespace` most recently used and evicts the least recently used others beyond `maxRows`. */
  private touch(namespace: string, cache: NamespaceVectorCache): void {
    this.caches.delete(namespace);
    this.caches.set(namespace, cache);
    let total = 0;
    for (const c of this.caches.values()) total += c.ids.length;
    for (const [name, c] of this.caches) {
      if (total <= this.maxRows || name === namespace) break;
      this.drop(name);
      total -= c.ids.length;
    }
  }
}
