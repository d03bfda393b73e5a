import type pg from 'pg';
import { MempError } from '../../../core/errors.js';
import { POSTGRES_LEXICON_SCHEMA } from './postgres-lexicon.js';
import { taskIndexPredicate } from './postgres-task-index-predicate.js';
import { ensureVectorExtension } from './postgres-vector-extension.js';

/** One schema step, applied in its own transaction and recorded in `schema_migrations`. */
export interface PostgresMigration {
  version: number;
  name: string;
  sql: string;
}

/** Advisory lock keys of memp (two-int key space: `memp` in ASCII, then the purpose). */
export const MEMP_LOCK_SPACE = 0x6d656d70;
/** Held (session level) while migrating, so that concurrent openers migrate once. */
export const MIGRATION_LOCK = 1;
/** Held (transaction level) while creating an HNSW index for a new dimension. */
export const INDEX_LOCK = 2;

/**
 * The schema history, oldest first. Never edit a released migration: append one.
 *
 * Text columns that are compared or ordered use `COLLATE "C"`, so ids and namespaces sort by code unit as in
 * the other stores, whatever the database's locale. Bodies are the zod-validated JSON text of the domain
 * objects. `memory_vectors.embedding` is an untyped `vector` so one table holds every dimension; the HNSW
 * indexes are partial expression indexes per dimension (see `postgres-vector-index.ts`), listed in
 * `vector_indexes`. `memory_vectors.status` copies the memory's status so that a filtered index scan can
 * check it without a join.
 */
export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE memories (
        namespace text COLLATE "C" NOT NULL,
        id text COLLATE "C" NOT NULL,
        status text NOT NULL,
        kind text NOT NULL,
        created_at text COLLATE "C" NOT NULL,
        version integer NOT NULL,
        body text NOT NULL,
        PRIMARY KEY (namespace, id)
      );
      CREATE INDEX memories_by_creation ON memories (namespace, created_at, id);
      CREATE INDEX memories_by_status ON memories (namespace, status, created_at, id);

      CREATE TABLE memory_vectors (
        namespace text COLLATE "C" NOT NULL,
        memory_id text COLLATE "C" NOT NULL,
        field smallint NOT NULL,
        ordinal integer NOT NULL,
        status text NOT NULL,
        dimension integer NOT NULL,
        embedding vector NOT NULL,
        PRIMARY KEY (namespace, memory_id, field, ordinal),
        FOREIGN KEY (namespace, memory_id) REFERENCES memories (namespace, id) ON DELETE CASCADE
      );
      -- pgvector's type defaults to EXTERNAL storage: from ~500 dimensions on, every vector would live in the
      -- TOAST table and exact search would fetch each one from there. MAIN keeps them in the row when they fit.
      ALTER TABLE memory_vectors ALTER COLUMN embedding SET STORAGE MAIN;
      CREATE INDEX memory_vectors_by_field ON memory_vectors (namespace, field, status);

      CREATE TABLE revisions (
        seq bigserial PRIMARY KEY,
        namespace text COLLATE "C" NOT NULL,
        memory_id text COLLATE "C" NOT NULL,
        version integer NOT NULL,
        body text NOT NULL
      );
      CREATE INDEX revisions_by_memory ON revisions (namespace, memory_id, version, seq);

      CREATE TABLE trajectories (
        namespace text COLLATE "C" NOT NULL,
        id text COLLATE "C" NOT NULL,
        body text NOT NULL,
        PRIMARY KEY (namespace, id)
      );

      CREATE TABLE namespace_spaces (
        namespace text COLLATE "C" PRIMARY KEY,
        embedder text NOT NULL,
        dimension integer NOT NULL
      );

      CREATE TABLE vector_indexes (
        dimension integer PRIMARY KEY,
        index_name text NOT NULL,
        element text NOT NULL
      );

      CREATE TABLE api_keys (
        id text COLLATE "C" PRIMARY KEY,
        created_at text COLLATE "C" NOT NULL,
        body text NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'learn records (idempotent learns)',
    sql: `
      CREATE TABLE learn_records (
        namespace text COLLATE "C" NOT NULL,
        digest text COLLATE "C" NOT NULL,
        trajectory_id text COLLATE "C" NOT NULL,
        idempotency_key text COLLATE "C",
        at text COLLATE "C" NOT NULL,
        result text NOT NULL,
        PRIMARY KEY (namespace, digest)
      );
      CREATE INDEX learn_records_by_key ON learn_records (namespace, idempotency_key)
        WHERE idempotency_key IS NOT NULL;
    `,
  },
  {
    version: 3,
    name: 'memory evidence',
    sql: `
      CREATE TABLE memory_evidence (
        seq bigserial PRIMARY KEY,
        namespace text COLLATE "C" NOT NULL,
        id text COLLATE "C" NOT NULL,
        memory_id text COLLATE "C" NOT NULL,
        kind text NOT NULL,
        body text NOT NULL,
        UNIQUE (namespace, id)
      );
      CREATE INDEX memory_evidence_by_memory ON memory_evidence (namespace, memory_id);
    `,
  },
  {
    // The lexical index of the hybrid retrieval policy (see `postgres-lexicon.ts`); existing memories are listed as
    // pending and indexed by the store when it opens.
    version: 4,
    name: 'lexical index',
    sql: POSTGRES_LEXICON_SCHEMA,
  },
  {
    // Per namespace, a counter bumped by every write that changes what a vector search sees (task vectors,
    // statuses, deletions, re-embeddings) and the memories each bump changed: a process keeping a namespace's
    // task vectors in memory (`postgres-vector-cache.ts`) re-reads only those. '' as a memory id: reload it all.
    // The HNSW indexes are rebuilt over task vectors only: only task searches use them, and indexing every
    // keyword vector too made each learn insert about five times as many rows into the graph.
    version: 5,
    name: 'search generations, task-only HNSW indexes',
    sql: `
      CREATE TABLE search_generations (
        namespace text COLLATE "C" PRIMARY KEY,
        generation bigint NOT NULL
      );
      CREATE TABLE search_changes (
        namespace text COLLATE "C" NOT NULL,
        generation bigint NOT NULL,
        memory_id text COLLATE "C" NOT NULL,
        PRIMARY KEY (namespace, generation, memory_id)
      );
      DO $$
      DECLARE r record;
      BEGIN
        FOR r IN SELECT dimension, index_name, element FROM vector_indexes LOOP
          EXECUTE format('DROP INDEX IF EXISTS %I', r.index_name);
          EXECUTE format(
            'CREATE INDEX %I ON memory_vectors USING hnsw ((embedding::%s(%s)) %s) WHERE dimension = %s AND field = 0',
            r.index_name, r.element, r.dimension, r.element || '_cosine_ops', r.dimension);
        END LOOP;
      END $$;
    `,
  },
  {
    // Only the task vectors of namespaces that will search the HNSW index are in it (see `postgres-task-index.ts`):
    // `memory_vectors.indexed` flags them and `namespace_spaces.task_index` says where a namespace stands (`none`,
    // `filling`, `ready`). Existing rows and namespaces keep what they had: every row indexed, every namespace ready
    // (the columns are added with those defaults, a catalog-only change, then the defaults become those of new
    // writes). The indexes are rebuilt with the predicate that includes the flag.
    version: 6,
    name: 'HNSW indexes over flagged rows only, per-namespace task index state',
    sql: `
      ALTER TABLE memory_vectors ADD COLUMN indexed boolean NOT NULL DEFAULT true;
      ALTER TABLE memory_vectors ALTER COLUMN indexed SET DEFAULT false;
      ALTER TABLE namespace_spaces ADD COLUMN task_index text NOT NULL DEFAULT 'ready'
        CHECK (task_index IN ('none', 'filling', 'ready'));
      ALTER TABLE namespace_spaces ALTER COLUMN task_index SET DEFAULT 'none';
      DO $$
      DECLARE r record;
      BEGIN
        FOR r IN SELECT dimension, index_name, element FROM vector_indexes LOOP
          EXECUTE format('DROP INDEX IF EXISTS %I', r.index_name);
          EXECUTE format(
            'CREATE INDEX %I ON memory_vectors USING hnsw ((embedding::%s(%s)) %s) WHERE ${taskIndexPredicate('%s')}',
            r.index_name, r.element, r.dimension, r.element || '_cosine_ops', r.dimension);
        END LOOP;
      END $$;
    `,
  },
  {
    // A retrieve's tie-break asks for the success and failure records of a few memories, which hold many more
    // support records (one per learn that used them): with the kind in the index, those are skipped in the index
    // instead of each fetched from the table to be filtered. The old index was a prefix of this one.
    version: 7,
    name: 'evidence by memory and kind',
    sql: `
      CREATE INDEX memory_evidence_by_memory_kind ON memory_evidence (namespace, memory_id, kind);
      DROP INDEX memory_evidence_by_memory;
    `,
  },
];

/** The schema version this code writes. */
export const POSTGRES_SCHEMA_VERSION = POSTGRES_MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);

async function appliedVersion(client: pg.ClientBase): Promise<number | undefined> {
  const exists = await client.query<{ t: string | null }>("SELECT to_regclass('schema_migrations')::text AS t");
  if (exists.rows[0]?.t == null) return undefined;
  const row = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
  return row.rows[0]?.v ?? 0;
}

function tooNew(found: number, latest: number): MempError {
  return new MempError(
    'STORAGE_FAILED',
    `the database has memp schema version ${found}, newer than the ${latest} this memp supports; upgrade memp`,
    { details: { found, supported: latest } },
  );
}

/**
 * Brings the database to the latest schema: makes sure pgvector is there (see `ensureVectorExtension`), then
 * applies each pending migration in its own transaction, recording it in `schema_migrations`. Concurrent
 * callers (several memp processes starting at once) serialize on a session-level advisory lock, so each
 * migration runs once. Idempotent and cheap when the schema is current (no lock taken). Refuses a database
 * written by a newer memp with `STORAGE_FAILED`.
 */
export async function migratePostgres(options: {
  client: pg.ClientBase;
  migrations?: readonly PostgresMigration[];
}): Promise<{ from: number; to: number }> {
  const { client } = options;
  const migrations = [...(options.migrations ?? POSTGRES_MIGRATIONS)].sort((a, b) => a.version - b.version);
  const latest = migrations.at(-1)?.version ?? 0;
  const current = await appliedVersion(client);
  if (current !== undefined && current > latest) throw tooNew(current, latest);
  if (current === latest) {
    await ensureVectorExtension(client);
    return { from: current, to: current };
  }
  await client.query('SELECT pg_advisory_lock($1, $2)', [MEMP_LOCK_SPACE, MIGRATION_LOCK]);
  try {
    await ensureVectorExtension(client);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const from = (await appliedVersion(client)) ?? 0;
    if (from > latest) throw tooNew(from, latest);
    for (const migration of migrations) {
      if (migration.version <= from) continue;
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
          migration.version,
          migration.name,
        ]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
    return { from: current ?? 0, to: (await appliedVersion(client)) ?? 0 };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1, $2)', [MEMP_LOCK_SPACE, MIGRATION_LOCK]);
  }
}
