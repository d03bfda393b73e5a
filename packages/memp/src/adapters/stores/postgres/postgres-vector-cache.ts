import { MempError } from '../../../core/errors.js';
import { type MemoryKind, MemoryKindSchema, type MemoryStatus } from '../../../core/memory.js';
import type { EmbeddingSpace, MemoryKindAndStatus, VectorHit } from '../../../ports/memory-store.js';
import type { CheckedSearch } from '../shared/store-validation.js';
import { FieldMatrix } from '../sqlite/field-matrix.js';
import { NamespaceVectorCache } from '../sqlite/vector-matrix-cache.js';
import { CacheTaskIndexes, type CachedVectorDelta } from './postgres-cache-task-indexes.js';
import { vectorFromPg } from './postgres-vector-text.js';
import { FIELD_TASK } from './postgres-writes.js';

/**
 * Runs one statement on any pooled connection (one snapshot per statement); `name`: as a named prepared statement
 * (parsed and planned once per connection).
 */
export type CacheQuery = (text: string, values: unknown[], name?: string) => Promise<{ rows: unknown[] }>;

/** One row of {@link SYNC_STATEMENT} or {@link LOAD}: the namespace's space and generation, then one changed or loaded memory. */
interface CacheRow {
  embedder: string;
  dimension: number;
  generation: string | null;
  oldest?: string | null;
  memory_id: string | null;
  status: string | null;
  /** The memory's kind (null: no memory row, as for a deleted one). */
  kind: string | null;
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
    c.memory_id, v.status, m.kind, v.embedding::text AS embedding
  FROM namespace_spaces AS s
  LEFT JOIN search_generations AS g ON g.namespace = s.namespace
  LEFT JOIN LATERAL (
    SELECT DISTINCT memory_id FROM search_changes WHERE namespace = $1 AND generation > $2 LIMIT $3
  ) AS c ON true
  LEFT JOIN memory_vectors AS v
    ON v.namespace = $1 AND v.memory_id = c.memory_id AND v.field = ${FIELD_TASK} AND v.dimension = s.dimension
  LEFT JOIN memories AS m ON m.namespace = $1 AND m.id = v.memory_id
  WHERE s.namespace = $1`;

/**
 * The namespace's space and search generation alone: two primary-key look-ups, run as a named prepared statement
 * (its generic plan is as good as any), so a cache that is current costs no planning. Only when it reports a move
 * does the cache run {@link SYNC_STATEMENT}, whose plan must see the parameters (see there).
 */
export const GENERATION_STATEMENT = `SELECT s.embedder, s.dimension, g.generation
  FROM namespace_spaces AS s LEFT JOIN search_generations AS g ON g.namespace = s.namespace
  WHERE s.namespace = $1`;

/** The prepared statement name of {@link GENERATION_STATEMENT}. */
const GENERATION_STATEMENT_NAME = 'memp_cache_generation_v1';

/** The namespace's space and generation with every task vector of the space's dimension, in one snapshot. */
const LOAD = `SELECT s.embedder, s.dimension, g.generation, v.memory_id, v.status, m.kind, v.embedding::text AS embedding
  FROM namespace_spaces AS s
  LEFT JOIN search_generations AS g ON g.namespace = s.namespace
  LEFT JOIN memory_vectors AS v ON v.namespace = s.namespace AND v.field = ${FIELD_TASK} AND v.dimension = s.dimension
  LEFT JOIN memories AS m ON m.namespace = v.namespace AND m.id = v.memory_id
  WHERE s.namespace = $1`;

function statusOf(value: string): MemoryStatus {
  if (value !== 'active' && value !== 'deprecated') {
    throw new MempError('STORAGE_FAILED', `stored memory status "${value}" is not active or deprecated`);
  }
  return value;
}

/** A stored kind, or undefined for none (the cache then leaves the slot's kind unknown); malformed: `STORAGE_FAILED`. */
function kindOf(value: string | null): MemoryKind | undefined {
  if (value === null) return undefined;
  const kind = MemoryKindSchema.safeParse(value);
  if (!kind.success) throw new MempError('STORAGE_FAILED', `stored memory kind "${value}" is not a memory kind`);
  return kind.data;
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
    const slot = cache.upsert(row.memory_id, statusOf(row.status), kindOf(row.kind));
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
    const slot = cache.upsert(id, statusOf(row.status), kindOf(row.kind));
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

/** A namespace's sync in progress, and the one queued behind it for the callers that arrived meanwhile. */
interface SyncFlight {
  running?: Promise<NamespaceVectorCache | undefined>;
  queued?: Promise<NamespaceVectorCache | undefined>;
}

/**
 * Task vectors of PostgreSQL namespaces held in this process, so that a task search costs one short statement
 * instead of a scan (or an HNSW search) of the namespace in SQL. Namespaces of more than `indexAbove` active
 * memories are searched through an in-process HNSW index over the cached vectors ({@link CacheTaskIndexes}),
 * which takes in every change a sync brings. Before each search a prepared statement (`GENERATION_STATEMENT`) reads
 * the namespace's search generation, bumped by every write that changes task vectors, statuses, kinds or memories
 * (under the namespace lock, see `addSearchChanges`); only when it moved does one more (`SYNC_STATEMENT`) read the
 * memories changed since the cache's generation, the cache applies them, and the search runs in JavaScript over
 * the cached matrix (the SQLite store's {@link NamespaceVectorCache}), so results are exactly as fresh as a search in
 * SQL: a write committed by any process before the search started is seen. A cache too far behind (more changes
 * than a quarter of it, or older than the kept change list), a re-embedding or a new space reloads the namespace in
 * one statement. Syncs are shared by concurrent searches (see `current`). At most `maxRows` memories are held over
 * all namespaces; the least recently searched go first.
 */
export class PostgresVectorCaches {
  private readonly caches = new Map<string, NamespaceVectorCache>();
  private readonly loading = new Map<string, Promise<NamespaceVectorCache | undefined>>();
  private readonly syncs = new Map<string, SyncFlight>();
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
    const cache = await this.current(query, namespace);
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

  /**
   * The kind and status of each of `ids` the namespace's cache holds, after bringing it up to date as a search does
   * (so as fresh as a read of the table): memories without a task vector of the space, and deleted ones, are left
   * out. Undefined when the namespace is not cached or a held memory's kind is unknown: the caller reads the table.
   */
  async kinds(
    query: CacheQuery,
    namespace: string,
    ids: readonly string[],
  ): Promise<Map<string, MemoryKindAndStatus> | undefined> {
    if (!this.caches.has(namespace)) return undefined;
    const cache = await this.current(query, namespace);
    return cache?.kindsOf(ids);
  }

  /**
   * The namespace's cache brought up to a snapshot taken after this call (undefined: the namespace has no space).
   * Syncs of a namespace run one at a time: a caller arriving while one runs waits for the next, which starts after
   * it arrived and is shared by every caller arriving meanwhile. So a write committed by any process before the call
   * is seen, and concurrent searches of a namespace cost one sync between them instead of one each.
   */
  current(query: CacheQuery, namespace: string): Promise<NamespaceVectorCache | undefined> {
    let flight = this.syncs.get(namespace);
    if (flight === undefined) {
      flight = {};
      this.syncs.set(namespace, flight);
    }
    if (flight.queued !== undefined) return flight.queued;
    const running = flight.running;
    if (running === undefined) return this.startSync(flight, query, namespace);
    const state = flight;
    const settled = running.then(
      () => undefined,
      () => undefined,
    );
    state.queued = settled.then(() => {
      state.queued = undefined;
      return this.startSync(state, query, namespace);
    });
    return state.queued;
  }

  /** Starts one sync of `namespace` as the flight's running one. */
  private startSync(
    flight: SyncFlight,
    query: CacheQuery,
    namespace: string,
  ): Promise<NamespaceVectorCache | undefined> {
    const started = this.syncOnce(query, namespace).finally(() => {
      if (flight.running === started) flight.running = undefined;
      if (flight.running === undefined && flight.queued === undefined && this.syncs.get(namespace) === flight) {
        this.syncs.delete(namespace);
      }
    });
    flight.running = started;
    return started;
  }

  /**
   * One sync: a cached namespace first reads its generation alone ({@link GENERATION_STATEMENT}); when that moved
   * (or the space changed) the changes since the cache's generation ({@link SYNC_STATEMENT}) are applied, or the
   * namespace is loaded afresh when they cannot be.
   */
  private async syncOnce(query: CacheQuery, namespace: string): Promise<NamespaceVectorCache | undefined> {
    const cache = this.caches.get(namespace);
    if (cache === undefined) return this.load(query, namespace);
    const head = (await query(GENERATION_STATEMENT, [namespace], GENERATION_STATEMENT_NAME)).rows as CacheRow[];
    const first = head[0];
    if (first === undefined) {
      this.drop(namespace);
      return undefined;
    }
    const unmoved =
      Number(first.generation ?? 0) <= cache.generation &&
      first.embedder === cache.space?.embedder &&
      first.dimension === cache.space?.dimension;
    // Another search may have reloaded the cache meanwhile: the one held now is the one to bring up.
    const held = this.caches.get(namespace) ?? cache;
    if (unmoved && held === cache) return cache;
    const from = held.generation;
    const limit = Math.max(1000, held.ids.length >> 2);
    const rows = (await query(SYNC_STATEMENT, [namespace, from, limit + 1])).rows as CacheRow[];
    if (rows.length === 0) {
      this.drop(namespace);
      return undefined;
    }
    const now = this.caches.get(namespace) ?? held;
    const delta = applyChanges(now, rows, from, limit);
    if (delta === undefined) return this.load(query, namespace);
    this.indexes.afterChange(namespace, now, delta);
    return now;
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
