import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../../test/postgres/postgres-test-database.js';
import type { TestDatabase } from '../../../../test/postgres/postgres-test-database.js';
import { hasLexicalSearch } from '../../../ports/memory-store.js';
import { NS, SPACE, createContractFixtures } from '../../../testing/memory-store-contract-fixtures.js';
import { runLexicalSearchContract } from '../../../testing/memory-store-contract-lexical.js';
import { createPostgresMemoryStore } from './postgres-memory-store.js';

let db: TestDatabase | undefined;
let pool: pg.Pool | undefined;
beforeAll(async () => {
  db = await createTestDatabase('lexical');
  pool = new pg.Pool({ connectionString: db.url, max: 4 });
  pool.on('error', () => {});
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

async function fresh() {
  if (pool === undefined) throw new Error('no test database');
  const store = await createPostgresMemoryStore({ pool });
  await pool.query(
    'DELETE FROM revisions; DELETE FROM memory_vectors; DELETE FROM memories; DELETE FROM namespace_spaces',
  );
  return store;
}

runLexicalSearchContract('postgres', () => fresh());

describe('PostgreSQL lexical index', () => {
  it('removes a memory’s row with the memory, and indexes memories listed as pending when a store opens', async () => {
    if (pool === undefined) throw new Error('no test database');
    const store = await fresh();
    const fx = createContractFixtures();
    const [created] = await fx.seed(store, [{ id: 'm1', task: 'put a soapbar in the cabinet', keywords: [] }]);
    expect((await pool.query('SELECT count(*)::int AS n FROM memory_lexicon')).rows[0].n).toBe(1);
    // As the migration leaves a database written before the index: the row missing, the memory listed as pending.
    await pool.query('DELETE FROM memory_lexicon');
    await pool.query('INSERT INTO memory_lexicon_pending (namespace, memory_id) VALUES ($1, $2), ($1, $3)', [
      NS,
      'm1',
      'gone',
    ]);
    await store.close();
    const reopened = await createPostgresMemoryStore({ pool });
    if (!hasLexicalSearch(reopened)) throw new Error('no lexical search');
    expect((await reopened.lexicalSearch({ namespace: NS, terms: ['soapbar'], k: 3 })).map((h) => h.id)).toEqual([
      'm1',
    ]);
    expect((await pool.query('SELECT count(*)::int AS n FROM memory_lexicon_pending')).rows[0].n).toBe(0);
    await reopened.apply({
      namespace: NS,
      at: fx.clock.now(),
      space: SPACE,
      delete: [{ id: 'm1', expectedVersion: created?.memory.version ?? 1 }],
    });
    expect((await pool.query('SELECT count(*)::int AS n FROM memory_lexicon')).rows[0].n).toBe(0);
    await reopened.close();
  });
});
