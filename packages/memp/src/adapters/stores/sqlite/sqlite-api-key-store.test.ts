import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ApiKeyStore } from '../../../ports/api-key-store.js';
import { createApiKey } from '../../../server/auth/create-api-key.js';
import { createAuthenticator } from '../../../server/auth/authenticate.js';
import { runApiKeyStoreContract } from '../../../testing/api-key-store-contract.js';
import { NS, createContractFixtures, expectCode } from '../../../testing/memory-store-contract-fixtures.js';
import { createSqliteApiKeyStore } from './sqlite-api-key-store.js';
import { openSqliteConnection } from './sqlite-connection.js';
import { openSqliteDatabase } from './sqlite-database.js';
import { createSqliteMemoryStore } from './sqlite-memory-store.js';
import { migrateSqlite } from './sqlite-migrations.js';

const dir = mkdtempSync(join(tmpdir(), 'memp-sqlite-keys-'));
let n = 0;
const fresh = () => join(dir, `keys-${++n}.db`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A key store on a database shared with a memory store; closing it closes both (as an application would). */
function sharedKeyStore(path: string): ApiKeyStore {
  const database = openSqliteDatabase({ path });
  const memories = createSqliteMemoryStore({ database });
  const keys = createSqliteApiKeyStore({ database });
  return {
    specificationVersion: 'v1',
    createKey: (key) => keys.createKey(key),
    findKey: (query) => keys.findKey(query),
    listKeys: () => keys.listKeys(),
    revokeKey: (query) => keys.revokeKey(query),
    async close() {
      await keys.close();
      await memories.close();
      database.close();
    },
  };
}

runApiKeyStoreContract('sqlite :memory:', () => createSqliteApiKeyStore({ path: ':memory:' }));
runApiKeyStoreContract('sqlite file', () => createSqliteApiKeyStore({ path: fresh() }));
runApiKeyStoreContract('sqlite, database shared with the memory store', () => sharedKeyStore(fresh()));

describe('SQLite API key store specifics', () => {
  it('shares one database with the memory store: keys do not make a namespace appear', async () => {
    const database = openSqliteDatabase({ path: ':memory:' });
    const memories = createSqliteMemoryStore({ database });
    const keys = createSqliteApiKeyStore({ database });
    const fx = createContractFixtures();
    await fx.seed(memories, [{ id: 'm1' }]);
    const { record } = await createApiKey({ keys, namespace: NS, role: 'read' });
    expect(await memories.namespaces()).toEqual([NS]);
    expect((await keys.findKey({ id: record.id }))?.record).toEqual(record);
    // Closing one store leaves the shared database (and the other store) open; closing the database ends both.
    await keys.close();
    expect(await memories.stats({ namespace: NS })).toMatchObject({ memories: 1 });
    database.close();
    await expectCode(memories.get({ namespace: NS, ids: ['m1'] }), 'STORAGE_FAILED');
    await memories.close();
  });

  it('authenticates keys an earlier version stored in memp.db (same table, same JSON body)', async () => {
    const path = fresh();
    const memories = createSqliteMemoryStore({ path });
    const written = createSqliteApiKeyStore({ path });
    const { key, record } = await createApiKey({ keys: written, namespace: '*', role: 'admin' });
    const body = await written.findKey({ id: record.id });
    await written.close();
    await memories.close();
    // The row as the store that carried `keys` wrote it: `api_keys (id, created_at, body)`, migration 2.
    const raw = openSqliteConnection({ path });
    migrateSqlite({ db: raw });
    raw.prepare('DELETE FROM api_keys').run();
    raw
      .prepare('INSERT INTO api_keys (id, created_at, body) VALUES (?, ?, ?)')
      .run(record.id, record.createdAt, JSON.stringify(body));
    raw.close();
    const keys = createSqliteApiKeyStore({ path });
    const auth = createAuthenticator({ keys, requireKeys: true });
    expect(await auth(`Bearer ${key}`)).toMatchObject({ keyId: record.id, namespace: '*', role: 'admin' });
    await keys.close();
  });

  it('refuses both a path and a database, or neither, with INVALID_ARGUMENT', async () => {
    const database = openSqliteDatabase({ path: ':memory:' });
    try {
      await expectCode(
        Promise.resolve().then(() => createSqliteApiKeyStore({ path: ':memory:', database })),
        'INVALID_ARGUMENT',
      );
      await expectCode(
        Promise.resolve().then(() => createSqliteMemoryStore({ path: ':memory:', database })),
        'INVALID_ARGUMENT',
      );
      await expectCode(
        Promise.resolve().then(() => createSqliteApiKeyStore({})),
        'INVALID_ARGUMENT',
      );
    } finally {
      database.close();
    }
  });
});
