import { describe, expect, it } from 'vitest';
import { createInMemoryApiKeyStore } from '../../adapters/stores/in-memory/in-memory-api-key-store.js';
import { isMempError } from '../../core/errors.js';
import { parseApiKey, secretMatches } from './api-key-secret.js';
import { createAuthenticator } from './authenticate.js';
import { authorize } from './authorize.js';
import { createApiKey } from './create-api-key.js';

const code = async (p: Promise<unknown>) =>
  p.then(
    () => 'OK',
    (e: unknown) => (isMempError(e) ? e.code : String(e)),
  );

describe('API keys', () => {
  it('stores only a salted hash and verifies the secret', async () => {
    const keys = createInMemoryApiKeyStore();
    const { key, record } = await createApiKey({ keys, namespace: 'a', role: 'write' });
    const parts = parseApiKey(key);
    const stored = await keys.findKey({ id: record.id });
    expect(parts?.id).toBe(record.id);
    expect(JSON.stringify(stored)).not.toContain(parts?.secret);
    expect(secretMatches({ secret: parts?.secret ?? '', salt: stored?.salt ?? '', hash: stored?.hash ?? '' })).toBe(
      true,
    );
    // Change the last character (to one it is not: a random secret ends in 'A' one time in 64).
    const secret = parts?.secret ?? '';
    const wrong = `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    expect(secretMatches({ secret: wrong, salt: stored?.salt ?? '', hash: stored?.hash ?? '' })).toBe(false);
    const other = await createApiKey({ keys, namespace: 'a', role: 'write' });
    expect((await keys.findKey({ id: other.record.id }))?.salt).not.toBe(stored?.salt);
    expect(await code(createApiKey({ keys, namespace: 'bad ns', role: 'read' }))).toBe('INVALID_ARGUMENT');
    expect(await code(createApiKey({ keys, namespace: 'a', role: 'owner' }))).toBe('INVALID_ARGUMENT');
  });

  it('authenticates: anonymous only while no key exists, then keys only', async () => {
    const keys = createInMemoryApiKeyStore();
    const auth = createAuthenticator({ keys, requireKeys: false });
    expect((await auth(undefined)).role).toBe('admin');
    expect(await code(createAuthenticator({ keys, requireKeys: true })(undefined))).toBe('UNAUTHORIZED');
    const { key, record } = await createApiKey({ keys, namespace: 'a', role: 'read' });
    expect(await code(auth(undefined))).toBe('UNAUTHORIZED');
    expect(await auth(`Bearer ${key}`)).toEqual({ keyId: record.id, namespace: 'a', role: 'read', trust: 'untrusted' });
    expect(await code(auth(`Basic ${key}`))).toBe('UNAUTHORIZED');
    await keys.revokeKey({ id: record.id, at: '2025-01-01T00:00:00.000Z' });
    expect(await code(auth(`Bearer ${key}`))).toBe('UNAUTHORIZED');
  });

  it('authorizes by role order and namespace', () => {
    const check = (
      p: { namespace: string; role: 'read' | 'write' | 'admin' },
      role: 'read' | 'write' | 'admin',
      namespace: string | undefined,
    ) => {
      try {
        authorize({ principal: { keyId: 'k', trust: 'untrusted', ...p }, role, namespace });
        return 'OK';
      } catch (e) {
        return isMempError(e) ? e.code : 'other';
      }
    };
    expect(check({ namespace: 'a', role: 'write' }, 'read', 'a')).toBe('OK');
    expect(check({ namespace: 'a', role: 'write' }, 'admin', 'a')).toBe('FORBIDDEN');
    expect(check({ namespace: 'a', role: 'admin' }, 'read', 'b')).toBe('FORBIDDEN');
    expect(check({ namespace: 'a', role: 'admin' }, 'admin', undefined)).toBe('FORBIDDEN');
    expect(check({ namespace: '*', role: 'read' }, 'read', 'b')).toBe('OK');
  });
});
