import type { ApiKeyRecord, ApiKeyStore, StoredApiKey } from '../../ports/api-key-store.js';

/** Options of {@link createCachingApiKeyStore}. */
export interface CachingApiKeyStoreOptions {
  /**
   * How long a key found in the store is reused without asking the store again, in ms: the longest a revocation
   * made through another process (another server on the same database, `memp keys revoke`) takes to refuse the
   * key here. 0 turns the cache off.
   */
  maxAgeMs: number;
  /** At most this many keys are kept (the oldest entry goes first). Default 10 000. */
  maxEntries?: number;
  /** The clock, in ms (tests). Default `Date.now`. */
  now?: () => number;
}

/**
 * An {@link ApiKeyStore} that remembers the keys `findKey` found for `maxAgeMs`, so an authenticated request costs no
 * store round trip while its key is fresh. Only keys that exist are cached: a key created anywhere works at once.
 * A key revoked through this decorator is refused at once; one revoked elsewhere within `maxAgeMs` (the staleness
 * bound, documented in docs/operations.md). Concurrent lookups of one uncached id share one store call. Everything
 * else goes straight to `inner`; `close()` closes it.
 */
export function createCachingApiKeyStore(inner: ApiKeyStore, options: CachingApiKeyStoreOptions): ApiKeyStore {
  if (!(options.maxAgeMs > 0)) return inner;
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 10_000;
  const cache = new Map<string, { key: StoredApiKey; at: number }>();
  const pending = new Map<string, Promise<StoredApiKey | undefined>>();
  /** Bumped by every change made here, so a lookup that started before it does not cache what it read. */
  let generation = 0;

  async function lookUp(id: string): Promise<StoredApiKey | undefined> {
    const started = generation;
    const at = now();
    const key = await inner.findKey({ id });
    if (key !== undefined && started === generation) {
      cache.delete(id);
      cache.set(id, { key, at });
      if (cache.size > maxEntries) cache.delete(cache.keys().next().value as string);
    }
    return key;
  }

  return {
    specificationVersion: inner.specificationVersion,
    async createKey(key: StoredApiKey): Promise<void> {
      generation += 1;
      cache.delete(key?.record?.id);
      pending.delete(key?.record?.id);
      await inner.createKey(key);
    },
    async findKey({ id }: { id: string }): Promise<StoredApiKey | undefined> {
      const hit = cache.get(id);
      if (hit !== undefined && now() - hit.at < options.maxAgeMs) return hit.key;
      let lookup = pending.get(id);
      if (lookup === undefined) {
        lookup = lookUp(id).finally(() => pending.delete(id));
        pending.set(id, lookup);
      }
      return lookup;
    },
    listKeys(): Promise<ApiKeyRecord[]> {
      return inner.listKeys();
    },
    async revokeKey(query: { id: string; at: string }): Promise<ApiKeyRecord> {
      generation += 1;
      cache.delete(query?.id);
      pending.delete(query?.id);
      try {
        return await inner.revokeKey(query);
      } finally {
        cache.delete(query?.id);
      }
    },
    async close(): Promise<void> {
      cache.clear();
      await inner.close();
    },
  };
}
