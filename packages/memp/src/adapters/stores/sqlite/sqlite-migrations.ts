import type Database from 'better-sqlite3';
import { MempError } from '../../../core/errors.js';
import { bytesToVector } from '../../../core/vector.js';
import { KeywordRefs, prepareKeywordStatements } from './sqlite-embeddings.js';
import { indexAllMemories, SQLITE_LEXICON_SCHEMA } from './sqlite-lexicon.js';
import { SQLITE_LEXICON_CHANGES_SCHEMA } from './sqlite-lexicon-changes.js';
import { encodeVector } from './vector-encoding.js';

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
 * per namespace. Its `memory_embeddings` insert is frozen here in the schema-3 layout (migration 4 changed that
 * table); the keyword statements it shares with the store act on `keyword_vectors`, unchanged since schema 3.
 */
function moveVectorsToCompactLayout(db: Database.Database): void {
  const st = prepareKeywordStatements(db);
  const insertSchema3Embedding = db.prepare(
    'INSERT INTO memory_embeddings (namespace, memory_id, task, keywords) VALUES (?, ?, ?, ?)',
  );
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
    const keys = keywords.map((k) => refs.reference(encodeVector(k)));
    insertSchema3Embedding.run(namespace, memoryId, encodeVector(task), keys.join(' '));
    refs.flush();
  }
  db.exec('DROP TABLE memory_vectors');
}

/**
 * The schema history, oldest first. Never edit a released migration: append a new one.
 * Vectors are BLOBs in the compact encoding of `vector-encoding.ts` (float32 BLOBs before schema 3); their
 * embedder and dimension live in `namespace_spaces`.
 * A namespace's generation counts the writes that change what search sees, so every connection can tell cheaply
 * whether its cached matrices are stale: `namespace_generations` until schema 4, since then the newest generation
 * in `search_changes`, which names the memories each recent generation changed (`''` for all of them), so a stale
 * cache catches up on just those.
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
  {
    // Fewer B-trees written per learn: a memory's embedding row is found by its primary key (no rowid, no
    // separate index, no AUTOINCREMENT counter), and the generation counter is the newest `search_changes` row.
    // `version` (the generation that wrote the vectors) replaces `key` to tell a cache that they changed.
    version: 4,
    name: 'leaner writes',
    sql: `
      CREATE TABLE memory_embeddings_v4 (
        namespace TEXT NOT NULL,
        memory_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        task BLOB NOT NULL,
        keywords TEXT NOT NULL,
        PRIMARY KEY (namespace, memory_id)
      ) WITHOUT ROWID;
      INSERT INTO memory_embeddings_v4 (namespace, memory_id, version, task, keywords)
        SELECT namespace, memory_id, 0, task, keywords FROM memory_embeddings;
      DROP TABLE memory_embeddings;
      ALTER TABLE memory_embeddings_v4 RENAME TO memory_embeddings;

      INSERT OR IGNORE INTO search_changes (namespace, generation, memory_id)
        SELECT namespace, generation, '' FROM namespace_generations WHERE generation > 0;
      DROP TABLE namespace_generations;
    `,
  },
  {
    // Idempotent learns: a learn remembered by the content digest of its trajectory (and the caller's key).
    version: 5,
    name: 'learn records',
    sql: `
      CREATE TABLE learn_records (
        namespace TEXT NOT NULL,
        digest TEXT NOT NULL,
        trajectory_id TEXT NOT NULL,
        idempotency_key TEXT,
        at TEXT NOT NULL,
        result TEXT NOT NULL,
        PRIMARY KEY (namespace, digest)
      ) WITHOUT ROWID;
      CREATE INDEX learn_records_by_key ON learn_records (namespace, idempotency_key)
        WHERE idempotency_key IS NOT NULL;
    `,
  },
  {
    // Attributed evidence per memory (uses, outcomes, support, candidates and their resolution), append-only.
    version: 6,
    name: 'memory evidence',
    sql: `
      CREATE TABLE memory_evidence (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        namespace TEXT NOT NULL,
        id TEXT NOT NULL,
        memory_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        body TEXT NOT NULL
      );
      CREATE UNIQUE INDEX memory_evidence_by_id ON memory_evidence (namespace, id);
      CREATE INDEX memory_evidence_by_memory ON memory_evidence (namespace, memory_id);
    `,
  },
  {
    // The lexical index of the hybrid retrieval policy (see `sqlite-lexicon.ts`), filled from the stored memories.
    version: 7,
    name: 'lexical index',
    sql: SQLITE_LEXICON_SCHEMA,
    migrate: indexAllMemories,
  },
  {
    // The lexical index's change log, which in-process copies of the index catch up from (`sqlite-lexicon-changes.ts`).
    version: 8,
    name: 'lexical change log',
    sql: SQLITE_LEXICON_CHANGES_SCHEMA,
  },
  {
    // Evidence of some kinds for some memories (what a retrieve's tie-break reads: success and failure records)
    // found from the index alone, without reading every record of each memory; a memory with none costs one probe
    // per kind. The (namespace, memory_id) index is this one's prefix, so it goes.
    version: 9,
    name: 'evidence by memory and kind',
    sql: `
      CREATE INDEX memory_evidence_by_memory_kind ON memory_evidence (namespace, memory_id, kind);
      DROP INDEX memory_evidence_by_memory;
    `,
  },
  {
    // The track record of some memories (their success and failure evidence: what a retrieve's tie-break reads for
    // every tied group it settles) from an index of just those records. They are few beside the support and use
    // records every memory gathers, so this index stays small and its pages stay cached, where a probe into the
    // index of version 9 lands on a page of a large index that is mostly not.
    version: 10,
    name: 'track-record evidence by memory',
    sql: `
      CREATE INDEX memory_evidence_track_record ON memory_evidence (namespace, memory_id)
        WHERE kind IN ('success', 'failure');
    `,
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
