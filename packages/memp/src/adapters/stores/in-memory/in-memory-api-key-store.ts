import { MempError } from '../../../core/errors.js';
import type { ApiKeyStore, StoredApiKey } from '../../../ports/api-key-store.js';
import { byKeyCreation, checkStoredApiKey } from '../shared/api-key-validation.js';

/** The reference {@link ApiKeyStore}: a map, deep-copied in and out. `open` throws once the owning store is closed. */
export function createInMemoryApiKeyStore(options: { open: () => void }): ApiKeyStore {
  const keys = new Map<string, StoredApiKey>();
  return {
    async createKey(key) {
      options.open();
      const checked = checkStoredApiKey(key);
      if (keys.has(checked.record.id)) {
        throw new MempError('CONFLICT', `API key ${checked.record.id} exists`, { details: { id: checked.record.id } });
      }
      keys.set(checked.record.id, structuredClone(checked));
    },
    async findKey({ id }) {
      options.open();
      const key = keys.get(id);
      return key === undefined ? undefined : structuredClone(key);
    },
    async listKeys() {
      options.open();
      return [...keys.values()].map((k) => structuredClone(k.record)).sort(byKeyCreation);
    },
    async revokeKey({ id, at }) {
      options.open();
      const key = keys.get(id);
      if (key === undefined) throw new MempError('NOT_FOUND', `no API key ${id}`, { details: { id } });
      if (key.record.revokedAt === undefined) key.record.revokedAt = at;
      return structuredClone(key.record);
    },
  };
}
