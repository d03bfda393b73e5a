import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../../../test/postgres/postgres-test-database.js';
import { createTestDatabase } from '../../../../test/postgres/postgres-test-database.js';
import { recordingPool } from '../../../../test/postgres/recording-pool.js';
import { unitCopy } from '../../../core/vector.js';
import type { MemoryCreate, MemoryStore } from '../../../ports/memory-store.js';
import {
  createContractFixtures,
  expectCode,
  expectedHits,
  expectSameHits,
  NS,
  SPACE,
} from '../../../testing/memory-store-contract-fixtures.js';
import { createPostgresMemoryStore } from './postgres-memory-store.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('lean-search');
}, 120_000);
afterAll(async () => {
  await db.drop();
});

describe('PostgreSQL lean search', () => {
  const fx = createContractFixtures(11);
  let entries: Array<{ id: string; status: 'active' | 'deprecated'; vectors: MemoryCreate['vectors'] }> = [];

  beforeAll(async () => {
    const store = await createPostgresMemoryStore({ connectionString: db.url });
    // 60 memories share one task vector (near-duplicates), 30 more differ only in the last float bits, 40 are apart.
    const shared = fx.unit();
    const create: MemoryCreate[] = [];
    for (let i = 0; i < 130; i++) {
      const c = fx.create({ id: `m${String((i * 53) % 130).padStart(3, '0')}` });
      if (i < 60) c.vectors.task = shared.slice();
      else if (i < 90) {
        const v = shared.slice();
        v[i % v.length] = (v[i % v.length] as number) * (1 + 1e-7 * (i - 60));
        c.vectors.task = v;
      }
      create.push(c);
    }
    await store.apply(fx.change({ space: SPACE, create }));
    // The store keeps unit-length copies: the reference scores what it holds.
    const stored = await store.vectors({ namespace: NS, ids: create.map((c) => c.memory.id) });
    entries = [...stored].map(([id, vectors]) => ({ id, status: 'active' as const, vectors }));
    await store.close();
  }, 120_000);

  it('breaks ties at the k-th score by id, also when more than the fetched rows tie', async () => {
    const store = await createPostgresMemoryStore({ connectionString: db.url });
    const probe = entries[0]?.vectors.task as Float32Array;
    for (const k of [1, 5, 17, 59, 60, 61, 95]) {
      const queries = [probe];
      const hits = await store.search({ namespace: NS, field: 'task', queries, k });
      expect(hits).toHaveLength(k);
      expectSameHits(hits, expectedHits({ entries, field: 'task', queries: queries.map((q) => unitCopy(q)), k }));
    }
    const queries = [probe, fx.unit()];
    expectSameHits(
      await store.search({ namespace: NS, field: 'task', queries, k: 7, minScore: 0.2 }),
      expectedHits({ entries, field: 'task', queries: queries.map((q) => unitCopy(q)), k: 7, minScore: 0.2 }),
    );
    const keywordQueries = [entries[3]?.vectors.keywords[0] as Float32Array, fx.unit()];
    expectSameHits(
      await store.search({ namespace: NS, field: 'keywords', queries: keywordQueries, k: 9 }),
      expectedHits({ entries, field: 'keywords', queries: keywordQueries.map((q) => unitCopy(q)), k: 9 }),
    );
    await store.close();
  });

  it('without a vector cache, serves an exact search in one statement and no transaction, and space() from its cache', async () => {
    const { pool, statements } = recordingPool(db.url);
    const store = await createPostgresMemoryStore({
      pool,
      exactSearchMaxRows: Number.POSITIVE_INFINITY,
      vectorCacheMaxRows: 0,
    });
    // Away from the 60 tied memories (a tie at the k-th score takes a second statement, tested above).
    const tied = entries.find((e) => e.id === 'm000');
    if (tied === undefined) throw new Error('m000 is seeded');
    const queries = [tied.vectors.task.map((x) => -x)];
    await store.space({ namespace: NS });
    statements.length = 0;
    expectSameHits(
      await store.search({ namespace: NS, field: 'task', queries, k: 3 }),
      expectedHits({ entries, field: 'task', queries: queries.map((q) => unitCopy(q)), k: 3 }),
    );
    expect(await store.space({ namespace: NS })).toEqual(SPACE);
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(/ORDER BY v\.embedding <#> \$3::text::vector, v\.memory_id\s+LIMIT \$6/);
    await store.close();
    await pool.end();
  });

  it('sees a re-embedding by another store: the next search fails with EMBEDDER_MISMATCH, then space() is new', async () => {
    const reader = await createPostgresMemoryStore({ connectionString: db.url, spaceCacheMs: 3_600_000 });
    const writer: MemoryStore = await createPostgresMemoryStore({ connectionString: db.url });
    const queries = [fx.unit()];
    expect(await reader.space({ namespace: NS })).toEqual(SPACE);
    await reader.search({ namespace: NS, field: 'task', queries, k: 3 });
    const space = { embedder: 'other-embedder', dimension: SPACE.dimension };
    const vectors = entries.map((e) => ({ id: e.id, vectors: { task: fx.unit(), keywords: [fx.unit(), fx.unit()] } }));
    await writer.reembed({ namespace: NS, space, vectors });
    // The cache is an hour old at most, yet the search reads the space in its own statement.
    expect(await reader.space({ namespace: NS })).toEqual(SPACE);
    await expectCode(reader.search({ namespace: NS, field: 'task', queries, k: 3 }), 'EMBEDDER_MISMATCH');
    expect(await reader.space({ namespace: NS })).toEqual(space);
    const renewed = vectors.map((v) => ({ id: v.id, status: 'active' as const, vectors: v.vectors }));
    expectSameHits(
      await reader.search({ namespace: NS, field: 'task', queries, k: 4 }),
      expectedHits({ entries: renewed, field: 'task', queries, k: 4 }),
    );
    // A dimension change is refused by the dimension check itself.
    const wider = { embedder: 'wider', dimension: SPACE.dimension * 2 };
    await writer.reembed({
      namespace: NS,
      space: wider,
      vectors: entries.map((e) => ({
        id: e.id,
        vectors: { task: fx.unit(wider.dimension), keywords: [fx.unit(wider.dimension), fx.unit(wider.dimension)] },
      })),
    });
    await expectCode(reader.search({ namespace: NS, field: 'task', queries, k: 3 }), 'EMBEDDER_MISMATCH');
    expect(await reader.space({ namespace: NS })).toEqual(wider);
    await reader.close();
    await writer.close();
  });
});
