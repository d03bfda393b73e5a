import type Database from 'better-sqlite3';
import { MempError } from '../../../core/errors.js';
import type { ApiKeyStore } from '../../../ports/api-key-store.js';
import { checkStoredApiKey, storedApiKeyFromJson } from '../shared/api-key-validation.js';

/**
 * The SQLite {@link ApiKeyStore}: table `api_keys` (migration 2), one JSON body per key. `read`/`write` run a
 * function in the owning store's read or `BEGIN IMMEDIATE` transaction, with its error wrapping.
 */
export function createSqliteApiKeyStore(options: {
  db: Database.Database;
  read: <T>(fn: () => T) => T;
  write: <T>(fn: () => T) => T;
}): ApiKeyStore {
  const { db, read, write } = options;
  // Prepared once (on first use, after the migrations): every authenticated HTTP request looks its key up.
  let findStatement: Database.Statement | undefined;
  const find = (id: string): unknown => {
    findStatement ??= db.prepare('SELECT body FROM api_keys WHERE id = ?').pluck();
    return findStatement.get(id);
  };
  return {
    async createKey(key) {
      const checked = checkStoredApiKey(key);
      write(() => {
        if (find(checked.record.id) !== undefined) {
          throw new MempError('CONFLICT', `API key ${checked.record.id} exists`, {
            details: { id: checked.record.id },
          });
        }
        db.prepare('INSERT INTO api_keys (id, created_at, body) VALUES (?, ?, ?)').run(
          checked.record.id,
          checked.record.createdAt,
          JSON.stringify(checked),
        );
      });
    },
    async findKey({ id }) {
      return read(() => {
        const body = find(id);
        return body === undefined ? undefined : storedApiKeyFromJson(body);
      });
    },
    async listKeys() {
      return read(() =>
        db
          .prepare('SELECT body FROM api_keys ORDER BY created_at, id')
          .pluck()
          .all()
          .map((b) => storedApiKeyFromJson(b).record),
      );
    },
    async revokeKey({ id, at }) {
      return write(() => {
        const body = find(id);
        if (body === undefined) throw new MempError('NOT_FOUND', `no API key ${id}`, { details: { id } });
        const key = storedApiKeyFromJson(body);
        if (key.record.revokedAt === undefined) {
          key.record.revokedAt = at;
          db.prepare('UPDATE api_keys SET body = ? WHERE id = ?').run(JSON.stringify(key), id);
        }
        return key.record;
      });
    },
  };
}
