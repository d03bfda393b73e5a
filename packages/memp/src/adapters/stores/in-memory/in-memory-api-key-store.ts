import { MempError } from '../../../core/errors.js';
import type { ApiKeyRecord, ApiKeyStore, StoredApiKey } from '../../../ports/api-key-store.js';
import { byKeyCreation, checkStoredApiKey } from '../shared/api-key-validation.js';

/** The reference {@link ApiKeyStore}: a map, deep-copied in and out. Not persistent. */
export class InMemoryApiKeyStore implements ApiKeyStore {
  /** The port specification this adapter follows. */
  readonly specificationVersion = 'v1' as const;
  private readonly keys = new Map<string, StoredApiKey>();
  private closed = false;

  async createKey(key: StoredApiKey): Promise<void> {
    this.open();
    const checked = checkStoredApiKey(key);
    if (this.keys.has(checked.record.id)) {
      throw new MempError('CONFLICT', `API key ${checked.record.id} exists`, { details: { id: checked.record.id } });
    }
    this.keys.set(checked.record.id, structuredClone(checked));
  }

  async findKey({ id }: { id: string }): Promise<StoredApiKey | undefined> {
    this.open();
    const key = this.keys.get(id);
    return key === undefined ? undefined : structuredClone(key);
  }

  async listKeys(): Promise<ApiKeyRecord[]> {
    this.open();
    return [...this.keys.values()].map((k) => structuredClone(k.record)).sort(byKeyCreation);
  }

  async revokeKey({ id, at }: { id: string; at: string }): Promise<ApiKeyRecord> {
    this.open();
    const key = this.keys.get(id);
    if (key === undefined) throw new MempError('NOT_FOUND', `no API key ${id}`, { details: { id } });
    if (key.record.revokedAt === undefined) key.record.revokedAt = at;
    return structuredClone(key.record);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.keys.clear();
  }

  private open(): void {
    if (this.closed) throw new MempError('STORAGE_FAILED', 'the API key store is closed');
  }
}

/** The reference {@link ApiKeyStore} (see {@link InMemoryApiKeyStore}), for tests and servers without persistence. */
export function createInMemoryApiKeyStore(): ApiKeyStore {
  return new InMemoryApiKeyStore();
}
