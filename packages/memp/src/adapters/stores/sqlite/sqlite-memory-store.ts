import Database from 'better-sqlite3';
import { MempError, wrapError } from '../../../core/errors.js';
import type { Memory } from '../../../core/memory.js';
import type { MemoryStore, MemoryVectors, NamespaceStats, StoreCapabilities } from '../../../ports/memory-store.js';
import { checkIds, checkListQuery, checkNamespace, checkSearch, checkStatus } from '../shared/store-validation.js';
import { createSqliteApiKeyStore } from './sqlite-api-key-store.js';
import { openSqliteConnection } from './sqlite-connection.js';
import { migrateSqlite } from './sqlite-migrations.js';
import { readEmbedding } from './sqlite-embeddings.js';
import { memoryFromRow, revisionFromRow, spaceFromRow, trajectoryFromRow } from './sqlite-rows.js';
import { prepareStatements } from './sqlite-statements.js';
import { loadFieldMatrix, loadNamespaceCache, readGeneration } from './sqlite-vector-loader.js';
import { type CacheDelta, refreshNamespaceCache } from './sqlite-cache-refresh.js';
import { writeChange, writeReembed } from './sqlite-writes.js';
import type { GenerationStep } from './sqlite-writes.js';
import type { NamespaceVectorCache } from './vector-matrix-cache.js';
import { NamespaceTaskIndex } from './namespace-task-index.js';

/** Options for {@link createSqliteMemoryStore}. */
export interface SqliteMemoryStoreOptions {
  /** A file path, or `:memory:` for a private in-memory database. Empty is `INVALID_ARGUMENT`. */
  path: string;
  /**
   * How long a write waits for another connection's write lock before failing with `STORAGE_FAILED`, in ms.
   * Default 10 000.
   */
  busyTimeoutMs?: number;
  /**
   * How hard a commit waits for the disk (SQLite's `synchronous`, with the WAL journal):
   * - `'normal'` (default): a committed write survives a crash of the process; an OS crash or power loss can
   *   lose the last commits (never corrupt the file), because the WAL is synced only at checkpoints.
   * - `'full'`: every commit is synced to disk before it returns, so it survives power loss too; each write
   *   then costs a disk flush (see `npm run bench:core` for learn throughput with both).
   */
  synchronous?: 'normal' | 'full';
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
}

/** Default of {@link SqliteApproximateIndexOptions.minActive}. */
export const DEFAULT_APPROXIMATE_INDEX_MIN_ACTIVE = 20_000;

function numberOf(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

/**
 * A {@link MemoryStore} in one SQLite file (or `:memory:`), safe for several processes: WAL, a busy timeout,
 * and every write in one `BEGIN IMMEDIATE` transaction. Search is exact cosine over per-namespace
 * `Float32Array` matrices cached in this process and kept current by a per-namespace change counter that is
 * read on every search: writes of this process patch the cache; after writes of others it re-reads just the
 * memories they changed (`search_changes`). Namespaces with many active memories search their task vectors
 * through an approximate index (see {@link SqliteApproximateIndexOptions}).
 */
export function createSqliteMemoryStore(options: SqliteMemoryStoreOptions): MemoryStore {
  // An empty path makes SQLite open a private temporary database: everything written would silently be lost.
  const path: unknown = options?.path;
  if (typeof path !== 'string' || path.trim() === '') {
    throw new MempError(
      'INVALID_ARGUMENT',
      "the SQLite store needs a file path (or ':memory:' for a private in-memory database)",
      {
        details: { field: 'path' },
      },
    );
  }
  if (options.synchronous !== undefined && options.synchronous !== 'normal' && options.synchronous !== 'full') {
    throw new MempError('INVALID_ARGUMENT', "synchronous must be 'normal' or 'full'", {
      details: { field: 'synchronous' },
    });
  }
  let db: Database.Database;
  try {
    db = openSqliteConnection(options);
    try {
      migrateSqlite({ db });
    } catch (error) {
      db.close();
      throw error;
    }
  } catch (error) {
    throw wrapError(error, 'STORAGE_FAILED', `cannot open SQLite store ${options.path}`);
  }
  const st = prepareStatements(db);
  const caches = new Map<string, NamespaceVectorCache>();
  const taskIndexes = new Map<string, NamespaceTaskIndex>();
  const minActive = options.approximateIndex?.minActive ?? DEFAULT_APPROXIMATE_INDEX_MIN_ACTIVE;
  if (typeof minActive !== 'number' || Number.isNaN(minActive) || minActive < 0) {
    throw new MempError('INVALID_ARGUMENT', 'approximateIndex.minActive must be a number ≥ 0', {
      details: { field: 'approximateIndex.minActive' },
    });
  }
  const indexDirectory =
    options.path === ':memory:' ? undefined : (options.approximateIndex?.directory ?? `${options.path}.indexes`);
  const listStatements = new Map<string, Database.Statement>();
  let closed = false;

  /** Runs `fn` on the open connection, wrapping driver errors (SQLITE_BUSY included) once. */
  const guard = <T>(fn: () => T): T => {
    if (closed) throw new MempError('STORAGE_FAILED', 'the memory store is closed');
    try {
      return fn();
    } catch (error) {
      throw wrapError(error, 'STORAGE_FAILED', 'SQLite memory store');
    }
  };
  // One transaction wrapper for every call (better-sqlite3 builds a new one per `db.transaction` call).
  const inTransaction = db.transaction(<T>(fn: () => T): T => fn());
  const read = <T>(fn: () => T): T => guard(() => inTransaction(fn) as T);
  const write = <T>(fn: () => T): T => guard(() => inTransaction.immediate(fn) as T);

  /** Brings this process's cache of `namespace` in step with a write it just committed. */
  const afterWrite = (options: {
    namespace: string;
    generation: GenerationStep;
    patch: (cache: NamespaceVectorCache) => CacheDelta | undefined;
  }): void => {
    const cache = caches.get(options.namespace);
    if (cache === undefined || options.generation.before === options.generation.after) return;
    const delta = cache.generation === options.generation.before ? options.patch(cache) : undefined;
    if (delta === undefined) {
      caches.delete(options.namespace);
      return;
    }
    cache.generation = options.generation.after;
    taskIndexes.get(options.namespace)?.afterChange(cache, delta);
  };

  /**
   * The namespace's cache with `field` built, current as of the database's latest commit: patched with just the
   * memories other connections changed since it was loaded when it can be, else loaded afresh.
   */
  const currentCache = (namespace: string, field: 'task' | 'keywords'): NamespaceVectorCache => {
    // Fast path: one indexed single-row read, no transaction.
    const cached = caches.get(namespace);
    const generation = guard(() => readGeneration(st, namespace));
    if (cached !== undefined && cached.generation === generation && cached.field(field) !== undefined) return cached;
    return read(() => {
      let cache = caches.get(namespace);
      if (cache !== undefined && cache.generation !== readGeneration(st, namespace)) {
        const delta = refreshNamespaceCache(st, namespace, cache);
        if (delta === undefined) cache = undefined;
        else taskIndexes.get(namespace)?.afterChange(cache, delta);
      }
      if (cache === undefined) {
        cache = loadNamespaceCache(st, namespace);
        caches.set(namespace, cache);
      }
      if (cache.field(field) === undefined) cache.setField(field, loadFieldMatrix(st, namespace, cache, field));
      return cache;
    });
  };

  /** The namespace's task index when it is large enough for one (opened or built on first use). */
  const taskIndexFor = (namespace: string, cache: NamespaceVectorCache): NamespaceTaskIndex | undefined => {
    const space = cache.space;
    if (space === undefined || cache.activeCount < minActive) return undefined;
    let index = taskIndexes.get(namespace);
    if (index !== undefined && (index.space.embedder !== space.embedder || index.space.dimension !== space.dimension)) {
      index.close();
      taskIndexes.delete(namespace);
      index = undefined;
    }
    if (index === undefined) {
      const storeId = read(() => String(st.storeId.pluck().get()));
      index = NamespaceTaskIndex.open({ cache, space, identity: { namespace, storeId, directory: indexDirectory } });
      taskIndexes.set(namespace, index);
    }
    return index;
  };

  const capabilities: StoreCapabilities = {
    persistent: options.path !== ':memory:',
    multiProcess: true,
    vectorSearch: minActive === Number.POSITIVE_INFINITY ? 'exact' : 'ann',
  };

  return {
    capabilities,
    keys: createSqliteApiKeyStore({ db, read, write }),

    async apply(change) {
      const { plan, generation } = write(() => writeChange(st, change));
      afterWrite({
        namespace: plan.namespace,
        generation,
        patch: (cache) => {
          if (plan.newSpace !== undefined) return undefined;
          const delta: CacheDelta = { added: [], replaced: [] };
          for (const [id, p] of plan.memories) {
            if (!p.searchChanged) continue;
            const slot = cache.upsert(id, p.memory.status);
            if (p.vectors === undefined) continue;
            const old = cache.vectorVersion(slot);
            cache.replaceVectors(slot, p.vectors, generation.after);
            delta.added.push(slot);
            if (old !== undefined) delta.replaced.push(old);
          }
          for (const id of plan.deleted) {
            const old = cache.remove(id);
            if (old !== undefined) delta.replaced.push(old);
          }
          return delta;
        },
      });
      return plan.result;
    },

    async get({ namespace, ids }) {
      return read(() => {
        const ns = checkNamespace(namespace);
        const out: Memory[] = [];
        for (const id of checkIds(ids)) {
          const body: unknown = st.memoryBody.pluck().get(ns, id);
          if (body !== undefined) out.push(memoryFromRow(body));
        }
        return out;
      });
    },

    async list(query) {
      return read(() => {
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
          const createdAt: unknown = st.memoryCreatedAt.pluck().get(q.namespace, q.after);
          if (typeof createdAt !== 'string') {
            throw new MempError('INVALID_ARGUMENT', `unknown cursor ${q.after}`, { details: { field: 'after' } });
          }
          where.push('(created_at > @createdAt OR (created_at = @createdAt AND id > @after))');
          params['createdAt'] = createdAt;
          params['after'] = q.after;
        }
        const sql = `SELECT body FROM memories WHERE ${where.join(' AND ')} ORDER BY created_at, id LIMIT @limit`;
        let statement = listStatements.get(sql);
        if (statement === undefined) {
          statement = db.prepare(sql).pluck();
          listStatements.set(sql, statement);
        }
        return statement.all(params).map((body) => memoryFromRow(body));
      });
    },

    async ids({ namespace, status }) {
      return read(() => {
        const rows = st.memoryIdsByStatus.pluck().all(checkNamespace(namespace), checkStatus(status ?? 'active'));
        return rows.filter((id): id is string => typeof id === 'string');
      });
    },

    async revisions({ namespace, memoryId }) {
      return read(() =>
        st.revisionsOf
          .pluck()
          .all(checkNamespace(namespace), memoryId)
          .map((body) => revisionFromRow(body)),
      );
    },

    async trajectory({ namespace, id }) {
      return read(() => {
        const body: unknown = st.trajectoryBody.pluck().get(checkNamespace(namespace), id);
        return body === undefined ? undefined : trajectoryFromRow(body);
      });
    },

    async vectors({ namespace, ids }) {
      return read(() => {
        const ns = checkNamespace(namespace);
        const space = spaceFromRow(st.space.get(ns));
        const out = new Map<string, MemoryVectors>();
        if (space === undefined) return out;
        for (const id of checkIds(ids)) {
          const vectors = readEmbedding(st.embeddings, { namespace: ns, memoryId: id, dimension: space.dimension });
          if (vectors !== undefined) out.set(id, vectors);
        }
        return out;
      });
    },

    async search(query) {
      const namespace = guard(() => checkNamespace(query?.namespace));
      const field = query.field === 'keywords' ? 'keywords' : 'task';
      const cache = currentCache(namespace, field);
      return guard(() => {
        const checked = checkSearch(query, cache.space);
        if (field === 'task') {
          const hits = taskIndexFor(namespace, cache)?.search(cache, checked);
          if (hits !== undefined) return hits;
        }
        return cache.search(checked);
      });
    },

    async space({ namespace }) {
      return read(() => spaceFromRow(st.space.get(checkNamespace(namespace))));
    },

    async reembed(change) {
      const { plan, generation } = write(() => writeReembed(st, change));
      afterWrite({ namespace: plan.namespace, generation, patch: () => undefined });
    },

    async stats({ namespace }) {
      return read(() => {
        const ns = checkNamespace(namespace);
        const counts = (st.memoryCounts.get(ns) ?? {}) as Record<string, unknown>;
        const stats: NamespaceStats = {
          memories: numberOf(counts['memories']),
          active: numberOf(counts['active']),
          deprecated: numberOf(counts['deprecated']),
          byKind: {
            trajectory: numberOf(counts['trajectory']),
            script: numberOf(counts['script']),
            proceduralization: numberOf(counts['proceduralization']),
          },
          trajectories: numberOf(st.trajectoryCount.pluck().get(ns)),
          revisions: numberOf(st.revisionCount.pluck().get(ns)),
        };
        const space = spaceFromRow(st.space.get(ns));
        if (space !== undefined) stats.space = space;
        return stats;
      });
    },

    async namespaces() {
      return read(() =>
        st.namespaces
          .pluck()
          .all()
          .filter((n): n is string => typeof n === 'string'),
      );
    },

    async close() {
      if (closed) return;
      closed = true;
      caches.clear();
      try {
        for (const index of taskIndexes.values()) index.close();
      } finally {
        taskIndexes.clear();
        db.close();
      }
    },
  };
}
