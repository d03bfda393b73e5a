/**
 * `memp/postgres`: the PostgreSQL + pgvector memory store and API key store (which can share one pool). A separate
 * entry point so that the core (`memp`) never loads the `pg` driver.
 */
export { createPostgresMemoryStore } from './adapters/stores/postgres/postgres-memory-store.js';
export type { PostgresMemoryStoreOptions } from './adapters/stores/postgres/postgres-memory-store.js';
export { createPostgresApiKeyStore } from './adapters/stores/postgres/postgres-api-key-store.js';
export type { PostgresApiKeyStoreOptions } from './adapters/stores/postgres/postgres-api-key-store.js';
export type { PostgresConnectionOptions } from './adapters/stores/postgres/postgres-connect.js';
export type { PostgresSearchInfo } from './adapters/stores/postgres/postgres-search.js';
export {
  migratePostgres,
  POSTGRES_MIGRATIONS,
  POSTGRES_SCHEMA_VERSION,
} from './adapters/stores/postgres/postgres-migrations.js';
export type { PostgresMigration } from './adapters/stores/postgres/postgres-migrations.js';
