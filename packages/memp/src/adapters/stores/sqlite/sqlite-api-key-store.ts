import type Database from 'better-sqlite3';
import { MempError } from '../../../core/errors.js';
import type { ApiKeyRecord, ApiKeyStore, StoredApiKey } from '../../../ports/api-key-store.js';
import { checkStoredApiKey, storedApiKeyFromJson } from '../shared/api-key-validation.js';
import { type SqliteDatabase, type SqliteDatabaseSource, resolveSqliteDatabase } from './sqlite-database.js';

/** Options for {@link createSqliteApiKeyStore}: a `path` to open, or the `database` the memory store runs on. */
export type SqliteApiKeyStoreOptions = SqliteDatabaseSource;

/**
 * The SQLite {@link ApiKeyStore}: table `api_keys` (migration 2), one JSON body per key, in the same file as the
 * memories when given their database. Writes run in `BEGIN IMMEDIATE` transactions, so two processes creating
 * the same id serialize and the second gets `CONFLICT`.
 */
export class SqliteApiKeyStore implements ApiKeyStore {
  /** The port specification this adapter follows. */
  readonly specificationVersion = 'v1' as const;
  private closed = false;
  // Prepared on first use: every authenticated HTTP request looks its key up.
  private findStatement: Database.Statement | undefined;

  /** `owned`: {@link close} closes the database too. */
  constructor(
    private readonly database: SqliteDatabase,
    private readonly owned: boolean,
  ) {}

  async createKey(key: StoredApiKey): Promise<void> {
    const checked = checkStoredApiKey(key);
    this.write(() => {
      if (this.find(checked.record.id) !== undefined) {
        throw new MempError('CONFLICT', `API key ${checked.record.id} exists`, { details: { id: checked.record.id } });
      }
      this.database.connection
        .prepare('INSERT INTO api_keys (id, created_at, body) VALUES (?, ?, ?)')
        .run(checked.record.id, checked.record.createdAt, JSON.stringify(checked));
    });
  }

  async findKey({ id }: { id: string }): Promise<StoredApiKey | undefined> {
    return this.read(() => {
      const body = this.find(id);
      return body === undefined ? undefined : storedApiKeyFromJson(body);
    });
  }

  async listKeys(): Promise<ApiKeyRecord[]> {
    return this.read(() =>
      this.database.connection
        .prepare('SELECT body FROM api_keys ORDER BY created_at, id')
        .pluck()
        .all()
        .map((b) => storedApiKeyFromJson(b).record),
    );
  }

  async revokeKey({ id, at }: { id: string; at: string }): Promise<ApiKeyRecord> {
    return this.write(() => {
      const body = this.find(id);
      if (body === undefined) throw new MempError('NOT_FOUND', `no API key ${id}`, { details: { id } });
      const key = storedApiKeyFromJson(body);
      if (key.record.revokedAt === undefined) {
        key.record.revokedAt = at;
        this.database.connection.prepare('UPDATE api_keys SET body = ? WHERE id = ?').run(JSON.stringify(key), id);
      }
      return key.record;
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.owned) this.database.close();
  }

  private find(id: string): unknown {
    this.findStatement ??= this.database.connection.prepare('SELECT body FROM api_keys WHERE id = ?').pluck();
    return this.findStatement.get(id);
  }

  private read<T>(fn: () => T): T {
    this.assertOpen();
    return this.database.read(fn);
  }

  private write<T>(fn: () => T): T {
    this.assertOpen();
    return this.database.write(fn);
  }

  private assertOpen(): void {
    if (this.closed) throw new MempError('STORAGE_FAILED', 'the API key store is closed');
  }
}

/**
 * Opens a {@link SqliteApiKeyStore}: on its own connection to `path`, or on the `database` shared with the memory
 * store. A bad option is `INVALID_ARGUMENT`; a file that cannot be opened or migrated is `STORAGE_FAILED`.
 */
export function createSqliteApiKeyStore(options: SqliteApiKeyStoreOptions): ApiKeyStore {
  const { database, owned } = resolveSqliteDatabase(options);
  return new SqliteApiKeyStore(database, owned);
}
