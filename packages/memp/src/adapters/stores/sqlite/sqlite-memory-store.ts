import type Database from 'better-sqlite3';
import { MempError } from '../../../core/errors.js';
import type { EvidenceKind, EvidenceRecord } from '../../../core/evidence.js';
import type { Memory, MemoryStatus } from '../../../core/memory.js';
import type { Revision } from '../../../core/revision.js';
import type { Trajectory } from '../../../core/trajectory.js';
import type {
  ChangeResult,
  ChangeSet,
  EmbeddingSpace,
  EvidenceQuery,
  LearnRecord,
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
import { checkEvidenceQuery } from '../shared/evidence-query.js';
import { checkLexicalSearch } from '../shared/lexical-search-check.js';
import { checkIds, checkListQuery, checkNamespace, checkStatus } from '../shared/store-validation.js';
import { evidenceFromRow } from '../shared/stored-evidence.js';
import { resolveSqliteDatabase, type SqliteDatabase, type SqliteDatabaseSource } from './sqlite-database.js';
import { readEmbedding } from './sqlite-embeddings.js';
import { SqliteLearnRecords } from './sqlite-learn-records.js';
import { SqliteLexicalIndex } from './sqlite-lexical-index.js';
import { SqliteLexicon } from './sqlite-lexicon.js';
import {
  kindAndStatusFromRow,
  memoryFromRow,
  revisionFromRow,
  spaceFromRow,
  trajectoryFromRow,
} from './sqlite-rows.js';
import { SqliteSearchCaches } from './sqlite-search-caches.js';
import { prepareStatements, type SqliteStatements, TRACK_RECORD_EVIDENCE_KINDS } from './sqlite-statements.js';
import { writeChange, writeReembed } from './sqlite-writes.js';

/** True when every kind of `kinds` is a track-record kind (see `trackRecordOfMemories`). */
function isTrackRecord(kinds: ReadonlySet<EvidenceKind>): boolean {
  for (const kind of kinds) if (!TRACK_RECORD_EVIDENCE_KINDS.has(kind)) return false;
  return true;
}

/**
 * Options for {@link createSqliteMemoryStore}: a `path` to open (with `busyTimeoutMs` and `synchronous`), or an open
 * `database` shared with the SQLite API key store (`createSqliteApiKeyStore`).
 */
export interface SqliteMemoryStoreOptions extends SqliteDatabaseSource {
  /** The approximate index of large namespaces (see {@link SqliteApproximateIndexOptions}). */
  approximateIndex?: SqliteApproximateIndexOptions;
}

/**
 * When and where the SQLite store searches task vectors (Key=Query) through an HNSW index instead of an exact
 * scan. Hits are always re-scored exactly; only recall is approximate (measured by `npm run bench:core`).
 */
export interface SqliteApproximateIndexOptions {
  /**
   * Active memories a namespace needs before its task search goes through the index; below, the search is exact.
   * Default {@link DEFAULT_APPROXIMATE_INDEX_MIN_ACTIVE}. `Infinity` turns the index off (`vectorSearch: 'exact'`).
   */
  minActive?: number;
  /**
   * Directory for the index files, so that reopening a large store does not rebuild its index. Default: the
   * database path plus `.indexes`. A `:memory:` database keeps its indexes in memory only.
   */
  directory?: string;
  /**
   * Distinct task vectors from which a namespace without a usable index file gets its index built a slice at a time
   * between other work (searching exactly until it is complete) rather than within the search that needs it.
   * Default {@link DEFAULT_BACKGROUND_BUILD_FROM}; `Infinity` always builds at once.
   */
  backgroundBuildFrom?: number;
}

/** Default of {@link SqliteApproximateIndexOptions.backgroundBuildFrom}: about half a second of building at once. */
export const DEFAULT_BACKGROUND_BUILD_FROM = 4096;

/** Default of {@link SqliteApproximateIndexOptions.minActive}. */
export const DEFAULT_APPROXIMATE_INDEX_MIN_ACTIVE = 20_000;

function numberOf(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

/**
 * A {@link MemoryStore} in one SQLite file (or `:memory:`), safe for several processes: WAL, a busy timeout,
 * and every write in one `BEGIN IMMEDIATE` transaction ({@link SqliteDatabase}). Search is exact cosine over
 * per-namespace matrices cached in this process ({@link SqliteSearchCaches}); namespaces with many active
 * memories search their task vectors through an approximate index (see {@link SqliteApproximateIndexOptions}).
 */
export class SqliteMemoryStore implements MemoryStore, LexicalSearchable {
  /** The port specification this adapter follows. */
  readonly specificationVersion = 'v1' as const;
  readonly capabilities: StoreCapabilities;
  private readonly st: SqliteStatements;
  private readonly learns: SqliteLearnRecords;
  private readonly searchCaches: SqliteSearchCaches;
  private readonly lexicon: SqliteLexicon;
  private readonly lexicalIndex: SqliteLexicalIndex;
  private readonly listStatements = new Map<string, Database.Statement>();
  private readonly owned: boolean;
  private closed = false;

  /** `owned`: {@link close} closes the database too. `minActive`: checked by {@link createSqliteMemoryStore}. */
  constructor(
    private readonly database: SqliteDatabase,
    options: { owned: boolean; minActive: number; indexDirectory: string | undefined; backgroundBuildFrom?: number },
  ) {
    this.owned = options.owned;
    this.st = prepareStatements(database.connection);
    this.learns = new SqliteLearnRecords(database.connection);
    this.lexicon = new SqliteLexicon(database.connection);
    this.lexicalIndex = new SqliteLexicalIndex(database, this.lexicon);
    this.searchCaches = new SqliteSearchCaches(
      database,
      this.st,
      options.minActive,
      options.indexDirectory,
      options.backgroundBuildFrom ?? DEFAULT_BACKGROUND_BUILD_FROM,
    );
    this.capabilities = {
      persistent: database.path !== ':memory:',
      multiProcess: true,
      vectorSearch: options.minActive === Number.POSITIVE_INFINITY ? 'exact' : 'ann',
    };
  }

  async apply(change: ChangeSet): Promise<ChangeResult> {
    const { plan, generation } = await this.writeYielding(() => {
      const written = writeChange(this.st, change);
      this.learns.write(change, written.plan);
      this.lexicon.applyPlan(written.plan);
      return written;
    });
    this.searchCaches.afterChange(plan, generation);
    return plan.result;
  }

  async learnRecords(query: {
    namespace: string;
    digests?: readonly string[];
    idempotencyKey?: string;
  }): Promise<LearnRecord[]> {
    return this.read(() => this.learns.find(query));
  }

  // One statement reads one snapshot by itself: no explicit read transaction, whose BEGIN and COMMIT cost a
  // retrieve (which makes this read, `space` and `evidence`, each one statement) about 2% on a 100k namespace.
  async get({ namespace, ids }: { namespace: string; ids: readonly string[] }): Promise<Memory[]> {
    return this.guard(() => {
      const ns = checkNamespace(namespace);
      const checked = checkIds(ids);
      // One statement for all of them (a retrieve reads ten or so bodies): one call into SQLite, not one per id.
      const rows = this.st.memoryBodiesOf.all(ns, JSON.stringify(checked)) as { id: string; body: unknown }[];
      const bodyOf = new Map(rows.map((row) => [row.id, row.body]));
      const out: Memory[] = [];
      for (const id of checked) {
        const body = bodyOf.get(id);
        if (body !== undefined) out.push(memoryFromRow(body));
      }
      return out;
    });
  }

  async kinds({
    namespace,
    ids,
  }: {
    namespace: string;
    ids: readonly string[];
  }): Promise<Map<string, MemoryKindAndStatus>> {
    const ns = this.guard(() => checkNamespace(namespace));
    const checked = this.guard(() => checkIds(ids));
    // From the search cache when it is current (retrieval asks right after a search), else from the table.
    const cached = this.guard(() => this.searchCaches.kinds(ns, checked));
    if (cached !== undefined) return cached;
    return this.read(() => {
      const rows = this.st.memoryKinds.all(ns, JSON.stringify(checked)) as {
        id: unknown;
        kind: unknown;
        status: unknown;
      }[];
      const out = new Map<string, MemoryKindAndStatus>();
      for (const row of rows) out.set(String(row.id), kindAndStatusFromRow(row));
      return out;
    });
  }

  async list(query: MemoryListQuery): Promise<Memory[]> {
    return this.read(() => {
      const q = checkListQuery(query);
      const where = ['namespace = @namespace'];
      const params: Record<string, string | number> = { namespace: q.namespace, limit: q.limit };
      if (q.status !== undefined) {
        where.push('status = @status');
        params['status'] = q.status;
      }
      if (q.kind !== undefined) {
        where.push('kind = @kind');
        params['kind'] = q.kind;
      }
      if (q.after !== undefined) {
        const createdAt: unknown = this.st.memoryCreatedAt.pluck().get(q.namespace, q.after);
        if (typeof createdAt !== 'string') {
          throw new MempError('INVALID_ARGUMENT', `unknown cursor ${q.after}`, { details: { field: 'after' } });
        }
        where.push('(created_at > @createdAt OR (created_at = @createdAt AND id > @after))');
        params['createdAt'] = createdAt;
        params['after'] = q.after;
      }
      const sql = `SELECT body FROM memories WHERE ${where.join(' AND ')} ORDER BY created_at, id LIMIT @limit`;
      let statement = this.listStatements.get(sql);
      if (statement === undefined) {
        statement = this.database.connection.prepare(sql).pluck();
        this.listStatements.set(sql, statement);
      }
      return statement.all(params).map((body) => memoryFromRow(body));
    });
  }

  async ids({ namespace, status }: { namespace: string; status?: MemoryStatus }): Promise<string[]> {
    return this.read(() => {
      const rows = this.st.memoryIdsByStatus.pluck().all(checkNamespace(namespace), checkStatus(status ?? 'active'));
      return rows.filter((id): id is string => typeof id === 'string');
    });
  }

  async revisions({ namespace, memoryId }: { namespace: string; memoryId: string }): Promise<Revision[]> {
    return this.read(() =>
      this.st.revisionsOf
        .pluck()
        .all(checkNamespace(namespace), memoryId)
        .map((body) => revisionFromRow(body)),
    );
  }

  async trajectory({ namespace, id }: { namespace: string; id: string }): Promise<Trajectory | undefined> {
    return this.read(() => {
      const body: unknown = this.st.trajectoryBody.pluck().get(checkNamespace(namespace), id);
      return body === undefined ? undefined : trajectoryFromRow(body);
    });
  }

  async vectors({
    namespace,
    ids,
  }: {
    namespace: string;
    ids: readonly string[];
  }): Promise<Map<string, MemoryVectors>> {
    return this.read(() => {
      const ns = checkNamespace(namespace);
      const space = spaceFromRow(this.st.space.get(ns));
      const out = new Map<string, MemoryVectors>();
      if (space === undefined) return out;
      for (const id of checkIds(ids)) {
        const vectors = readEmbedding(this.st.embeddings, { namespace: ns, memoryId: id, dimension: space.dimension });
        if (vectors !== undefined) out.set(id, vectors);
      }
      return out;
    });
  }

  async search(query: VectorSearch): Promise<VectorHit[]> {
    const namespace = this.guard(() => checkNamespace(query?.namespace));
    return this.searchCaches.search(namespace, query);
  }

  /** Lexical search over an in-process copy of the FTS5 index (see `SqliteLexicalIndex`). */
  async lexicalSearch(query: LexicalSearch): Promise<LexicalHit[]> {
    const q = this.guard(() => checkLexicalSearch(query));
    return this.lexicalIndex.search(q);
  }

  async space({ namespace }: { namespace: string }): Promise<EmbeddingSpace | undefined> {
    return this.guard(() => spaceFromRow(this.st.space.get(checkNamespace(namespace))));
  }

  async reembed(change: Reembedding): Promise<void> {
    const { plan, generation } = await this.writeYielding(() => writeReembed(this.st, change));
    this.searchCaches.afterReembed(plan.namespace, generation);
  }

  async stats({ namespace }: { namespace: string }): Promise<NamespaceStats> {
    return this.read(() => {
      const ns = checkNamespace(namespace);
      const counts = (this.st.memoryCounts.get(ns) ?? {}) as Record<string, unknown>;
      const stats: NamespaceStats = {
        memories: numberOf(counts['memories']),
        active: numberOf(counts['active']),
        deprecated: numberOf(counts['deprecated']),
        byKind: {
          trajectory: numberOf(counts['trajectory']),
          script: numberOf(counts['script']),
          proceduralization: numberOf(counts['proceduralization']),
          lesson: numberOf(counts['lesson']),
        },
        trajectories: numberOf(this.st.trajectoryCount.pluck().get(ns)),
        revisions: numberOf(this.st.revisionCount.pluck().get(ns)),
      };
      const space = spaceFromRow(this.st.space.get(ns));
      if (space !== undefined) stats.space = space;
      return stats;
    });
  }

  async evidence(query: EvidenceQuery): Promise<EvidenceRecord[]> {
    return this.guard(() => {
      const q = checkEvidenceQuery(query);
      // With memory ids and kinds, rows of other kinds are left in SQL (unparsed); the filter below stays for the rest.
      const bodies =
        q.memoryIds === undefined
          ? this.st.evidenceOfNamespace.pluck().all(q.namespace)
          : q.kinds === undefined
            ? this.st.evidenceOfMemories.pluck().all(q.namespace, JSON.stringify([...q.memoryIds]))
            : (isTrackRecord(q.kinds) ? this.st.trackRecordOfMemories : this.st.evidenceOfMemoriesOfKinds)
                .pluck()
                .all(q.namespace, JSON.stringify([...q.memoryIds]), JSON.stringify([...q.kinds]));
      return bodies.map((b) => evidenceFromRow(b)).filter((e) => q.kinds === undefined || q.kinds.has(e.kind));
    });
  }

  async namespaces(): Promise<string[]> {
    return this.read(() =>
      this.st.namespaces
        .pluck()
        .all()
        .filter((n): n is string => typeof n === 'string'),
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      this.searchCaches.close();
    } finally {
      if (this.owned) this.database.close();
    }
    if (this.owned) await this.database.stopped();
  }

  private assertOpen(): void {
    if (this.closed) throw new MempError('STORAGE_FAILED', 'the memory store is closed');
  }

  /** Runs `fn` while the store is open, wrapping driver errors once (see {@link SqliteDatabase.guard}). */
  private guard<T>(fn: () => T): T {
    this.assertOpen();
    return this.database.guard(fn);
  }

  private read<T>(fn: () => T): T {
    this.assertOpen();
    return this.database.read(fn);
  }

  /** A write transaction that waits for another process's write lock without stalling this one. */
  private writeYielding<T>(fn: () => T): Promise<T> {
    this.assertOpen();
    return this.database.writeYielding(fn);
  }
}

/**
 * Opens a {@link SqliteMemoryStore}. A bad option is `INVALID_ARGUMENT`; a file that cannot be opened or migrated
 * is `STORAGE_FAILED`.
 */
export function createSqliteMemoryStore(options: SqliteMemoryStoreOptions): MemoryStore {
  const minActive = options?.approximateIndex?.minActive ?? DEFAULT_APPROXIMATE_INDEX_MIN_ACTIVE;
  if (typeof minActive !== 'number' || Number.isNaN(minActive) || minActive < 0) {
    throw new MempError('INVALID_ARGUMENT', 'approximateIndex.minActive must be a number ≥ 0', {
      details: { field: 'approximateIndex.minActive' },
    });
  }
  const backgroundBuildFrom = options?.approximateIndex?.backgroundBuildFrom ?? DEFAULT_BACKGROUND_BUILD_FROM;
  if (typeof backgroundBuildFrom !== 'number' || Number.isNaN(backgroundBuildFrom) || backgroundBuildFrom < 0) {
    throw new MempError('INVALID_ARGUMENT', 'approximateIndex.backgroundBuildFrom must be a number ≥ 0', {
      details: { field: 'approximateIndex.backgroundBuildFrom' },
    });
  }
  const { database, owned } = resolveSqliteDatabase(options);
  const indexDirectory =
    database.path === ':memory:' ? undefined : (options.approximateIndex?.directory ?? `${database.path}.indexes`);
  return new SqliteMemoryStore(database, { owned, minActive, indexDirectory, backgroundBuildFrom });
}
