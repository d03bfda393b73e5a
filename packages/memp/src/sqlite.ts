// The entry point `memp/sqlite`: the embedded SQLite store (better-sqlite3, a native module; large namespaces
// use usearch's HNSW index, also native). The file build cache is in memp/ai.
// Explicit named exports only.

export {
  createSqliteMemoryStore,
  DEFAULT_APPROXIMATE_INDEX_MIN_ACTIVE,
} from './adapters/stores/sqlite/sqlite-memory-store.js';
export type {
  SqliteApproximateIndexOptions,
  SqliteMemoryStoreOptions,
} from './adapters/stores/sqlite/sqlite-memory-store.js';
export { SQLITE_SCHEMA_VERSION } from './adapters/stores/sqlite/sqlite-migrations.js';
