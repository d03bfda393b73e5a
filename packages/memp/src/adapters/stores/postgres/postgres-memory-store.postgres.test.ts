import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { runMemoryStoreContract } from '../../../testing/memory-store-contract.js';
import { createTestDatabase } from '../../../../test/postgres/postgres-test-database.js';
import type { TestDatabase } from '../../../../test/postgres/postgres-test-database.js';
import { createPostgresMemoryStore } from './postgres-memory-store.js';

const EMPTY = [
  'api_keys',
  'learn_records',
  'memory_evidence',
  'namespace_spaces',
  'trajectories',
  'revisions',
  'memory_vectors',
  'memories',
]
  .map((t) => `DELETE FROM ${t};`)
  .join(' ');

let db: TestDatabase | undefined;
let pool: pg.Pool | undefined;
beforeAll(async () => {
  db = await createTestDatabase('contract');
  pool = new pg.Pool({ connectionString: db.url, max: 4 });
  // pool.end() resolves while its connections are still closing; dropping the database (WITH FORCE) can then
  // terminate one, and pg-pool re-emits that on the pool, which throws when nobody listens.
  pool.on('error', () => {});
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

/**
 * A store on the file's database, emptied first (the schema and its HNSW indexes stay; API keys have their own
 * contract in postgres-api-key-store.postgres.test.ts). The stores share one
 * pool that the test owns, so each test does not pay for new connections; `close()` still closes the store.
 */
async function fresh() {
  if (db === undefined || pool === undefined) throw new Error('no test database');
  const store = await createPostgresMemoryStore({ pool });
  await pool.query(EMPTY);
  return store;
}

runMemoryStoreContract('postgres', () => fresh());
runMemoryStoreContract('postgres (own pool from a connection string)', async () => {
  if (db === undefined || pool === undefined) throw new Error('no test database');
  await pool.query(EMPTY);
  return createPostgresMemoryStore({ connectionString: db.url, poolSize: 2 });
});
