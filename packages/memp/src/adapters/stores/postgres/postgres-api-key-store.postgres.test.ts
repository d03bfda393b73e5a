import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../test/postgres/postgres-test-database.js';
import type { TestDatabase } from '../../../../test/postgres/postgres-test-database.js';
import { runApiKeyStoreContract } from '../../../testing/api-key-store-contract.js';
import { NS, createContractFixtures, expectCode } from '../../../testing/memory-store-contract-fixtures.js';
import { createPostgresApiKeyStore } from './postgres-api-key-store.js';
import { createPostgresMemoryStore } from './postgres-memory-store.js';

const EMPTY = ['api_keys', 'namespace_spaces', 'trajectories', 'revisions', 'memory_vectors', 'memories']
  .map((t) => `DELETE FROM ${t};`)
  .join(' ');

let db: TestDatabase | undefined;
let pool: pg.Pool | undefined;
beforeAll(async () => {
  db = await createTestDatabase('keys');
  pool = new pg.Pool({ connectionString: db.url, max: 4 });
  // See postgres-memory-store.postgres.test.ts: dropping the database can surface a closing connection's error.
  pool.on('error', () => {});
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

function testPool(): { pool: pg.Pool; url: string } {
  if (db === undefined || pool === undefined) throw new Error('no test database');
  return { pool, url: db.url };
}

runApiKeyStoreContract('postgres (pool shared with the memory store)', async () => {
  const keys = await createPostgresApiKeyStore({ pool: testPool().pool });
  await testPool().pool.query(EMPTY);
  return keys;
});
runApiKeyStoreContract('postgres (own pool from a connection string)', async () => {
  await testPool().pool.query(EMPTY);
  return createPostgresApiKeyStore({ connectionString: testPool().url, poolSize: 2 });
});

describe('PostgreSQL API key store specifics', () => {
  it('shares a pool with the memory store: keys do not make a namespace appear, closing one leaves the other', async () => {
    const { pool: shared } = testPool();
    await shared.query(EMPTY);
    const memories = await createPostgresMemoryStore({ pool: shared });
    const keys = await createPostgresApiKeyStore({ pool: shared });
    await createContractFixtures().seed(memories, [{ id: 'm1' }]);
    await keys.createKey({
      record: { id: 'k1', namespace: '*', role: 'admin', createdAt: '2026-01-01T00:00:00.000Z' },
      salt: '00112233445566778899aabbccddeeff',
      hash: 'ab'.repeat(32),
    });
    expect(await memories.namespaces()).toEqual([NS]);
    await keys.close();
    expect((await memories.stats({ namespace: NS })).memories).toBe(1);
    await memories.close();
    // The pool belongs to the test: neither store ended it.
    expect((await shared.query('SELECT count(*)::int AS n FROM api_keys')).rows[0]).toEqual({ n: 1 });
  });

  it('refuses options without exactly one of connectionString and pool with INVALID_ARGUMENT', async () => {
    await expectCode(createPostgresApiKeyStore({}), 'INVALID_ARGUMENT');
    await expectCode(
      createPostgresApiKeyStore({ pool: testPool().pool, connectionString: testPool().url }),
      'INVALID_ARGUMENT',
    );
  });
});
