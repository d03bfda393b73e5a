import type Database from 'better-sqlite3';
import { MempError } from '../../../core/errors.js';
import { bytesToVector } from '../../../core/vector.js';
import { KeywordRefs, insertEmbedding, prepareEmbeddingStatements } from './sqlite-embeddings.js';

/** One schema step. `version` is the `PRAGMA user_version` the database has after it. */
export interface SqliteMigration {
  version: number;
  name: string;
  sql: string;
  /** Moves data after `sql` ran, in the same transaction. */
  migrate?: (db: Database.Database) => void;
}

/**
 * Migration 3's data step: every memory's float32 rows of `memory_vectors` (field 0 the task, field 1 its
 * keywords by ordinal) become one `memory_embeddings` row in the compact encoding, keyword vectors stored once
 * per namespace. Note: it writes through the current embedding statements; a later schema change to those
 * tables must give this step its own frozen copy.
 */
function moveVectorsToCompactLayout(db: Database.Database): void {
  const st = prepareEmbeddingStatements(db);
  const owners = db.prepare('SELECT DISTINCT namespace, memory_id FROM memory_vectors').all() as Array<{
    namespace: string;
    memory_id: string;
  }>;
  const rowsOf = db.prepare(
    'SELECT field, vector FROM memory_vectors WHERE namespace = ? AND memory_id = ? ORDER BY field, ordinal',
  );
  for (const { namespace, memory_id: memoryId } of owners) {
    let task: Float32Array | undefined;
    const keywords: Float32Array[] = [];
    for (const row of rowsOf.all(namespace, memoryId) as Array<{ field: number; vector: Uint8Array }>) {
      if (row.field === 0) task = bytesToVector(row.vector);
      else keywords.push(bytesToVector(row.vector));
    }
    if (task === undefined) throw new MempError('STORAGE_FAILED', `memory ${memoryId} has no task vector`);
    const refs = new KeywordRefs(st, namespace);
    insertEmbedding(st, { refs, memoryId, vectors: { task, keywords } });
    refs.flush();
  }
  db.exec('DROP TABLE memory_vectors');
}

/**
 * The schema history, oldest first. Never edit a released migration: append a new one.
 * Vectors are BLOBs in the compact encoding of `vector-encoding.ts` (float32 BLOBs before schema 3); their
 * embedder and dimension live in `namespace_spaces`.
 * `namespace_generations` counts the writes that change what search sees, so every connection can tell
 * cheaply whether its cached matrices are stale; `search_changes` (schema 3) names the memories each recent
 * generation changed (`''` for all of them), so a stale cache catches up on just those.
 */
export const SQLITE_MIGRATIONS: readonly SqliteMigration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE memories (
        namespace TEXT NOT NULL,
        id TEXT NOT NULL,
        status TEXT NOT NULL,
        kind TEXT NOT NULL,
        created_at TEXT NOT NULL,
        version INTEGER NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (namespace, id)
      );
      CREATE INDEX memories_by_creation ON memories (namespace, created_at, id);
      CREATE INDEX memories_by_status ON memories (namespace, status, created_at, id);

      CREATE TABLE memory_vectors (
        namespace TEXT NOT NULL,
        field INTEGER NOT NULL,
        memory_id TEXT NOT NULL,
        ordinal INTEGER NOT NULL,
        vector BLOB NOT NULL,
        PRIMARY KEY (namespace, field, memory_id, ordinal)
      );

      CREATE TABLE revisions (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        namespace TEXT NOT NULL,
        memory_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        body TEXT NOT NULL
      );
      CREATE INDEX revisions_by_memory ON revisions (namespace, memory_id, version);

      CREATE TABLE trajectories (
        namespace TEXT NOT NULL,
        id TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (namespace, id)
      );

      CREATE TABLE namespace_spaces (
        namespace TEXT PRIMARY KEY,
        embedder TEXT NOT NULL,
        dimension INTEGER NOT NULL
      );

      CREATE TABLE namespace_generations (
        namespace TEXT PRIMARY KEY,
        generation INTEGER NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'API keys',
    sql: `
      CREATE TABLE api_keys (
        id TEXT PRIMARY KEY,
        created_at TEXT NOT NULL,
        body TEXT NOT NULL
      );
    `,
  },
  {
    version: 3,
    name: 'compact vectors',
    sql: `
      CREATE TABLE memory_embeddings (
        key INTEGER PRIMARY KEY AUTOINCREMENT,
        namespace TEXT NOT NULL,
        memory_id TEXT NOT NULL,
        task BLOB NOT NULL,
        keywords TEXT NOT NULL
      );
      CREATE UNIQUE INDEX memory_embeddings_by_memory ON memory_embeddings (namespace, memory_id);

      CREATE TABLE keyword_vectors (
        key INTEGER PRIMARY KEY AUTOINCREMENT,
        namespace TEXT NOT NULL,
        digest INTEGER NOT NULL,
        refs INTEGER NOT NULL,
        vector BLOB NOT NULL
      );
      CREATE INDEX keyword_vectors_by_digest ON keyword_vectors (namespace, digest);

      CREATE TABLE search_changes (
        namespace TEXT NOT NULL,
        generation INTEGER NOT NULL,
        memory_id TEXT NOT NULL,
        PRIMARY KEY (namespace, generation, memory_id)
      ) WITHOUT ROWID;

      CREATE TABLE store_meta (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      INSERT INTO store_meta (name, value) VALUES ('store_id', lower(hex(randomblob(16))));
    `,
    migrate: moveVectorsToCompactLayout,
  },
];

/** The schema version this code writes. */
export const SQLITE_SCHEMA_VERSION = SQLITE_MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);

function userVersion(db: Database.Database): number {
  const value: unknown = db.pragma('user_version', { simple: true });
  if (typeof value !== 'number') throw new MempError('STORAGE_FAILED', 'cannot read the schema version');
  return value;
}

/**
 * Brings the database to {@link SQLITE_SCHEMA_VERSION}, one migration per `BEGIN IMMEDIATE` transaction
 * (so two processes opening a fresh file migrate it once). Idempotent. Refuses, with `STORAGE_FAILED`, a
 * database written by a newer memp.
 */
export function migrateSqlite(options: { db: Database.Database; migrations?: readonly SqliteMigration[] }): {
  from: number;
  to: number;
} {
  const { db } = options;
  const migrations = [...(options.migrations ?? SQLITE_MIGRATIONS)].sort((a, b) => a.version - b.version);
  const latest = migrations.at(-1)?.version ?? 0;
  const from = userVersion(db);
  if (from > latest) {
    throw new MempError(
      'STORAGE_FAILED',
      `the database has schema version ${from}, newer than the ${latest} this memp supports; upgrade memp`,
      { details: { found: from, supported: latest } },
    );
  }
  for (const migration of migrations) {
    if (migration.version <= from) continue;
    db.transaction(() => {
      const now = userVersion(db);
      if (now >= migration.version) return;
      if (now !== migration.version - 1) {
        throw new MempError('STORAGE_FAILED', `cannot migrate from schema ${now} to ${migration.version}`);
      }
      db.exec(migration.sql);
      migration.migrate?.(db);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
  return { from, to: userVersion(db) };
}
