import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/postgres/postgres-test-database.js';
import type { TestDatabase } from '../../../test/postgres/postgres-test-database.js';
import { createInMemoryApiKeyStore } from '../../adapters/stores/in-memory/in-memory-api-key-store.js';
import { createPostgresApiKeyStore } from '../../adapters/stores/postgres/postgres-api-key-store.js';
import { isMempError } from '../../core/errors.js';
import type { ApiKeyStore } from '../../ports/api-key-store.js';
import { runApiKeyStoreContract } from '../../testing/api-key-store-contract.js';
import { createAuthenticator } from './authenticate.js';
import { createCachingApiKeyStore } from './caching-api-key-store.js';
import { createApiKey } from './create-api-key.js';

const code = async (p: Promise<unknown>) =>
  p.then(
    () => 'OK',
    (e: unknown) => (isMempError(e) ? e.code : String(e)),
  );

runApiKeyStoreContract('caching decorator over the in-memory store', () =>
  createCachingApiKeyStore(createInMemoryApiKeyStore(), { maxAgeMs: 60_000 }),
);

/** An ApiKeyStore that counts the `findKey` calls reaching it. */
function counting(inner: ApiKeyStore): ApiKeyStore & { finds: number } {
  const store = Object.assign(Object.create(null) as object, { finds: 0 }) as ApiKeyStore & { finds: number };
  return Object.assign(store, {
    specificationVersion: inner.specificationVersion,
    createKey: inner.createKey.bind(inner),
    findKey: (q: { id: string }) => {
      store.finds += 1;
      return inner.findKey(q);
    },
    listKeys: inner.listKeys.bind(inner),
    revokeKey: inner.revokeKey.bind(inner),
    close: inner.close.bind(inner),
  });
}

describe('API keys cached in front of PostgreSQL, two servers on one database', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('key-cache');
  }, 120_000);
  afterAll(async () => {
    await db.drop();
  });

  it('a key revoked by the other server is refused here within maxAgeMs, and at once when revoked here', async () => {
    let clock = 1_000_000;
    const maxAgeMs = 5_000;
    const innerA = counting(await createPostgresApiKeyStore({ connectionString: db.url, poolSize: 2 }));
    const keysA = createCachingApiKeyStore(innerA, { maxAgeMs, now: () => clock });
    const keysB = await createPostgresApiKeyStore({ connectionString: db.url, poolSize: 2 });
    const authA = createAuthenticator({ keys: keysA, requireKeys: true });
    const authB = createAuthenticator({ keys: keysB, requireKeys: true });
    // Created on B: usable on A at once (unknown ids are never cached).
    const first = await createApiKey({ keys: keysB, namespace: 'a', role: 'read' });
    expect(await code(authA(`Bearer ${first.key}`))).toBe('OK');
    expect(await code(Promise.all(Array.from({ length: 20 }, () => authA(`Bearer ${first.key}`))))).toBe('OK');
    expect(innerA.finds).toBe(1);
    // Revoked on B: B refuses at once, A until its entry is maxAgeMs old.
    clock += 1_000;
    await keysB.revokeKey({ id: first.record.id, at: '2026-01-01T00:00:00.000Z' });
    expect(await code(authB(`Bearer ${first.key}`))).toBe('UNAUTHORIZED');
    clock += maxAgeMs - 1_001;
    expect(await code(authA(`Bearer ${first.key}`))).toBe('OK');
    clock += 1;
    expect(await code(authA(`Bearer ${first.key}`))).toBe('UNAUTHORIZED');
    expect(innerA.finds).toBe(2);
    // Revoked through A itself: refused at once.
    const second = await createApiKey({ keys: keysB, namespace: '*', role: 'write' });
    expect(await code(authA(`Bearer ${second.key}`))).toBe('OK');
    await keysA.revokeKey({ id: second.record.id, at: '2026-01-02T00:00:00.000Z' });
    expect(await code(authA(`Bearer ${second.key}`))).toBe('UNAUTHORIZED');
    await keysA.close();
    await keysB.close();
  });

  it('maxAgeMs 0 leaves the store as it is', async () => {
    const keys = createInMemoryApiKeyStore();
    expect(createCachingApiKeyStore(keys, { maxAgeMs: 0 })).toBe(keys);
  });
});
