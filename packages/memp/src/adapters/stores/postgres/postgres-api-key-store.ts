import { MempError } from '../../../core/errors.js';
import type { ApiKeyRecord, ApiKeyStore, StoredApiKey } from '../../../ports/api-key-store.js';
import { checkStoredApiKey, storedApiKeyFromJson } from '../shared/api-key-validation.js';
import { type PostgresConnectionOptions, connectPostgres } from './postgres-connect.js';
import type { PostgresSession } from './postgres-session.js';

/** Options for {@link createPostgresApiKeyStore}: give `connectionString` or `pool` (e.g. the memory store's). */
export type PostgresApiKeyStoreOptions = PostgresConnectionOptions;

/**
 * The PostgreSQL {@link ApiKeyStore}: table `api_keys`, one JSON body per key, in the same database as the
 * memories. Two processes creating the same id race on the primary key: the loser gets `CONFLICT`.
 */
export class PostgresApiKeyStore implements ApiKeyStore {
  /** The port specification this adapter follows. */
  readonly specificationVersion = 'v1' as const;
  /** `session`: connected and migrated (see {@link createPostgresApiKeyStore}). */
  constructor(private readonly session: PostgresSession) {}

  async createKey(key: StoredApiKey): Promise<void> {
    this.session.assertOpen();
    const checked = checkStoredApiKey(key);
    await this.session.transaction(async (client) => {
      const inserted = await client.query(
        'INSERT INTO api_keys (id, created_at, body) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING',
        [checked.record.id, checked.record.createdAt, JSON.stringify(checked)],
      );
      if (inserted.rowCount !== 1) {
        throw new MempError('CONFLICT', `API key ${checked.record.id} exists`, { details: { id: checked.record.id } });
      }
    });
  }

  async findKey({ id }: { id: string }): Promise<StoredApiKey | undefined> {
    const r = await this.session.query<{ body: string }>('SELECT body FROM api_keys WHERE id = $1', [id]);
    const body = r.rows[0]?.body;
    return body === undefined ? undefined : storedApiKeyFromJson(body);
  }

  async listKeys(): Promise<ApiKeyRecord[]> {
    const r = await this.session.query<{ body: string }>('SELECT body FROM api_keys ORDER BY created_at, id');
    return r.rows.map((row) => storedApiKeyFromJson(row.body).record);
  }

  async revokeKey({ id, at }: { id: string; at: string }): Promise<ApiKeyRecord> {
    return this.session.transaction(async (client) => {
      const r = await client.query<{ body: string }>('SELECT body FROM api_keys WHERE id = $1 FOR UPDATE', [id]);
      const body = r.rows[0]?.body;
      if (body === undefined) throw new MempError('NOT_FOUND', `no API key ${id}`, { details: { id } });
      const key = storedApiKeyFromJson(body);
      if (key.record.revokedAt === undefined) {
        key.record.revokedAt = at;
        await client.query('UPDATE api_keys SET body = $1 WHERE id = $2', [JSON.stringify(key), id]);
      }
      return key.record;
    });
  }

  async close(): Promise<void> {
    await this.session.close();
  }
}

/**
 * Connects a {@link PostgresApiKeyStore} (applying pending migrations, like the memory store). Given the memory
 * store's `pool`, both share its connections and neither ends it. `INVALID_ARGUMENT` for bad options,
 * `STORAGE_FAILED` when the database cannot be reached.
 */
export async function createPostgresApiKeyStore(options: PostgresApiKeyStoreOptions): Promise<ApiKeyStore> {
  return new PostgresApiKeyStore(await connectPostgres(options, 'PostgreSQL API key store'));
}
