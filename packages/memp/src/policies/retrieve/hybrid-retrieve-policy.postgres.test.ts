import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { defineHybridRetrievalCases } from '../../../test/hybrid-retrieval-cases.js';
import { createTestDatabase } from '../../../test/postgres/postgres-test-database.js';
import type { TestDatabase } from '../../../test/postgres/postgres-test-database.js';
import { createPostgresMemoryStore } from '../../adapters/stores/postgres/postgres-memory-store.js';

let db: TestDatabase | undefined;
let pool: pg.Pool | undefined;
beforeAll(async () => {
  db = await createTestDatabase('hybrid');
  pool = new pg.Pool({ connectionString: db.url, max: 4 });
  pool.on('error', () => {});
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

defineHybridRetrievalCases('postgres', async () => {
  if (pool === undefined) throw new Error('no test database');
  const store = await createPostgresMemoryStore({ pool });
  await pool.query(
    'DELETE FROM revisions; DELETE FROM memory_vectors; DELETE FROM memories; DELETE FROM namespace_spaces',
  );
  return store;
});
