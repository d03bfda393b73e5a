import { timingSafeEqual } from 'node:crypto';
import { MempError } from '../../core/errors.js';
import { type ApiKeyStore, type StoredApiKey, keyTrust } from '../../ports/api-key-store.js';
import { parseApiKey, secretMatches } from './api-key-secret.js';
import { ANONYMOUS_PRINCIPAL, type Principal } from './principal.js';

/**
 * Turns an `Authorization` header into a {@link Principal}. A missing header is accepted only while the store
 * holds no key at all and `requireKeys` is false (a keyless loopback server); otherwise → `UNAUTHORIZED`, as is
 * a malformed, unknown, wrong or revoked key. The presented key is never logged or echoed.
 *
 * The returned function also has `allowsAnonymous()`: true while a missing header would be accepted (no key in the
 * store, keys not required); the HTTP app then refuses non-loopback `Host`/`Origin` values (DNS rebinding). A store
 * whose keys are all revoked still holds keys, so it never turns anonymous again.
 */
export function createAuthenticator(options: { keys: ApiKeyStore; requireKeys: boolean }) {
  let keysSeen = options.requireKeys;
  /**
   * The secret last verified against a stored key object. A caching key store hands out the same object while its
   * entry is fresh, so a key presented again skips the HMAC (a constant-time comparison instead); a store that reads
   * afresh hands out new objects, which are verified in full.
   */
  const verified = new WeakMap<StoredApiKey, Buffer>();
  function matches(stored: StoredApiKey, secret: string): boolean {
    const presented = Buffer.from(secret, 'utf8');
    const known = verified.get(stored);
    if (known !== undefined && known.length === presented.length && timingSafeEqual(known, presented)) return true;
    if (!secretMatches({ secret, salt: stored.salt, hash: stored.hash })) return false;
    verified.set(stored, presented);
    return true;
  }
  async function anyKeys(): Promise<boolean> {
    if (!keysSeen) keysSeen = (await options.keys.listKeys()).length > 0;
    return keysSeen;
  }
  async function authenticate(header: string | undefined): Promise<Principal> {
    if (header === undefined || header.trim() === '') {
      if (!(await anyKeys())) return ANONYMOUS_PRINCIPAL;
      throw new MempError('UNAUTHORIZED', 'an API key is required: send "Authorization: Bearer <key>"');
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const parts = match ? parseApiKey(match[1] as string) : undefined;
    if (!parts)
      throw new MempError('UNAUTHORIZED', 'malformed Authorization header: expected "Bearer memp_<id>_<secret>"');
    const stored = await options.keys.findKey({ id: parts.id });
    if (!stored || !matches(stored, parts.secret)) {
      throw new MempError('UNAUTHORIZED', 'unknown API key');
    }
    if (stored.record.revokedAt !== undefined)
      throw new MempError('UNAUTHORIZED', 'this API key was revoked', { details: { keyId: parts.id } });
    keysSeen = true;
    const { id, namespace, role } = stored.record;
    return { keyId: id, namespace, role, trust: keyTrust(stored.record) };
  }
  return Object.assign(authenticate, { allowsAnonymous: async () => !(await anyKeys()) });
}

/** Authenticates an `Authorization` header (see {@link createAuthenticator}). */
export type Authenticator = ReturnType<typeof createAuthenticator>;
