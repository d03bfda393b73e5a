import { MempError } from '../core/errors.js';
import type { ApiKeyStore } from '../ports/api-key-store.js';
import type { MemoryStore } from '../ports/memory-store.js';
import type { PostgresTuning } from './postgres-tuning.js';

/** Where the CLI keeps memories and API keys: a PostgreSQL URL when given, else the SQLite file. */
export interface StoreLocation {
  /** SQLite file (`--db`, `$MEMP_DB`, `./memp.db`). */
  db: string;
  /** PostgreSQL URL (`--database-url`, `$MEMP_DATABASE_URL`); when set, it wins over `db`. */
  databaseUrl?: string;
  /** PostgreSQL pool size, search threshold and vector cache (`--pool-size`, `--exact-search-max-rows`, `--vector-cache-max-rows`). */
  postgres?: PostgresTuning;
  /** SQLite: who checkpoints the WAL (`memp serve`: a background thread; see `SqliteDatabaseOptions.checkpoints`). */
  sqliteCheckpoints?: 'inline' | 'background';
}

/** Fails with `INVALID_ARGUMENT` unless `url` is a `postgres://` or `postgresql://` URL. */
export function checkDatabaseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new MempError('INVALID_ARGUMENT', '--database-url must be a postgres://user@host:port/database URL', {
      details: { field: '--database-url' },
    });
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new MempError(
      'INVALID_ARGUMENT',
      `--database-url must use postgres:// or postgresql://, not ${parsed.protocol}//`,
      {
        details: { field: '--database-url' },
      },
    );
  }
  return url;
}

/**
 * Opens the CLI's store. Each adapter is loaded by a dynamic import when it is needed, so SQLite-only runs never load
 * the `pg` driver and commands that open no store (`--help`) load no native module.
 */
export async function openStore(location: StoreLocation): Promise<MemoryStore> {
  if (location.databaseUrl === undefined) {
    const { createSqliteMemoryStore } = await import('../adapters/stores/sqlite/sqlite-memory-store.js');
    return createSqliteMemoryStore({
      path: location.db,
      ...(location.sqliteCheckpoints === undefined ? {} : { checkpoints: location.sqliteCheckpoints }),
    });
  }
  const connectionString = checkDatabaseUrl(location.databaseUrl);
  const { createPostgresMemoryStore } = await import('../adapters/stores/postgres/postgres-memory-store.js');
  return createPostgresMemoryStore({ connectionString, ...location.postgres });
}

/**
 * Opens the server's API key store in the same database as {@link openStore} (its own SQLite connection or a
 * small PostgreSQL pool), so `memp keys` never opens the engine. PostgreSQL is loaded only when asked for.
 */
export async function openApiKeyStore(location: StoreLocation): Promise<ApiKeyStore> {
  if (location.databaseUrl === undefined) {
    const { createSqliteApiKeyStore } = await import('../adapters/stores/sqlite/sqlite-api-key-store.js');
    return createSqliteApiKeyStore({ path: location.db });
  }
  const connectionString = checkDatabaseUrl(location.databaseUrl);
  const { createPostgresApiKeyStore } = await import('../adapters/stores/postgres/postgres-api-key-store.js');
  return createPostgresApiKeyStore({ connectionString, poolSize: 2 });
}
