// The entry point `memp/sqlite`: the embedded SQLite memory store (better-sqlite3, a native module; large namespaces
// use usearch's HNSW index, also native), its API key store, and the database they can share. The file build cache
// is in memp/ai.
// Explicit named exports only.

export {
  createSqliteMemoryStore,
  DEFAULT_APPROXIMATE_INDEX_MIN_ACTIVE,
} from './adapters/stores/sqlite/sqlite-memory-store.js';
export type {
  SqliteApproximateIndexOptions,
  SqliteMemoryStoreOptions,
} from './adapters/stores/sqlite/sqlite-memory-store.js';
export { createSqliteApiKeyStore } from './adapters/stores/sqlite/sqlite-api-key-store.js';
export type { SqliteApiKeyStoreOptions } from './adapters/stores/sqlite/sqlite-api-key-store.js';
export { openSqliteDatabase } from './adapters/stores/sqlite/sqlite-database.js';
export type {
  SqliteDatabase,
  SqliteDatabaseOptions,
  SqliteDatabaseSource,
} from './adapters/stores/sqlite/sqlite-database.js';
export { SQLITE_SCHEMA_VERSION } from './adapters/stores/sqlite/sqlite-migrations.js';
