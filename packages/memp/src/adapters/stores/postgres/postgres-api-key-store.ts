import { MempError } from '../../../core/errors.js';
import type { ApiKeyStore } from '../../../ports/api-key-store.js';
import { checkStoredApiKey, storedApiKeyFromJson } from '../shared/api-key-validation.js';
import type { PostgresSession } from './postgres-session.js';

/**
 * The PostgreSQL {@link ApiKeyStore}: table `api_keys`, one JSON body per key, in the same database as the
 * memories. Two processes creating the same id race on the primary key: the loser gets `CONFLICT`.
 */
export function createPostgresApiKeyStore(options: { session: PostgresSession }): ApiKeyStore {
  const { session } = options;
  return {
    async createKey(key) {
      session.assertOpen();
      const checked = checkStoredApiKey(key);
      await session.transaction(async (client) => {
        const inserted = await client.query(
          'INSERT INTO api_keys (id, created_at, body) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING',
          [checked.record.id, checked.record.createdAt, JSON.stringify(checked)],
        );
        if (inserted.rowCount !== 1) {
          throw new MempError('CONFLICT', `API key ${checked.record.id} exists`, {
            details: { id: checked.record.id },
          });
        }
      });
    },
    async findKey({ id }) {
      const r = await session.query<{ body: string }>('SELECT body FROM api_keys WHERE id = $1', [id]);
      const body = r.rows[0]?.body;
      return body === undefined ? undefined : storedApiKeyFromJson(body);
    },
    async listKeys() {
      const r = await session.query<{ body: string }>('SELECT body FROM api_keys ORDER BY created_at, id');
      return r.rows.map((row) => storedApiKeyFromJson(row.body).record);
    },
    async revokeKey({ id, at }) {
      return session.transaction(async (client) => {
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
    },
  };
}
