import pg from 'pg';
import { MempError } from '../../../core/errors.js';
import type { Memory } from '../../../core/memory.js';
import type { MemoryStore, MemoryVectors, NamespaceStats, StoreCapabilities } from '../../../ports/memory-store.js';
import { checkIds, checkListQuery, checkNamespace, checkSearch, checkStatus } from '../shared/store-validation.js';
import { memoryFromRow, revisionFromRow, trajectoryFromRow } from '../shared/stored-json.js';
import { createPostgresApiKeyStore } from './postgres-api-key-store.js';
import { wrapPgError } from './postgres-errors.js';
import { migratePostgres } from './postgres-migrations.js';
import { searchPostgres } from './postgres-search.js';
import type { PostgresSearchInfo } from './postgres-search.js';
import { createPostgresSession } from './postgres-session.js';
import { vectorFromPg } from './postgres-vector-text.js';
import { FIELD_TASK, readSpace, writeChange, writeReembed } from './postgres-writes.js';

/** Options for {@link createPostgresMemoryStore}: give `connectionString` or `pool`. */
export interface PostgresMemoryStoreOptions {
  /** A libpq URL, e.g. `postgres://user:pass@host:5432/memp`. The store owns the pool it creates. */
  connectionString?: string;
  /** An existing pool (the caller keeps ownership: `close()` does not end it). */
  pool?: pg.Pool;
  /** Connections of the pool the store creates. Default 10. */
  poolSize?: number;
  /**
   * Namespaces whose searched rows (vectors of the field with a searched status) number at most this are
   * searched exactly; larger ones through the HNSW index. Default 20 000. `Infinity`: always exact (and
   * `capabilities.vectorSearch` is then `'exact'`).
   */
  exactSearchMaxRows?: number;
  /** Called after every search with how it was served (metrics). */
  onSearch?: (info: PostgresSearchInfo) => void;
}

const CONTEXT = 'PostgreSQL memory store';

function count(value: unknown): number {
  return typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : 0;
}

function openPool(options: PostgresMemoryStoreOptions): { pool: pg.Pool; ownsPool: boolean } {
  if ((options.pool === undefined) === (options.connectionString === undefined)) {
    throw new MempError('INVALID_ARGUMENT', 'give exactly one of connectionString and pool', {
      details: { field: 'connectionString' },
    });
  }
  if (options.pool !== undefined) return { pool: options.pool, ownsPool: false };
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.poolSize ?? 10 });
  // An idle connection that the server drops emits 'error' on the pool; the next checkout reconnects.
  pool.on('error', () => {});
  return { pool, ownsPool: true };
}

/**
 * A {@link MemoryStore} on PostgreSQL with pgvector (>= 0.8), for several memp processes sharing one database.
 *
 * Opening connects, makes sure pgvector is there (`STORAGE_FAILED` saying how to install it otherwise: there is
 * no fallback) and applies pending migrations once across processes. Every change runs in one transaction that
 * first takes a transaction-level advisory lock on its namespace, so writers of a namespace serialize (as with
 * SQLite's write lock, but per namespace) and version checks and usage counts are exact across processes;
 * readers never wait. Vectors are pgvector values in one table, indexed with a partial HNSW index per
 * dimension; search is exact in SQL for namespaces up to `exactSearchMaxRows` and approximate (HNSW with
 * `hnsw.iterative_scan`) above, except Key=AveFact searches with several keywords, which are always exact;
 * scores are always computed exactly in JavaScript, so they equal the reference store's. Quirks: the first vectors of a new dimension create its index inside that write's
 * transaction (a short SHARE lock on `memory_vectors`); dimensions above 4 000 have no index and are always
 * searched exactly.
 */
export async function createPostgresMemoryStore(options: PostgresMemoryStoreOptions): Promise<MemoryStore> {
  const { pool, ownsPool } = openPool(options);
  const session = createPostgresSession({ pool, ownsPool, context: CONTEXT });
  try {
    const client = await pool.connect();
    try {
      await migratePostgres({ client });
    } finally {
      client.release();
    }
  } catch (error) {
    await session.close().catch(() => undefined);
    throw wrapPgError(error, `cannot open the ${CONTEXT}`);
  }
  const exactSearchMaxRows = options.exactSearchMaxRows ?? 20_000;
  const capabilities: StoreCapabilities = {
    persistent: true,
    multiProcess: true,
    vectorSearch: exactSearchMaxRows === Number.POSITIVE_INFINITY ? 'exact' : 'ann',
  };

  return {
    capabilities,
    keys: createPostgresApiKeyStore({ session }),

    async apply(change) {
      const plan = await session.transaction((client) => writeChange(client, change));
      return plan.result;
    },

    async get({ namespace, ids }) {
      session.assertOpen();
      const ns = checkNamespace(namespace);
      const wanted = checkIds(ids);
      const r = await session.query<{ id: string; body: string }>(
        'SELECT id, body FROM memories WHERE namespace = $1 AND id = ANY($2::text[])',
        [ns, [...wanted]],
      );
      const byId = new Map(r.rows.map((row) => [row.id, row.body]));
      const out: Memory[] = [];
      for (const id of wanted) {
        const body = byId.get(id);
        if (body !== undefined) out.push(memoryFromRow(body));
      }
      return out;
    },

    async list(query) {
      session.assertOpen();
      const q = checkListQuery(query);
      const where = ['namespace = $1'];
      const values: unknown[] = [q.namespace];
      if (q.status !== undefined) where.push(`status = $${values.push(q.status)}`);
      if (q.kind !== undefined) where.push(`kind = $${values.push(q.kind)}`);
      if (q.after !== undefined) {
        const cursor = await session.query<{ created_at: string }>(
          'SELECT created_at FROM memories WHERE namespace = $1 AND id = $2',
          [q.namespace, q.after],
        );
        const createdAt = cursor.rows[0]?.created_at;
        if (createdAt === undefined) {
          throw new MempError('INVALID_ARGUMENT', `unknown cursor ${q.after}`, { details: { field: 'after' } });
        }
        const c = values.push(createdAt);
        const a = values.push(q.after);
        where.push(`(created_at > $${c} OR (created_at = $${c} AND id > $${a}))`);
      }
      const limit = values.push(q.limit);
      const r = await session.query<{ body: string }>(
        `SELECT body FROM memories WHERE ${where.join(' AND ')} ORDER BY created_at, id LIMIT $${limit}`,
        values,
      );
      return r.rows.map((row) => memoryFromRow(row.body));
    },

    async ids({ namespace, status }) {
      session.assertOpen();
      const r = await session.query<{ id: string }>(
        'SELECT id FROM memories WHERE namespace = $1 AND status = $2 ORDER BY created_at, id',
        [checkNamespace(namespace), checkStatus(status ?? 'active')],
      );
      return r.rows.map((row) => row.id);
    },

    async revisions({ namespace, memoryId }) {
      session.assertOpen();
      const r = await session.query<{ body: string }>(
        'SELECT body FROM revisions WHERE namespace = $1 AND memory_id = $2 ORDER BY version, seq',
        [checkNamespace(namespace), memoryId],
      );
      return r.rows.map((row) => revisionFromRow(row.body));
    },

    async trajectory({ namespace, id }) {
      session.assertOpen();
      const r = await session.query<{ body: string }>(
        'SELECT body FROM trajectories WHERE namespace = $1 AND id = $2',
        [checkNamespace(namespace), id],
      );
      const body = r.rows[0]?.body;
      return body === undefined ? undefined : trajectoryFromRow(body);
    },

    async vectors({ namespace, ids }) {
      session.assertOpen();
      const ns = checkNamespace(namespace);
      const r = await session.query<{ memory_id: string; field: number; dimension: number; embedding: string }>(
        `SELECT memory_id, field, dimension, embedding::text AS embedding FROM memory_vectors
         WHERE namespace = $1 AND memory_id = ANY($2::text[]) ORDER BY memory_id, field, ordinal`,
        [ns, [...checkIds(ids)]],
      );
      const out = new Map<string, MemoryVectors>();
      const keywords = new Map<string, Float32Array[]>();
      for (const row of r.rows) {
        const v = vectorFromPg(row.embedding, row.dimension);
        if (row.field === FIELD_TASK) out.set(row.memory_id, { task: v, keywords: keywords.get(row.memory_id) ?? [] });
        else {
          const list = keywords.get(row.memory_id) ?? [];
          list.push(v);
          keywords.set(row.memory_id, list);
          const entry = out.get(row.memory_id);
          if (entry !== undefined) entry.keywords = list;
        }
      }
      return out;
    },

    async search(query) {
      session.assertOpen();
      const namespace = checkNamespace(query?.namespace);
      return session.transaction(
        async (client) => {
          const space = await readSpace(client, namespace);
          const q = checkSearch(query, space);
          if (space === undefined) return [];
          return searchPostgres({
            client,
            query: q,
            space,
            exactSearchMaxRows,
            ...(options.onSearch === undefined ? {} : { onSearch: options.onSearch }),
          });
        },
        { readOnly: true },
      );
    },

    async space({ namespace }) {
      session.assertOpen();
      const ns = checkNamespace(namespace);
      return session.transaction((client) => readSpace(client, ns), { readOnly: true });
    },

    async reembed(change) {
      await session.transaction((client) => writeReembed(client, change));
    },

    async stats({ namespace }) {
      session.assertOpen();
      const ns = checkNamespace(namespace);
      const r = await session.query<Record<string, unknown>>(
        `SELECT
           (SELECT count(*) FROM memories WHERE namespace = $1) AS memories,
           (SELECT count(*) FROM memories WHERE namespace = $1 AND status = 'active') AS active,
           (SELECT count(*) FROM memories WHERE namespace = $1 AND status = 'deprecated') AS deprecated,
           (SELECT count(*) FROM memories WHERE namespace = $1 AND kind = 'trajectory') AS trajectory,
           (SELECT count(*) FROM memories WHERE namespace = $1 AND kind = 'script') AS script,
           (SELECT count(*) FROM memories WHERE namespace = $1 AND kind = 'proceduralization') AS proceduralization,
           (SELECT count(*) FROM trajectories WHERE namespace = $1) AS trajectories,
           (SELECT count(*) FROM revisions WHERE namespace = $1) AS revisions,
           s.embedder, s.dimension
         FROM (SELECT 1) AS one LEFT JOIN namespace_spaces AS s ON s.namespace = $1`,
        [ns],
      );
      const row = r.rows[0] ?? {};
      const stats: NamespaceStats = {
        memories: count(row['memories']),
        active: count(row['active']),
        deprecated: count(row['deprecated']),
        byKind: {
          trajectory: count(row['trajectory']),
          script: count(row['script']),
          proceduralization: count(row['proceduralization']),
        },
        trajectories: count(row['trajectories']),
        revisions: count(row['revisions']),
      };
      if (typeof row['embedder'] === 'string' && typeof row['dimension'] === 'number') {
        stats.space = { embedder: row['embedder'], dimension: row['dimension'] };
      }
      return stats;
    },

    async namespaces() {
      const r = await session.query<{ namespace: string }>(
        'SELECT namespace FROM memories UNION SELECT namespace FROM trajectories ORDER BY namespace',
      );
      return r.rows.map((row) => row.namespace);
    },

    async close() {
      await session.close();
    },
  };
}
