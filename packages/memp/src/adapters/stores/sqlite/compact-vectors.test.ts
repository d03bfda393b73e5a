import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { isMempError } from '../../../core/errors.js';
import { vectorToBytes } from '../../../core/vector.js';
import { NS, SPACE, createContractFixtures } from '../../../testing/memory-store-contract-fixtures.js';
import { SQLITE_MIGRATIONS, SQLITE_SCHEMA_VERSION, migrateSqlite } from './sqlite-migrations.js';
import { createSqliteMemoryStore } from './sqlite-memory-store.js';
import { VECTOR_FORM, decodeVector, encodeVector } from './vector-encoding.js';

const dir = mkdtempSync(join(tmpdir(), 'memp-compact-'));
let n = 0;
const fresh = () => join(dir, `compact-${++n}.db`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sparseVector(dimension: number, entries: Array<[number, number]>): Float32Array {
  const v = new Float32Array(dimension);
  for (const [i, x] of entries) v[i] = x;
  return v;
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return isMempError(error) ? error.code : 'not a MempError';
  }
  return undefined;
}

describe('vector encoding', () => {
  it('keeps every float32 value exactly, in the sparse form when that is shorter', () => {
    const sparse = sparseVector(512, [
      [0, 0.1],
      [17, -0.30000001192092896],
      [511, 1e-30],
    ]);
    const encoded = encodeVector(sparse);
    expect(encoded[0]).toBe(VECTOR_FORM.SPARSE);
    expect(encoded.byteLength).toBe(5 + 6 * 3);
    expect(Array.from(decodeVector(encoded, 512))).toEqual(Array.from(sparse));

    const fx = createContractFixtures();
    const dense = fx.unit(64);
    const denseEncoded = encodeVector(dense);
    expect(denseEncoded[0]).toBe(VECTOR_FORM.DENSE);
    expect(denseEncoded.byteLength).toBe(1 + 4 * 64);
    expect(decodeVector(denseEncoded, 64)).toEqual(dense);
    expect(Array.from(decodeVector(encodeVector(new Float32Array(8)), 8))).toEqual(new Array(8).fill(0));
  });

  it('refuses a BLOB of the wrong length, form or columns with STORAGE_FAILED', () => {
    const good = encodeVector(sparseVector(512, [[3, 0.5]]));
    const outOfRange = Buffer.from(good);
    outOfRange.writeUInt16LE(600, 5);
    const unordered = encodeVector(
      sparseVector(512, [
        [3, 0.5],
        [9, 0.25],
      ]),
    );
    unordered.writeUInt16LE(9, 5);
    const bad: unknown[] = [
      'text',
      Buffer.alloc(0),
      Buffer.from([9, 0, 0, 0, 0]),
      good.subarray(0, good.byteLength - 1),
      outOfRange,
      unordered,
      encodeVector(createContractFixtures().unit(16)),
    ];
    for (const blob of bad) expect(codeOf(() => decodeVector(blob, 512))).toBe('STORAGE_FAILED');
  });
});

describe('SQLite compact vector layout', () => {
  it('stores a keyword vector once per namespace and drops it when no memory refers to it any more', async () => {
    const path = fresh();
    const fx = createContractFixtures();
    const store = createSqliteMemoryStore({ path });
    const shared = fx.unit();
    const [a, b] = await fx.seed(store, [
      { id: 'a', keywords: ['x', 'y'] },
      { id: 'b', keywords: ['x'] },
    ]);
    // Give both memories the same first keyword vector, as one embedder would for one keyword text.
    const vectors = (m: typeof a, keywords: Float32Array[]) => ({ task: m?.vectors.task ?? fx.unit(), keywords });
    const other = a?.vectors.keywords[1] ?? fx.unit();
    await store.apply(
      fx.change({
        space: SPACE,
        update: [
          {
            id: 'a',
            expectedVersion: 1,
            content: { script: 'a2' },
            vectors: vectors(a, [shared, other]),
            reason: 'edit',
          },
          { id: 'b', expectedVersion: 1, content: { script: 'b2' }, vectors: vectors(b, [shared]), reason: 'edit' },
        ],
      }),
    );
    const raw = new Database(path, { readonly: true });
    const keywordRows = () =>
      raw.prepare('SELECT refs FROM keyword_vectors WHERE namespace = ? ORDER BY refs').pluck().all(NS);
    expect(keywordRows()).toEqual([1, 2]);
    const back = await store.vectors({ namespace: NS, ids: ['a', 'b'] });
    expect(back.get('a')?.keywords).toEqual([shared, other]);
    expect(back.get('b')?.keywords).toEqual([shared]);

    await store.apply(fx.change({ delete: [{ id: 'a', expectedVersion: 2 }] }));
    expect(keywordRows()).toEqual([1]);
    await store.apply(fx.change({ delete: [{ id: 'b', expectedVersion: 2 }] }));
    expect(keywordRows()).toEqual([]);
    expect(raw.prepare('SELECT count(*) FROM memory_embeddings').pluck().get()).toBe(0);
    raw.close();
    await store.close();
  });

  it('moves a schema-2 file with float32 rows into the compact layout without changing a vector or a hit', async () => {
    const path = fresh();
    const fx = createContractFixtures();
    const db = new Database(path);
    migrateSqlite({ db, migrations: SQLITE_MIGRATIONS.filter((m) => m.version <= 2) });
    const memories = [
      { id: 'm1', task: fx.unit(), keywords: [fx.unit(), fx.unit()] },
      { id: 'm2', task: fx.unit(), keywords: [] as Float32Array[] },
    ];
    memories.push({ id: 'm3', task: fx.unit(), keywords: [memories[0]?.keywords[0] ?? fx.unit()] });
    const insertVector = db.prepare(
      'INSERT INTO memory_vectors (namespace, field, memory_id, ordinal, vector) VALUES (?, ?, ?, ?, ?)',
    );
    const insertMemory = db.prepare(
      'INSERT INTO memories (namespace, id, status, kind, created_at, version, body) VALUES (?, ?, ?, ?, ?, 1, ?)',
    );
    const reference = createSqliteMemoryStore({ path: ':memory:' });
    for (const [i, m] of memories.entries()) {
      const memory = fx.memory({ id: m.id, keywords: m.keywords.map((_, k) => `k${k}`) });
      const vectors = { task: m.task, keywords: m.keywords };
      await reference.apply(fx.change({ space: SPACE, create: [{ memory, vectors }] }));
      insertMemory.run(NS, m.id, 'active', 'script', `2026-01-0${i + 1}T00:00:00.000Z`, JSON.stringify(memory));
      insertVector.run(NS, 0, m.id, 0, vectorToBytes(m.task));
      m.keywords.forEach((k, ordinal) => {
        insertVector.run(NS, 1, m.id, ordinal, vectorToBytes(k));
      });
    }
    db.prepare('INSERT INTO namespace_spaces (namespace, embedder, dimension) VALUES (?, ?, ?)').run(
      NS,
      SPACE.embedder,
      SPACE.dimension,
    );
    db.close();

    const store = createSqliteMemoryStore({ path });
    const vectors = await store.vectors({ namespace: NS, ids: memories.map((m) => m.id) });
    for (const m of memories) expect(vectors.get(m.id)).toEqual({ task: m.task, keywords: m.keywords });
    for (const m of memories) {
      for (const field of ['task', 'keywords'] as const) {
        const queries = field === 'task' ? [m.task] : m.keywords.length > 0 ? m.keywords : [m.task];
        const ids = async (s: typeof store) =>
          (await s.search({ namespace: NS, field, queries, k: 3 })).map((h) => [h.id, h.score]);
        expect(await ids(store)).toEqual(await ids(reference));
      }
    }
    const raw = new Database(path, { readonly: true });
    expect(raw.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'memory_vectors'").pluck().get()).toBe(0);
    expect(raw.prepare('SELECT count(*) FROM keyword_vectors').pluck().get()).toBe(2);
    raw.close();
    await store.close();
    await reference.close();
  });

  it('moves a schema-3 file to schema 4 keeping every vector and the generation count, which only grows', async () => {
    const path = fresh();
    const fx = createContractFixtures();
    const db = new Database(path);
    migrateSqlite({ db, migrations: SQLITE_MIGRATIONS.filter((m) => m.version <= 3) });
    const task = fx.unit();
    const keyword = fx.unit();
    const memory = fx.memory({ id: 'm1', keywords: ['k0'] });
    db.prepare(
      'INSERT INTO memories (namespace, id, status, kind, created_at, version, body) VALUES (?, ?, ?, ?, ?, 1, ?)',
    ).run(NS, 'm1', 'active', 'script', '2026-01-01T00:00:00.000Z', JSON.stringify(memory));
    const keywordKey = db
      .prepare('INSERT INTO keyword_vectors (namespace, digest, refs, vector) VALUES (?, 1, 1, ?)')
      .run(NS, encodeVector(keyword)).lastInsertRowid;
    db.prepare('INSERT INTO memory_embeddings (namespace, memory_id, task, keywords) VALUES (?, ?, ?, ?)').run(
      NS,
      'm1',
      encodeVector(task),
      String(keywordKey),
    );
    db.prepare('INSERT INTO namespace_spaces (namespace, embedder, dimension) VALUES (?, ?, ?)').run(
      NS,
      SPACE.embedder,
      SPACE.dimension,
    );
    // Generation 7 with no change listed (a file whose list was pruned): the count must not restart at 1.
    db.prepare('INSERT INTO namespace_generations (namespace, generation) VALUES (?, 7)').run(NS);
    db.close();

    const store = createSqliteMemoryStore({ path });
    expect((await store.vectors({ namespace: NS, ids: ['m1'] })).get('m1')).toEqual({ task, keywords: [keyword] });
    expect((await store.search({ namespace: NS, field: 'task', queries: [task], k: 1 }))[0]?.id).toBe('m1');
    const raw = new Database(path, { readonly: true });
    const generation = () => raw.prepare('SELECT max(generation) FROM search_changes WHERE namespace = ?').pluck();
    expect(generation().get(NS)).toBe(7);
    await fx.seed(store, [{ id: 'm2' }]);
    expect(generation().get(NS)).toBe(8);
    expect(raw.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'namespace_generations'").pluck().get()).toBe(
      0,
    );
    expect(raw.pragma('user_version', { simple: true })).toBe(SQLITE_SCHEMA_VERSION);
    raw.close();
    await store.close();
  });
});
