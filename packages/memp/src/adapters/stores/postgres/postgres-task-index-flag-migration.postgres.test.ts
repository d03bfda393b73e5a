import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  NS,
  SPACE,
  createContractFixtures,
  expectSameHits,
  expectedHits,
} from '../../../testing/memory-store-contract-fixtures.js';
import { createTestDatabase } from '../../../../test/postgres/postgres-test-database.js';
import type { TestDatabase } from '../../../../test/postgres/postgres-test-database.js';
import { createPostgresMemoryStore } from './postgres-memory-store.js';
import { POSTGRES_MIGRATIONS, migratePostgres } from './postgres-migrations.js';
import type { PostgresSearchInfo } from './postgres-search.js';
import { vectorToPg } from './postgres-vector-text.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('task-index-flag-migration');
}, 120_000);
afterAll(async () => {
  await db.drop();
});

describe('PostgreSQL migration to flagged HNSW rows', () => {
  it('keeps every existing row indexed and namespace ready, rebuilds the index with the flag, new namespaces start unindexed', async () => {
    const fx = createContractFixtures(21);
    const create = Array.from({ length: 80 }, (_, i) => fx.create({ id: `old${i}` }));
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      // A database as schema version 5 left it: one namespace of 80 memories and the task-only index of dimension 8.
      const flagged = POSTGRES_MIGRATIONS.find((m) => m.sql.includes('ADD COLUMN indexed'));
      if (flagged === undefined) throw new Error('the flagged-rows migration is missing');
      const before = POSTGRES_MIGRATIONS.filter((m) => m.version < flagged.version);
      await migratePostgres({ client, migrations: before });
      await client.query(
        'CREATE INDEX memory_vectors_hnsw_8 ON memory_vectors USING hnsw ((embedding::vector(8)) vector_cosine_ops) WHERE dimension = 8 AND field = 0',
      );
      await client.query(
        "INSERT INTO vector_indexes (dimension, index_name, element) VALUES (8, 'memory_vectors_hnsw_8', 'vector')",
      );
      await client.query('INSERT INTO namespace_spaces (namespace, embedder, dimension) VALUES ($1, $2, $3)', [
        NS,
        SPACE.embedder,
        SPACE.dimension,
      ]);
      for (const c of create) {
        const m = c.memory;
        await client.query(
          'INSERT INTO memories (namespace, id, status, kind, created_at, version, body) VALUES ($1, $2, $3, $4, $5, $6, $7)',
          [NS, m.id, m.status, m.kind, m.createdAt, m.version, JSON.stringify(m)],
        );
        await client.query(
          `INSERT INTO memory_vectors (namespace, memory_id, field, ordinal, status, dimension, embedding)
           VALUES ($1, $2, 0, 0, $3, 8, $4::vector)`,
          [NS, m.id, m.status, vectorToPg(c.vectors.task)],
        );
      }
      await migratePostgres({ client });
      const def = await client.query<{ indexdef: string }>(
        "SELECT indexdef FROM pg_indexes WHERE indexname = 'memory_vectors_hnsw_8'",
      );
      expect(def.rows[0]?.indexdef).toMatch(/WHERE \(\(dimension = 8\) AND \(field = 0\) AND indexed\)/);
      const rows = await client.query<{ state: string; indexed: string }>(
        `SELECT (SELECT task_index FROM namespace_spaces WHERE namespace = $1) AS state,
           (SELECT count(*) FROM memory_vectors WHERE namespace = $1 AND indexed) AS indexed`,
        [NS],
      );
      expect(rows.rows[0]).toEqual({ state: 'ready', indexed: '80' });
    } finally {
      await client.end();
    }
    // A threshold the namespace never reaches for filling: only the migration can have made it ready.
    const infos: PostgresSearchInfo[] = [];
    const store = await createPostgresMemoryStore({
      connectionString: db.url,
      exactSearchMaxRows: 10,
      taskIndexFillRows: 1_000_000,
      vectorCacheMaxRows: 0,
      onSearch: (info) => infos.push(info),
    });
    try {
      const entries = create.map((c) => ({ id: c.memory.id, status: c.memory.status, vectors: c.vectors }));
      const queries = [fx.unit()];
      const hits = await store.search({ namespace: NS, field: 'task', queries, k: 5 });
      expectSameHits(hits, expectedHits({ entries, field: 'task', queries, k: 5 }));
      expect(infos.map((i) => i.path)).toEqual(['ann']);
      const fresh = Array.from({ length: 60 }, (_, i) => fx.create({ id: `new${i}`, namespace: 'fresh' }));
      await store.apply(fx.change({ namespace: 'fresh', space: SPACE, create: fresh }));
      const probe = [fx.unit()];
      infos.length = 0;
      const freshHits = await store.search({ namespace: 'fresh', field: 'task', queries: probe, k: 5 });
      const freshEntries = fresh.map((c) => ({ id: c.memory.id, status: c.memory.status, vectors: c.vectors }));
      expectSameHits(freshHits, expectedHits({ entries: freshEntries, field: 'task', queries: probe, k: 5 }));
      expect(infos.map((i) => i.path)).toEqual(['exact']);
    } finally {
      await store.close();
    }
    const check = new pg.Client({ connectionString: db.url });
    await check.connect();
    try {
      const r = await check.query<{ state: string; indexed: string }>(
        `SELECT (SELECT task_index FROM namespace_spaces WHERE namespace = 'fresh') AS state,
           (SELECT count(*) FROM memory_vectors WHERE namespace = 'fresh' AND indexed) AS indexed`,
      );
      expect(r.rows[0]).toEqual({ state: 'none', indexed: '0' });
    } finally {
      await check.end();
    }
  });
});
