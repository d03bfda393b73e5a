// The entry point `memp/sqlite`: the embedded SQLite store (better-sqlite3, a native module) and the file build cache.
// Explicit named exports only.

export { createSqliteMemoryStore } from './adapters/stores/sqlite/sqlite-memory-store.js';
export type { SqliteMemoryStoreOptions } from './adapters/stores/sqlite/sqlite-memory-store.js';
export { SQLITE_SCHEMA_VERSION } from './adapters/stores/sqlite/sqlite-migrations.js';
export { createFileBuildCache } from './adapters/llm/file-build-cache.js';
