import type { EvidenceRecord } from '../../../core/evidence.js';
import { type Memory, MemoryKindSchema, type MemoryStatus, MemoryStatusSchema } from '../../../core/memory.js';
import type { Revision } from '../../../core/revision.js';
import type { Trajectory } from '../../../core/trajectory.js';
import type {
  ChangeResult,
  ChangeSet,
  EmbeddingSpace,
  LearnRecord,
  EvidenceQuery,
  LexicalHit,
  LexicalSearch,
  LexicalSearchable,
  MemoryKindAndStatus,
  MemoryListQuery,
  MemoryStore,
  MemoryVectors,
  NamespaceStats,
  Reembedding,
  StoreCapabilities,
  VectorHit,
  VectorSearch,
} from '../../../ports/memory-store.js';
import { MempError } from '../../../core/errors.js';
import { checkLexicalSearch } from '../shared/lexical-search-check.js';
import { checkIds, checkListQuery, checkNamespace, checkSearch, checkStatus } from '../shared/store-validation.js';
import type { CheckedSearch } from '../shared/store-validation.js';
import { revisionFromRow, trajectoryFromRow } from '../shared/stored-json.js';
import { checkEvidenceQuery } from '../shared/evidence-query.js';
import { evidenceFromRow } from '../shared/stored-evidence.js';
import { type PostgresConnectionOptions, connectPostgres } from './postgres-connect.js';
import { indexPendingMemories, searchLexicon } from './postgres-lexicon.js';
import { listMemories, readMemories, readStats, readVectors } from './postgres-reads.js';
import { searchPostgres } from './postgres-search.js';
import type { PostgresSearchInfo } from './postgres-search.js';
import type { PostgresSession } from './postgres-session.js';
import { readLearnRecords } from './postgres-learn-records.js';
import { PostgresVectorCaches } from './postgres-vector-cache.js';
import { NamespaceBatches } from './namespace-batches.js';
import { BulkWriteAnalyzer } from './postgres-bulk-analyze.js';
import type { ChangePlan } from '../shared/plan-change.js';
import { vectorIndexKind } from './postgres-vector-index.js';
import { TaskIndexFiller } from './postgres-task-index.js';
import {
  type BatchedChange,
  FIELD_TASK,
  readSpace,
  type WriteOptions,
  changeStateRead,
  writeChange,
  writeChanges,
  writeReembed,
} from './postgres-writes.js';

/** Options for {@link createPostgresMemoryStore}: give `connectionString` or `pool`. */
export interface PostgresMemoryStoreOptions extends PostgresConnectionOptions {
  /**
   * Namespaces whose searched rows (vectors of the field with a searched status) number at most this are
   * searched exactly; larger ones through an HNSW index: the in-process one over the vector cache while the
   * namespace fits in it (`vectorCacheMaxRows`), else pgvector's. Default 20 000. `Infinity`: always exact (and
   * `capabilities.vectorSearch` is then `'exact'`).
   */
  exactSearchMaxRows?: number;
  /** Called after every search with how it was served (metrics). */
  onSearch?: (info: PostgresSearchInfo) => void;
  /**
   * How long `space()` may answer from this store's cache, in ms (default 5 000; 0: never cached). Searches never
   * use a stale space: each reads the namespace's space in its own statement, refreshes the cache and fails with
   * `EMBEDDER_MISMATCH` when it changed since the cache was filled (a `memp reembed` in another process).
   */
  spaceCacheMs?: number;
  /**
   * How long a namespace's count of searched rows (which picks exact or HNSW search against `exactSearchMaxRows`)
   * is reused, in ms (default 10 000). Only the choice of path waits for it; results never do.
   */
  rowCountCacheMs?: number;
  /**
   * Task vectors this store may hold in memory, over all namespaces (default 150 000; 0: none). A task search of
   * a namespace of at most this many searched rows runs in this process over its cached vectors, after one
   * statement that brings them up to the namespace's latest commit (see `PostgresVectorCaches`): as fresh as a
   * search in SQL; exact up to `exactSearchMaxRows` active memories, above it through an in-process HNSW index
   * built from the cache in the background (exact meanwhile; candidates re-scored exactly, see `CacheTaskIndexes`).
   * Memory, measured at 512 dimensions (the offline embedder): about 3.8 KB resident per memory for the cache
   * (380 MB for 100 000) and 0.5 KB for the index. The least recently searched namespaces are evicted beyond it;
   * a namespace larger than this is searched in SQL (pgvector's HNSW index above `exactSearchMaxRows`).
   */
  vectorCacheMaxRows?: number;
  /**
   * Most changes of one namespace applied in one transaction (default 32; 1: one transaction per change). Changes
   * queued in this process behind a running write of their namespace go together in the next transaction, under
   * one namespace lock, each planned as if the ones before it had committed (see `writeChanges`).
   */
  writeBatchMax?: number;
  /**
   * Vectors a namespace's writes in this process add before the store refreshes the planner's statistics with
   * `ANALYZE` in the background, then again each time they double (default 2 000; 0: never, leave it to
   * autovacuum). See `BulkWriteAnalyzer`.
   */
  analyzeAfterRows?: number;
  /**
   * Task vectors above which a namespace's task vectors go into pgvector's HNSW index. Default
   * {@link defaultTaskIndexFillRows}: 0.8 × `vectorCacheMaxRows` while the vector cache is on (a namespace the cache
   * holds is searched in the process, so only one nearing the cache's size needs pgvector's index), 0 without it
   * (every namespace indexed from its first write). Above 0, a namespace's learns add
   * nothing to the index until the first search that counts more, or the write by which this process alone has
   * written more new task vectors to the namespace, starts flagging its existing vectors in the background (see
   * `postgres-task-index.ts`); its searches use the index once every vector is in (until then they stay exact, in
   * SQL above `exactSearchMaxRows`). `Infinity`: never indexed.
   */
  taskIndexFillRows?: number;
}

/** The defaults of {@link PostgresMemoryStoreOptions}. */
export const POSTGRES_STORE_DEFAULTS = {
  exactSearchMaxRows: 20_000,
  spaceCacheMs: 5_000,
  rowCountCacheMs: 10_000,
  /** Covers a namespace of 100 000 memories with half as many again to grow into; about 600 MB at 512 dimensions. */
  vectorCacheMaxRows: 150_000,
  writeBatchMax: 32,
  analyzeAfterRows: 2_000,
} as const;

const CONTEXT = 'PostgreSQL memory store';

/**
 * A {@link MemoryStore} on PostgreSQL with pgvector (>= 0.8), for several memp processes sharing one database.
 *
 * Opening connects, makes sure pgvector is there (`STORAGE_FAILED` saying how to install it otherwise: there is
 * no fallback) and applies pending migrations once across processes. Every change runs in one transaction that
 * first takes a transaction-level advisory lock on its namespace, so writers of a namespace serialize (as with
 * SQLite's write lock, but per namespace) and version checks and usage counts are exact across processes;
 * readers never wait. Vectors are pgvector values in one table, indexed with a partial HNSW index per
 * dimension that holds the task vectors of every namespace, or with `taskIndexFillRows` only of namespaces past it
 * (filled in the background, see `postgres-task-index.ts`); search is exact for namespaces up to
 * `exactSearchMaxRows` and approximate (HNSW) above, except keyword searches, which are always exact; scores are
 * always computed exactly in JavaScript, so they equal the reference store's. A task search runs in this process
 * over the namespace's task vectors held in memory (`vectorCacheMaxRows`), brought up to the latest commit by one
 * statement before each search (see `PostgresVectorCaches`), above `exactSearchMaxRows` through an in-process HNSW
 * index over them; a
 * namespace too large for the cache is searched in SQL (pgvector's HNSW index with `hnsw.iterative_scan` above
 * `exactSearchMaxRows`). Round trips: a cached search is one statement, an exact search in SQL one (two
 * on a tie at the k-th score), an HNSW search one short read-only transaction; a change is BEGIN with the namespace
 * lock, one read, one write (more only to replace vectors or delete memories) and COMMIT, queued in this process
 * behind earlier writes of its namespace; the changes that queued while a write ran go together in the next
 * transaction (group commit, `writeBatchMax`): one read for all, then one write each. `space()` answers from a cache of
 * `spaceCacheMs`; searches check the space in their own statement. Quirks: the first vectors of a new dimension
 * create its index inside that write's transaction (a short SHARE lock on `memory_vectors`); dimensions above
 * 4 000 have no index and are always searched exactly; a namespace above `exactSearchMaxRows` whose fill has not
 * completed is searched exactly too.
 */
export class PostgresMemoryStore implements MemoryStore, LexicalSearchable {
  /** The port specification this adapter follows. */
  readonly specificationVersion = 'v1' as const;
  readonly capabilities: StoreCapabilities;
  private readonly exactSearchMaxRows: number;
  private readonly spaces = new Map<string, { space: EmbeddingSpace; at: number }>();
  private readonly rowCounts = new Map<string, { rows: number; at: number }>();
  private readonly vectorCaches: PostgresVectorCaches | undefined;
  private readonly writers: NamespaceBatches<ChangeSet, ChangePlan>;
  private readonly analyzer: BulkWriteAnalyzer;
  private readonly cacheMaxRows: number;
  private readonly filler: TaskIndexFiller;
  /** Task vectors of new memories this process wrote, per namespace (a lower bound of its size, for the filler). */
  private readonly taskVectorsWritten = new Map<string, number>();
  private readonly fillRows: number;
  private readonly writeOptions: WriteOptions;

  /** `session`: connected and migrated (see {@link createPostgresMemoryStore}). */
  constructor(
    private readonly session: PostgresSession,
    private readonly options: Pick<
      PostgresMemoryStoreOptions,
      | 'exactSearchMaxRows'
      | 'onSearch'
      | 'spaceCacheMs'
      | 'rowCountCacheMs'
      | 'vectorCacheMaxRows'
      | 'writeBatchMax'
      | 'analyzeAfterRows'
      | 'taskIndexFillRows'
    >,
  ) {
    this.exactSearchMaxRows = options.exactSearchMaxRows ?? POSTGRES_STORE_DEFAULTS.exactSearchMaxRows;
    this.cacheMaxRows = options.vectorCacheMaxRows ?? POSTGRES_STORE_DEFAULTS.vectorCacheMaxRows;
    this.vectorCaches =
      this.cacheMaxRows > 0
        ? new PostgresVectorCaches(this.cacheMaxRows, { indexAbove: this.exactSearchMaxRows })
        : undefined;
    this.capabilities = {
      persistent: true,
      multiProcess: true,
      vectorSearch: this.exactSearchMaxRows === Number.POSITIVE_INFINITY ? 'exact' : 'ann',
    };
    this.writers = new NamespaceBatches(
      (namespace, changes) => this.writeBatch(namespace, changes),
      options.writeBatchMax ?? POSTGRES_STORE_DEFAULTS.writeBatchMax,
    );
    this.fillRows = options.taskIndexFillRows ?? defaultTaskIndexFillRows(this.cacheMaxRows);
    this.filler = new TaskIndexFiller(session, this.fillRows);
    this.writeOptions = { indexNewNamespaces: this.fillRows === 0 };
    this.analyzer = new BulkWriteAnalyzer(
      (text) => this.session.query(text),
      options.analyzeAfterRows ?? POSTGRES_STORE_DEFAULTS.analyzeAfterRows,
    );
  }

  async apply(change: ChangeSet): Promise<ChangeResult> {
    const namespace = checkNamespace(change?.namespace);
    // Writers of one namespace in this process wait here, not on the advisory lock with a pooled connection each
    // (which left searches waiting for a connection behind queued learns), and those that waited go together.
    const plan = await this.writers.submit(namespace, change);
    if (plan.newSpace !== undefined) this.spaces.set(namespace, { space: plan.newSpace, at: Date.now() });
    let vectors = 0;
    let newTasks = 0;
    let withVectors = 0;
    for (const p of plan.memories.values()) {
      if (p.vectors === undefined) continue;
      vectors += 1 + p.vectors.keywords.length;
      withVectors += 1;
      if (p.isNew) newTasks += 1;
    }
    // The namespace's vectors before this write, when its memories are cached: about as many per memory as here.
    const held = this.vectorCaches?.rowsOf(namespace);
    const heldVectors = held === undefined || withVectors === 0 ? 0 : Math.round((held * vectors) / withVectors);
    this.analyzer.wrote(namespace, vectors, heldVectors);
    if (newTasks > 0 && this.fillRows > 0) {
      // A namespace this process alone grew past the fill threshold starts its fill now, not at its first search
      // past it: a bulk import then searches through the index once it is done instead of exactly in SQL meanwhile.
      const written = (this.taskVectorsWritten.get(namespace) ?? 0) + newTasks;
      this.taskVectorsWritten.set(namespace, written);
      this.filler.consider(namespace, written);
    }
    return plan.result;
  }

  /**
   * Applies a batch of one namespace's changes (see `NamespaceBatches`): one alone in its own transaction; several in
   * one transaction under one namespace lock (`writeChanges`: a change whose planning fails is refused alone). When
   * a write of the batch fails before COMMIT, the batch is rolled back and each change applied in its own
   * transaction, so each gets its own result or error and none is lost.
   */
  private async writeBatch(namespace: string, changes: readonly ChangeSet[]): Promise<BatchedChange[]> {
    const single = (change: ChangeSet) =>
      this.session.transaction((client, state) => writeChange(client, change, state, this.writeOptions), {
        lockNamespace: namespace,
        firstRead: changeStateRead(namespace, [change]),
      });
    if (changes.length === 1) return [{ ok: true, value: await single(changes[0] as ChangeSet) }];
    let failedInside = false;
    try {
      return await this.session.transaction(
        (client, state) => {
          // Per attempt (the session reruns a serialization failure): only the last attempt's failure counts.
          failedInside = false;
          return writeChanges(client, namespace, changes, state, this.writeOptions).catch((error: unknown) => {
            failedInside = true;
            throw error;
          });
        },
        { lockNamespace: namespace, firstRead: changeStateRead(namespace, changes) },
      );
    } catch (error) {
      // A failure outside the writes (connecting, BEGIN, COMMIT) may have committed or be the database's: not retried.
      if (!failedInside) throw error;
    }
    const outcomes: BatchedChange[] = [];
    for (const change of changes) {
      try {
        outcomes.push({ ok: true, value: await single(change) });
      } catch (error) {
        outcomes.push({ ok: false, error });
      }
    }
    return outcomes;
  }

  async learnRecords(query: {
    namespace: string;
    digests?: readonly string[];
    idempotencyKey?: string;
  }): Promise<LearnRecord[]> {
    this.session.assertOpen();
    return readLearnRecords(this.session, { ...query, namespace: checkNamespace(query.namespace) });
  }

  async get({ namespace, ids }: { namespace: string; ids: readonly string[] }): Promise<Memory[]> {
    this.session.assertOpen();
    return readMemories(this.session, { namespace: checkNamespace(namespace), ids: checkIds(ids) });
  }

  /**
   * Kinds and statuses from the namespace's vector cache when it is held (brought up to date first, as a search
   * does: one prepared statement when nothing moved, shared with concurrent searches), the rest from the table.
   */
  async kinds({
    namespace,
    ids,
  }: {
    namespace: string;
    ids: readonly string[];
  }): Promise<Map<string, MemoryKindAndStatus>> {
    this.session.assertOpen();
    const ns = checkNamespace(namespace);
    const checked = checkIds(ids);
    const cached = await this.vectorCaches?.kinds(
      (text, values, name) => this.session.query(text, values, name),
      ns,
      checked,
    );
    const out = cached ?? new Map<string, MemoryKindAndStatus>();
    const missing = checked.filter((id) => !out.has(id));
    if (missing.length === 0) return out;
    const r = await this.session.query<{ id: string; kind: string; status: string }>(
      'SELECT id, kind, status FROM memories WHERE namespace = $1 AND id = ANY($2::text[])',
      [ns, missing],
    );
    for (const row of r.rows) out.set(row.id, kindAndStatusOf(row));
    return out;
  }

  async list(query: MemoryListQuery): Promise<Memory[]> {
    this.session.assertOpen();
    return listMemories(this.session, checkListQuery(query));
  }

  async ids({ namespace, status }: { namespace: string; status?: MemoryStatus }): Promise<string[]> {
    this.session.assertOpen();
    const r = await this.session.query<{ id: string }>(
      'SELECT id FROM memories WHERE namespace = $1 AND status = $2 ORDER BY created_at, id',
      [checkNamespace(namespace), checkStatus(status ?? 'active')],
    );
    return r.rows.map((row) => row.id);
  }

  async revisions({ namespace, memoryId }: { namespace: string; memoryId: string }): Promise<Revision[]> {
    this.session.assertOpen();
    const r = await this.session.query<{ body: string }>(
      'SELECT body FROM revisions WHERE namespace = $1 AND memory_id = $2 ORDER BY version, seq',
      [checkNamespace(namespace), memoryId],
    );
    return r.rows.map((row) => revisionFromRow(row.body));
  }

  async trajectory({ namespace, id }: { namespace: string; id: string }): Promise<Trajectory | undefined> {
    this.session.assertOpen();
    const r = await this.session.query<{ body: string }>(
      'SELECT body FROM trajectories WHERE namespace = $1 AND id = $2',
      [checkNamespace(namespace), id],
    );
    const body = r.rows[0]?.body;
    return body === undefined ? undefined : trajectoryFromRow(body);
  }

  async vectors({
    namespace,
    ids,
  }: {
    namespace: string;
    ids: readonly string[];
  }): Promise<Map<string, MemoryVectors>> {
    this.session.assertOpen();
    return readVectors(this.session, { namespace: checkNamespace(namespace), ids: checkIds(ids) });
  }

  async search(query: VectorSearch): Promise<VectorHit[]> {
    this.session.assertOpen();
    const namespace = checkNamespace(query?.namespace);
    // Validated without a space: the statement reads the namespace's current space and is checked against it.
    const q = checkSearch(query, undefined);
    const dimension = q.queries[0]?.length ?? 0;
    const cached = this.spaces.get(namespace)?.space;
    const { session } = this;
    const inMemory = q.field === 'task' ? this.vectorCaches : undefined;
    const held = inMemory?.rowsOf(namespace);
    const rows = held ?? (await this.searchedRows(q, dimension));
    if (q.field === 'task') this.filler.consider(namespace, rows);
    // Held in memory up to `vectorCacheMaxRows` (exactly, or above `exactSearchMaxRows` through an in-process index);
    // a namespace that outgrew it is searched in SQL from now on.
    const useCache = inMemory !== undefined && rows <= this.cacheMaxRows;
    if (inMemory !== undefined && held !== undefined && !useCache) {
      inMemory.drop(namespace);
      this.rowCounts.set(rowCountKey(q), { rows: held, at: Date.now() });
    }
    const { space, hits } =
      useCache && inMemory !== undefined
        ? await this.searchCached(inMemory, q)
        : await searchPostgres({
            session: {
              run: (text, values) => session.query(text, values),
              readOnly: (fn) => session.transaction(fn, { readOnly: true }),
            },
            query: q,
            dimension,
            rows,
            exactSearchMaxRows: this.exactSearchMaxRows,
            ...(this.options.onSearch ? { onSearch: this.options.onSearch } : {}),
          });
    if (space === undefined) {
      this.spaces.delete(namespace);
      return [];
    }
    this.spaces.set(namespace, { space, at: Date.now() });
    checkSearch(query, space);
    if (cached !== undefined && (cached.embedder !== space.embedder || cached.dimension !== space.dimension)) {
      // A reembed in another process since this store last read the space: whoever checked the space against
      // the cached one must check it again (the cache now holds the new space).
      throw new MempError(
        'EMBEDDER_MISMATCH',
        `namespace "${namespace}" now holds vectors of embedder ${space.embedder} (${space.dimension}d), not ${cached.embedder} (${cached.dimension}d): it was re-embedded meanwhile`,
        { details: { namespace, stored: space.embedder, previous: cached.embedder } },
      );
    }
    return hits;
  }

  /** A task search over the namespace's vectors held in this process (see `PostgresVectorCaches`). */
  private async searchCached(caches: PostgresVectorCaches, q: CheckedSearch) {
    const found = await caches.search((text, values, name) => this.session.query(text, values, name), q);
    this.options.onSearch?.({
      path: found.indexed ? 'cache-ann' : 'cache',
      rows: found.rows,
      candidates: found.indexed ? found.hits.length : found.rows,
    });
    return found;
  }

  /**
   * The namespace's count of searched task rows, up to `max(exactSearchMaxRows, vectorCacheMaxRows, 10 000) + 1`
   * (only when it decides between exact and HNSW search, or between the vector cache and SQL), reused for
   * `rowCountCacheMs`.
   */
  private async searchedRows(q: CheckedSearch, dimension: number): Promise<number> {
    const decidesPath = Number.isFinite(this.exactSearchMaxRows) && vectorIndexKind(dimension) !== undefined;
    if (q.field !== 'task' || (!decidesPath && this.vectorCaches === undefined)) return 0;
    const statuses = [...q.statuses].sort();
    const key = rowCountKey(q);
    const now = Date.now();
    const known = this.rowCounts.get(key);
    if (
      known !== undefined &&
      now - known.at < (this.options.rowCountCacheMs ?? POSTGRES_STORE_DEFAULTS.rowCountCacheMs)
    ) {
      return known.rows;
    }
    const counted = await this.session.query<{ n: string }>(
      'SELECT count(*) AS n FROM (SELECT 1 FROM memory_vectors WHERE namespace = $1 AND field = $2 AND status = ANY($3::text[]) LIMIT $4) AS c',
      // Counted past the threshold and past any realistic candidate budget (the search is exact up to either).
      [
        q.namespace,
        FIELD_TASK,
        statuses,
        Math.max(
          decidesPath ? this.exactSearchMaxRows : 0,
          decidesPath && Number.isFinite(this.fillRows) ? this.fillRows : 0,
          this.cacheMaxRows,
          10_000,
        ) + 1,
      ],
    );
    const rows = Number(counted.rows[0]?.n ?? 0);
    this.rowCounts.set(key, { rows, at: now });
    return rows;
  }

  /** Lexical search over the `tsvector` index (see `searchLexicon`). */
  async lexicalSearch(query: LexicalSearch): Promise<LexicalHit[]> {
    this.session.assertOpen();
    const q = checkLexicalSearch(query);
    return this.session.transaction((client) => searchLexicon(client, q), { readOnly: true });
  }

  async space({ namespace }: { namespace: string }): Promise<EmbeddingSpace | undefined> {
    this.session.assertOpen();
    const ns = checkNamespace(namespace);
    const known = this.spaces.get(ns);
    if (
      known !== undefined &&
      Date.now() - known.at < (this.options.spaceCacheMs ?? POSTGRES_STORE_DEFAULTS.spaceCacheMs)
    ) {
      return known.space;
    }
    const space = await readSpace(this.session, ns);
    if (space === undefined) this.spaces.delete(ns);
    else this.spaces.set(ns, { space, at: Date.now() });
    return space;
  }

  async reembed(change: Reembedding): Promise<void> {
    const plan = await this.session.transaction((client) => writeReembed(client, change, this.writeOptions));
    this.spaces.set(change.namespace, { space: plan.space, at: Date.now() });
  }

  async stats({ namespace }: { namespace: string }): Promise<NamespaceStats> {
    this.session.assertOpen();
    return readStats(this.session, checkNamespace(namespace));
  }

  async evidence(query: EvidenceQuery): Promise<EvidenceRecord[]> {
    this.session.assertOpen();
    const q = checkEvidenceQuery(query);
    // The kinds are filtered in SQL too: a tie-break asks for the few success and failure records among many
    // others (one support record per learn), whose bodies would otherwise be sent and parsed for nothing.
    const where = ['namespace = $1'];
    const values: unknown[] = [q.namespace];
    if (q.memoryIds !== undefined) {
      values.push([...q.memoryIds]);
      where.push(`memory_id = ANY($${values.length}::text[])`);
    }
    if (q.kinds !== undefined) {
      values.push([...q.kinds]);
      where.push(`kind = ANY($${values.length}::text[])`);
    }
    const r = await this.session.query<{ body: string }>(
      `SELECT body FROM memory_evidence WHERE ${where.join(' AND ')} ORDER BY seq`,
      values,
    );
    return r.rows.map((row) => evidenceFromRow(row.body)).filter((e) => q.kinds === undefined || q.kinds.has(e.kind));
  }

  async namespaces(): Promise<string[]> {
    const r = await this.session.query<{ namespace: string }>(
      'SELECT namespace FROM memories UNION SELECT namespace FROM trajectories ORDER BY namespace',
    );
    return r.rows.map((row) => row.namespace);
  }

  /** Settles when no background fill of a namespace's task index runs (for tests and benchmarks). */
  async taskIndexIdle(): Promise<void> {
    await this.filler.idle();
  }

  async close(): Promise<void> {
    this.vectorCaches?.close();
    await this.filler.stop();
    await this.analyzer.idle();
    await this.session.close();
  }
}

/**
 * The default `taskIndexFillRows` for a store whose vector cache holds `vectorCacheMaxRows` memories.
 *
 * With the cache on, every namespace it can hold is searched in the server process (exactly, or through an
 * in-process index above `exactSearchMaxRows`), so pgvector's HNSW index serves only namespaces too large for the
 * cache. Its insertion is most of a learn's write (at 100 000 memories on 2 shared cores: 267 against 169
 * requests/s and learn p50 298 against 527 ms without it, load 2.8), so it is maintained only for namespaces past
 * 0.8 × `vectorCacheMaxRows`: their fill (about 7.8 ms of wall time per vector, in the background) runs while the
 * cache still serves their searches.
 *
 * Without the cache (0), 0: every namespace in the index from its first write, since a namespace past
 * `exactSearchMaxRows` is then searched in SQL, exactly until its fill completes (100 000 memories imported in
 * 139 s left a fill running and searches taking about 0.5 s).
 */
export function defaultTaskIndexFillRows(vectorCacheMaxRows: number): number {
  return vectorCacheMaxRows > 0 ? Math.floor(0.8 * vectorCacheMaxRows) : 0;
}

/** A stored kind and status; malformed: `STORAGE_FAILED`. */
function kindAndStatusOf(row: { kind: string; status: string }): MemoryKindAndStatus {
  const kind = MemoryKindSchema.safeParse(row.kind);
  const status = MemoryStatusSchema.safeParse(row.status);
  if (!kind.success || !status.success)
    throw new MempError('STORAGE_FAILED', 'stored memory kind or status is malformed');
  return { kind: kind.data, status: status.data };
}

/** The key of a namespace's cached row count: the namespace and the searched statuses. */
function rowCountKey(q: CheckedSearch): string {
  return `${q.namespace}\u0000${[...q.statuses].sort().join(',')}`;
}

/** A row-count option: undefined, a non-negative integer or Infinity; else `INVALID_ARGUMENT` naming `field`. */
function checkRowCountOption(value: number | undefined, field: string): void {
  if (value === undefined || value === Number.POSITIVE_INFINITY || (Number.isInteger(value) && value >= 0)) return;
  throw new MempError('INVALID_ARGUMENT', `${field} must be a non-negative integer or Infinity, not ${String(value)}`, {
    details: { field },
  });
}

/** Connects a {@link PostgresMemoryStore}: `INVALID_ARGUMENT` for bad options, `STORAGE_FAILED` when unreachable. */
export async function createPostgresMemoryStore(options: PostgresMemoryStoreOptions): Promise<MemoryStore> {
  const batchMax = options.writeBatchMax;
  if (batchMax !== undefined && !(Number.isInteger(batchMax) && batchMax >= 1)) {
    throw new MempError('INVALID_ARGUMENT', `writeBatchMax must be a positive integer, not ${String(batchMax)}`, {
      details: { field: 'writeBatchMax' },
    });
  }
  checkRowCountOption(options.taskIndexFillRows, 'taskIndexFillRows');
  checkRowCountOption(options.analyzeAfterRows, 'analyzeAfterRows');
  const session = await connectPostgres(options, CONTEXT);
  await session.transaction((client) => indexPendingMemories(client));
  const {
    exactSearchMaxRows,
    onSearch,
    spaceCacheMs,
    rowCountCacheMs,
    vectorCacheMaxRows,
    writeBatchMax,
    analyzeAfterRows,
    taskIndexFillRows,
  } = options;
  return new PostgresMemoryStore(session, {
    ...(exactSearchMaxRows === undefined ? {} : { exactSearchMaxRows }),
    ...(onSearch === undefined ? {} : { onSearch }),
    ...(spaceCacheMs === undefined ? {} : { spaceCacheMs }),
    ...(rowCountCacheMs === undefined ? {} : { rowCountCacheMs }),
    ...(vectorCacheMaxRows === undefined ? {} : { vectorCacheMaxRows }),
    ...(writeBatchMax === undefined ? {} : { writeBatchMax }),
    ...(analyzeAfterRows === undefined ? {} : { analyzeAfterRows }),
    ...(taskIndexFillRows === undefined ? {} : { taskIndexFillRows }),
  });
}
