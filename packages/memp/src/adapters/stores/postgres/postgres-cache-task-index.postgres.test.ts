import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../../../test/postgres/postgres-test-database.js';
import { createTestDatabase } from '../../../../test/postgres/postgres-test-database.js';
import type { MemoryCreate, MemoryStore, VectorSearch } from '../../../ports/memory-store.js';
import type { ModelEntry } from '../../../testing/memory-store-contract-fixtures.js';
import {
  createContractFixtures,
  expectedHits,
  expectSameHits,
  NS,
  SPACE,
} from '../../../testing/memory-store-contract-fixtures.js';
import { checkSearch } from '../shared/store-validation.js';
import { createPostgresMemoryStore } from './postgres-memory-store.js';
import type { PostgresSearchInfo } from './postgres-search.js';
import { PostgresVectorCaches } from './postgres-vector-cache.js';

/** `v` moved by `by` towards `noise`, normalised. */
function near(v: Float32Array, noise: Float32Array, by: number): Float32Array {
  const out = v.map((x, i) => x + by * (noise[i] as number));
  const norm = Math.hypot(...out);
  return out.map((x) => x / norm);
}

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('cache-task-index');
}, 120_000);
afterAll(async () => {
  await db.drop();
});

describe('PostgreSQL namespaces above exactSearchMaxRows searched through an in-process index', () => {
  const fx = createContractFixtures(31);
  const model = new Map<string, ModelEntry>();
  /** Another server on the same database: every write goes through it. */
  let writer: MemoryStore;
  /** Searches through its in-process index above 50 active memories. */
  let reader: MemoryStore;
  /** Searches exactly in SQL whatever the size. */
  let exact: MemoryStore;
  const paths: PostgresSearchInfo['path'][] = [];

  beforeAll(async () => {
    writer = await createPostgresMemoryStore({ connectionString: db.url });
    reader = await createPostgresMemoryStore({
      connectionString: db.url,
      exactSearchMaxRows: 50,
      onSearch: (info) => paths.push(info.path),
    });
    exact = await createPostgresMemoryStore({
      connectionString: db.url,
      exactSearchMaxRows: Number.POSITIVE_INFINITY,
      vectorCacheMaxRows: 0,
    });
    const create: MemoryCreate[] = [];
    const shared = fx.unit();
    for (let i = 0; i < 400; i++) {
      const c = fx.create({ id: `m${String(i).padStart(3, '0')}` });
      // A quarter share one task vector (ties at the k-th score, many memories per indexed vector).
      if (i % 4 === 0) c.vectors.task = shared.slice();
      create.push(c);
    }
    await writer.apply(fx.change({ space: SPACE, create }));
    const stored = await writer.vectors({ namespace: NS, ids: create.map((c) => c.memory.id) });
    for (const [id, vectors] of stored) model.set(id, { id, status: 'active', vectors });
  }, 120_000);

  afterAll(async () => {
    await Promise.all([writer.close(), reader.close(), exact.close()]);
  });

  /** Searches through the reader's index and checks it against the model and against the exact search in SQL. */
  async function expectExact(search: Omit<VectorSearch, 'namespace' | 'field'>): Promise<string[]> {
    const query: VectorSearch = { namespace: NS, field: 'task', ...search };
    paths.length = 0;
    const hits = await reader.search(query);
    expect(paths).toEqual(['cache-ann']);
    expectSameHits(
      hits,
      expectedHits({
        entries: model.values(),
        field: 'task',
        queries: search.queries,
        k: search.k,
        ...(search.status === undefined ? {} : { status: [...search.status] }),
      }),
    );
    expectSameHits(hits, await exact.search(query));
    return hits.map((h) => h.id);
  }

  it('returns what the exact search returns, ties included', async () => {
    const tied = model.get('m000')?.vectors.task as Float32Array;
    await expectExact({ queries: [tied], k: 10 });
    for (let i = 0; i < 20; i++) await expectExact({ queries: [fx.unit()], k: 1 + (i % 12) });
    await expectExact({ queries: [fx.unit(), fx.unit()], k: 7 });
    await expectExact({ queries: [fx.unit()], k: 5, minScore: 0.5 });
  });

  it("sees another server's write at its next search", async () => {
    const probe = fx.unit();
    await expectExact({ queries: [probe], k: 5 });
    // Near the probe, not equal to it (a stored vector equal to the query is always a candidate, index or not).
    const added = [0, 1].map((i) => {
      const c = fx.create({ id: `fresh${i}` });
      c.vectors.task = near(probe, fx.unit(), 0.01 * (i + 1));
      return c;
    });
    await writer.apply(fx.change({ space: SPACE, create: added }));
    const stored = await writer.vectors({ namespace: NS, ids: added.map((c) => c.memory.id) });
    for (const [id, vectors] of stored) model.set(id, { id, status: 'active', vectors });
    const ids = await expectExact({ queries: [probe], k: 5 });
    expect(ids.slice(0, 2)).toEqual(['fresh0', 'fresh1']);
    // A vector moved away by another server is not found where it was.
    await writer.apply(
      fx.change({
        space: SPACE,
        update: [
          {
            id: 'fresh1',
            expectedVersion: 1,
            content: { task: 'moved' },
            vectors: { task: probe.map((x) => -x), keywords: [fx.unit(), fx.unit()] },
            reason: 'edit',
          },
        ],
      }),
    );
    const moved = await writer.vectors({ namespace: NS, ids: ['fresh1'] });
    model.set('fresh1', { id: 'fresh1', status: 'active', vectors: moved.get('fresh1') as ModelEntry['vectors'] });
    const after = await expectExact({ queries: [probe], k: 5 });
    expect(after[0]).toBe('fresh0');
    expect(after).not.toContain('fresh1');
  });

  it('never returns a deprecated or deleted memory', async () => {
    const probe = model.get('m000')?.vectors.task as Float32Array;
    const top = await expectExact({ queries: [probe], k: 12 });
    const [gone, ...deprecated] = top.slice(0, 6);
    await writer.apply(
      fx.change({
        update: deprecated.map((id) => ({
          id,
          expectedVersion: 1,
          status: 'deprecated' as const,
          reason: 'deprecation' as const,
        })),
        delete: [{ id: gone as string, expectedVersion: 1 }],
      }),
    );
    for (const id of deprecated) model.set(id, { ...(model.get(id) as ModelEntry), status: 'deprecated' });
    model.delete(gone as string);
    const now = await expectExact({ queries: [probe], k: 12 });
    for (const id of [gone, ...deprecated]) expect(now).not.toContain(id);
    const onlyDeprecated = await expectExact({ queries: [probe], k: 12, status: ['deprecated'] });
    expect([...onlyDeprecated].sort()).toEqual([...deprecated].sort());
    await expectExact({ queries: [probe], k: 20, status: ['active', 'deprecated'] });
  });
});

describe('the in-process index of a large namespace is built in the background', () => {
  const fx = createContractFixtures(37);
  const namespace = 'background-build';

  it('searches exactly until the index is complete, takes in the writes made meanwhile, then serves', async () => {
    const writer = await createPostgresMemoryStore({ connectionString: db.url });
    const pool = new pg.Pool({ connectionString: db.url, max: 2 });
    const caches = new PostgresVectorCaches(10_000, { indexAbove: 100, backgroundBuildFrom: 200 });
    try {
      const create: MemoryCreate[] = [];
      for (let i = 0; i < 3000; i++) create.push(fx.create({ id: `b${String(i).padStart(4, '0')}`, namespace }));
      await writer.apply(fx.change({ namespace, space: SPACE, create }));
      const query = (text: string, values: unknown[]) => pool.query(text, values);
      const model = new Map<string, ModelEntry>();
      const stored = await writer.vectors({ namespace, ids: create.map((c) => c.memory.id) });
      for (const [id, vectors] of stored) model.set(id, { id, status: 'active', vectors });
      const check = async (queries: Float32Array[], k: number): Promise<boolean> => {
        const found = await caches.search(query, checkSearch({ namespace, field: 'task', queries, k }, SPACE));
        expectSameHits(found.hits, expectedHits({ entries: model.values(), field: 'task', queries, k }));
        return found.indexed;
      };
      expect(await check([fx.unit()], 5)).toBe(false);
      // A write while the build runs.
      const probe = fx.unit();
      const late = fx.create({ id: 'late', namespace });
      late.vectors.task = probe.slice();
      await writer.apply(fx.change({ namespace, space: SPACE, create: [late] }));
      const lateVectors = await writer.vectors({ namespace, ids: ['late'] });
      model.set('late', { id: 'late', status: 'active', vectors: lateVectors.get('late') as ModelEntry['vectors'] });
      // Each search during the build: whether the index served it, and whether the index was complete by its end
      // (the build may complete while a search runs, which that search may then use).
      const served: { indexed: boolean; complete: boolean }[] = [];
      // Bounded by time, not by a count of searches: on a loaded machine the build's slices come slowly.
      const deadline = Date.now() + 60_000;
      while (!caches.indexServes(namespace) && Date.now() < deadline) {
        const indexed = await check([fx.unit()], 5);
        served.push({ indexed, complete: caches.indexServes(namespace) });
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(caches.indexServes(namespace)).toBe(true);
      expect(served.filter((s) => s.indexed && !s.complete)).toEqual([]);
      expect(await check([probe], 3)).toBe(true);
      const hits = await caches.search(query, checkSearch({ namespace, field: 'task', queries: [probe], k: 1 }, SPACE));
      expect(hits.hits[0]?.id).toBe('late');
    } finally {
      caches.close();
      await writer.close();
      await pool.end();
    }
  }, 120_000);
});
