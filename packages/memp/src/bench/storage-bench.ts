import { statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { readEmbedding, prepareEmbeddingStatements } from '../adapters/stores/sqlite/sqlite-embeddings.js';
import { SQLITE_MIGRATIONS, migrateSqlite } from '../adapters/stores/sqlite/sqlite-migrations.js';
import { createSqliteMemoryStore } from '../adapters/stores/sqlite/sqlite-memory-store.js';
import { keywordMatchScore } from '../adapters/stores/shared/keyword-match-score.js';
import { createHashingEmbedder } from '../adapters/embedders/hashing-embedder.js';
import { dot, vectorToBytes } from '../core/vector.js';
import { createMemp } from '../composition/create-memp.js';
import type { MemoryVectors, VectorField } from '../ports/memory-store.js';
import { generateSyntheticTrajectories } from './synthetic-trajectories.js';

/** What {@link measureStorage} found. */
export interface StorageFigures {
  memories: number;
  /** Bytes per memory of a schema-2 file (float32 BLOB per task and per keyword occurrence) with the same rows. */
  beforeBytesPerMemory: number;
  /** Bytes per memory of the file the store wrote (compact vectors, schema 3). */
  afterBytesPerMemory: number;
  /** Of which vectors (memory_embeddings + keyword_vectors, with their index), per memory. */
  afterVectorBytesPerMemory: number;
  /** Bytes of the JSONL the trajectories would take, per memory (for scale). */
  jsonlBytesPerMemory: number;
  /** recall@10 of the compact store against the exact float32 ranking of the same vectors, per field. */
  recallAt10: Record<VectorField, number>;
}

function fileBytes(path: string): number {
  const db = new Database(path);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return statSync(path).size;
}

function tableBytes(path: string, tables: string[]): number {
  const db = new Database(path, { readonly: true });
  const sizes = db.prepare('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name').all() as Array<{
    name: string;
    bytes: number;
  }>;
  db.close();
  return sizes.filter((s) => tables.includes(s.name)).reduce((sum, s) => sum + s.bytes, 0);
}

/**
 * Writes the same memories in the layout of schema 2 (the store's layout before compact vectors): every table
 * copied row for row, and one little-endian float32 BLOB per task and per keyword occurrence.
 */
function writeSchema2Copy(options: { from: string; to: string; namespace: string; dimension: number }): void {
  const db = new Database(options.to);
  db.pragma('journal_mode = WAL');
  migrateSqlite({ db, migrations: SQLITE_MIGRATIONS.filter((m) => m.version <= 2) });
  const source = new Database(options.from, { readonly: true });
  const embeddings = prepareEmbeddingStatements(source);
  db.transaction(() => {
    const generations = source
      .prepare('SELECT namespace, max(generation) AS generation FROM search_changes GROUP BY namespace')
      .all() as Array<{ namespace: string; generation: number }>;
    const insertGeneration = db.prepare('INSERT INTO namespace_generations (namespace, generation) VALUES (?, ?)');
    for (const g of generations) insertGeneration.run(g.namespace, g.generation);
    for (const table of ['memories', 'trajectories', 'namespace_spaces']) {
      const rows = source.prepare(`SELECT * FROM ${table}`).all() as Array<Record<string, unknown>>;
      if (rows.length === 0) continue;
      const columns = Object.keys(rows[0] ?? {});
      const insert = db.prepare(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
      );
      for (const row of rows) insert.run(row);
    }
    const insertVector = db.prepare(
      'INSERT INTO memory_vectors (namespace, field, memory_id, ordinal, vector) VALUES (?, ?, ?, ?, ?)',
    );
    const ids = source.prepare('SELECT id FROM memories WHERE namespace = ?').pluck().all(options.namespace);
    for (const id of ids as string[]) {
      const vectors = readEmbedding(embeddings, {
        namespace: options.namespace,
        memoryId: id,
        dimension: options.dimension,
      });
      if (vectors === undefined) continue;
      insertVector.run(options.namespace, 0, id, 0, vectorToBytes(vectors.task));
      vectors.keywords.forEach((k, ordinal) => {
        insertVector.run(options.namespace, 1, id, ordinal, vectorToBytes(k));
      });
    }
  })();
  source.close();
  db.close();
}

/** The exact score the scan computed before compact vectors (float32 values, float64 sums). */
function exactScore(field: VectorField, queries: Float32Array[], vectors: MemoryVectors): number {
  const rows = field === 'task' ? [vectors.task] : vectors.keywords;
  if (rows.length === 0) return Number.NEGATIVE_INFINITY;
  const forward = queries.reduce((sum, q) => sum + Math.max(...rows.map((r) => dot(q, r))), 0) / queries.length;
  if (field === 'task') return forward;
  const backward = rows.reduce((sum, r) => sum + Math.max(...queries.map((q) => dot(q, r))), 0) / rows.length;
  return keywordMatchScore(forward, backward);
}

/**
 * Learns `count` synthetic trajectories into a SQLite file and reports bytes per memory on disk before (the same
 * rows in the schema-2 layout) and after (compact vectors), and whether the compact store ranks exactly as the
 * float32 scan did (recall@10 over `queries` synthetic tasks, per field; ties count as found).
 */
export async function measureStorage(options: {
  dir: string;
  count: number;
  queries?: number;
}): Promise<StorageFigures> {
  const { dir, count } = options;
  const namespace = 'default';
  const after = join(dir, `storage-after-${count}.db`);
  const trajectories = generateSyntheticTrajectories({ count, seed: 21, prefix: 'size' });
  const embedder = createHashingEmbedder();
  // The exact scan: this compares the stored vectors' ranking, not the approximate index.
  const store = createSqliteMemoryStore({ path: after, approximateIndex: { minActive: Number.POSITIVE_INFINITY } });
  const memp = createMemp({ store, embedder, update: 'vanilla', seed: 1 });
  for (let i = 0; i < trajectories.length; i += 1000) {
    await memp.learnBatch({ items: trajectories.slice(i, i + 1000).map((trajectory) => ({ trajectory })) });
  }
  const memories = (await store.stats({ namespace })).memories;

  const recallAt10: Record<VectorField, number> = { task: 0, keywords: 0 };
  const ids = await store.ids({ namespace });
  const all = await store.vectors({ namespace, ids });
  const tasks = generateSyntheticTrajectories({ count: options.queries ?? 100, seed: 77, prefix: 'q' }).map(
    (t) => t.task,
  );
  for (const field of ['task', 'keywords'] as const) {
    let found = 0;
    for (const task of tasks) {
      const queries =
        field === 'task'
          ? await embedder.embed([task])
          : await embedder.embed(task.split(' ').filter((w) => w.length > 2));
      const hits = await store.search({ namespace, field, queries, k: 10 });
      const scores = [...all.values()].map((v) => exactScore(field, queries, v)).sort((a, b) => b - a);
      const tenth = scores[Math.min(9, scores.length - 1)] ?? Number.NEGATIVE_INFINITY;
      found += hits.filter((h) => h.score >= tenth - 1e-9).length / Math.min(10, scores.length);
    }
    recallAt10[field] = found / tasks.length;
  }
  await memp.close();

  const before = join(dir, `storage-before-${count}.db`);
  writeSchema2Copy({ from: after, to: before, namespace, dimension: embedder.dimension });
  const jsonl = trajectories.reduce((sum, t) => sum + Buffer.byteLength(`${JSON.stringify(t)}\n`), 0);
  const afterBytes = fileBytes(after);
  const vectorTables = [
    'memory_embeddings',
    'memory_embeddings_by_memory',
    'keyword_vectors',
    'keyword_vectors_by_digest',
  ];
  return {
    memories,
    beforeBytesPerMemory: fileBytes(before) / memories,
    afterBytesPerMemory: afterBytes / memories,
    afterVectorBytesPerMemory: tableBytes(after, vectorTables) / memories,
    jsonlBytesPerMemory: jsonl / memories,
    recallAt10,
  };
}
