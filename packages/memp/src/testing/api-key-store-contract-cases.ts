import { describe, expect, it } from 'vitest';
import type { ApiKeyStore, StoredApiKey } from '../ports/api-key-store.js';
import { expectCode } from './memory-store-contract-fixtures.js';

function key(id: string, overrides: Partial<StoredApiKey['record']> = {}): StoredApiKey {
  return {
    record: { id, namespace: 'contract', role: 'read', createdAt: '2026-01-01T00:00:00.000Z', ...overrides },
    salt: '00112233445566778899aabbccddeeff',
    hash: `${id.length.toString(16).padStart(2, '0')}${'ab'.repeat(31)}`,
  };
}

/** The {@link ApiKeyStore} contract's cases (run by `runApiKeyStoreContract`); `keys()` is the test's fresh store. */
export function defineApiKeyStoreCases(ctx: { keys(): ApiKeyStore }): void {
  describe('API keys', () => {
    it('stores a key and finds it by id, secret hash included', async () => {
      const keys = ctx.keys();
      const k = key('k1', { name: 'ci agent', role: 'write', namespace: '*' });
      await keys.createKey(k);
      expect(await keys.findKey({ id: 'k1' })).toEqual(k);
      expect(await keys.findKey({ id: 'nope' })).toBeUndefined();
    });

    it('refuses a duplicate id with CONFLICT and a malformed key with INVALID_ARGUMENT', async () => {
      const keys = ctx.keys();
      await keys.createKey(key('k1'));
      await expectCode(keys.createKey(key('k1', { role: 'admin' })), 'CONFLICT');
      expect((await keys.findKey({ id: 'k1' }))?.record.role).toBe('read');
      await expectCode(keys.createKey({ ...key('k2'), hash: 'not hex' }), 'INVALID_ARGUMENT');
      await expectCode(keys.createKey(key('k3', { role: 'root' as 'admin' })), 'INVALID_ARGUMENT');
      await expectCode(keys.createKey(key('has space')), 'INVALID_ARGUMENT');
      expect((await keys.listKeys()).map((r) => r.id)).toEqual(['k1']);
    });

    it('lists records in creation order without secrets', async () => {
      const keys = ctx.keys();
      await keys.createKey(key('b', { createdAt: '2026-01-02T00:00:00.000Z' }));
      await keys.createKey(key('c', { createdAt: '2026-01-01T00:00:00.000Z' }));
      await keys.createKey(key('a', { createdAt: '2026-01-02T00:00:00.000Z' }));
      const listed = await keys.listKeys();
      expect(listed.map((r) => r.id)).toEqual(['c', 'a', 'b']);
      expect(listed[0]).not.toHaveProperty('hash');
    });

    it('revokes once, keeping the first time; unknown id is NOT_FOUND', async () => {
      const keys = ctx.keys();
      await keys.createKey(key('k1'));
      const first = await keys.revokeKey({ id: 'k1', at: '2026-02-01T00:00:00.000Z' });
      expect(first.revokedAt).toBe('2026-02-01T00:00:00.000Z');
      const again = await keys.revokeKey({ id: 'k1', at: '2026-03-01T00:00:00.000Z' });
      expect(again.revokedAt).toBe('2026-02-01T00:00:00.000Z');
      expect((await keys.findKey({ id: 'k1' }))?.record.revokedAt).toBe('2026-02-01T00:00:00.000Z');
      await expectCode(keys.revokeKey({ id: 'ghost', at: '2026-02-01T00:00:00.000Z' }), 'NOT_FOUND');
    });

    it('fails every call after close with STORAGE_FAILED; closing twice is harmless', async () => {
      const keys = ctx.keys();
      await keys.createKey(key('k1'));
      await keys.close();
      await keys.close();
      await expectCode(keys.createKey(key('k2')), 'STORAGE_FAILED');
      await expectCode(keys.findKey({ id: 'k1' }), 'STORAGE_FAILED');
      await expectCode(keys.listKeys(), 'STORAGE_FAILED');
      await expectCode(keys.revokeKey({ id: 'k1', at: '2026-02-01T00:00:00.000Z' }), 'STORAGE_FAILED');
    });
  });
}
