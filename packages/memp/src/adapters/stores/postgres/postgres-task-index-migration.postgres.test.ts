import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NS, SPACE, createContractFixtures } from '../../../testing/memory-store-contract-fixtures.js';
import { createTestDatabase } from '../../../../test/postgres/postgres-test-database.js';
import type { TestDatabase } from '../../../../test/postgres/postgres-test-database.js';
import { createPostgresMemoryStore } from './postgres-memory-store.js';
import { POSTGRES_MIGRATIONS, migratePostgres } from './postgres-migrations.js';
import type { PostgresSearchInfo } from './postgres-search.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('task-index-migration');
}, 120_000);
afterAll(async () => {
  await db.drop();
});

describe('PostgreSQL migration to task-only HNSW indexes', () => {
  it('rebuilds an index that held keyword vectors over task vectors only, and searches through it', async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      // A database as schema version 4 left it: the index of dimension 8 over every row of that dimension.
      await migratePostgres({ client, migrations: POSTGRES_MIGRATIONS.filter((m) => m.version <= 4) });
      await client.query(
        'CREATE INDEX memory_vectors_hnsw_8 ON memory_vectors USING hnsw ((embedding::vector(8)) vector_cosine_ops) WHERE dimension = 8',
      );
      await client.query(
        "INSERT INTO vector_indexes (dimension, index_name, element) VALUES (8, 'memory_vectors_hnsw_8', 'vector')",
      );
      await migratePostgres({ client });
      const def = await client.query<{ indexdef: string }>(
        "SELECT indexdef FROM pg_indexes WHERE indexname = 'memory_vectors_hnsw_8'",
      );
      expect(def.rows).toHaveLength(1);
      expect(def.rows[0]?.indexdef).toMatch(/WHERE \(\(dimension = 8\) AND \(field = 0\)/);
    } finally {
      await client.end();
    }
    const fx = createContractFixtures(5);
    const infos: PostgresSearchInfo[] = [];
    const store = await createPostgresMemoryStore({
      connectionString: db.url,
      exactSearchMaxRows: 0,
      // pgvector's index in SQL (with the vector cache, the in-process index would serve).
      vectorCacheMaxRows: 0,
      onSearch: (info) => infos.push(info),
    });
    try {
      const create = Array.from({ length: 80 }, (_, i) => fx.create({ id: `m${i}` }));
      await store.apply(fx.change({ space: SPACE, create }));
      const probe = create[17]?.vectors.task as Float32Array;
      const hits = await store.search({ namespace: NS, field: 'task', queries: [probe], k: 3 });
      expect(hits[0]?.id).toBe('m17');
      expect(infos.map((i) => i.path)).toEqual(['ann']);
      expect(await store.stats({ namespace: NS })).toMatchObject({ memories: 80 });
    } finally {
      await store.close();
    }
  });
});
