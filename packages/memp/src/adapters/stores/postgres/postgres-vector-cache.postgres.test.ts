import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../../../test/postgres/postgres-test-database.js';
import { createTestDatabase } from '../../../../test/postgres/postgres-test-database.js';
import { recordingPool } from '../../../../test/postgres/recording-pool.js';
import type { MemoryCreate, MemoryStore, MemoryVectors, VectorSearch } from '../../../ports/memory-store.js';
import type { ModelEntry } from '../../../testing/memory-store-contract-fixtures.js';
import {
  createContractFixtures,
  expectCode,
  expectedHits,
  expectSameHits,
  NS,
  SPACE,
} from '../../../testing/memory-store-contract-fixtures.js';
import { createPostgresMemoryStore } from './postgres-memory-store.js';
import type { PostgresSearchInfo } from './postgres-search.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('vector-cache');
}, 120_000);
afterAll(async () => {
  await db.drop();
});

describe('PostgreSQL task vectors cached in the process', () => {
  const fx = createContractFixtures(23);
  /** What the namespace holds, as the naive model sees it. */
  const model = new Map<string, ModelEntry & { version: number }>();
  let writer: MemoryStore;
  let reader: MemoryStore;
  let uncached: MemoryStore;
  let statements: string[];
  let pool: pg.Pool;
  const paths: PostgresSearchInfo['path'][] = [];

  beforeAll(async () => {
    writer = await createPostgresMemoryStore({ connectionString: db.url });
    uncached = await createPostgresMemoryStore({ connectionString: db.url, vectorCacheMaxRows: 0 });
    ({ pool, statements } = recordingPool(db.url));
    reader = await createPostgresMemoryStore({ pool, onSearch: (info) => paths.push(info.path) });
    const create: MemoryCreate[] = [];
    const shared = fx.unit();
    for (let i = 0; i < 80; i++) {
      const c = fx.create({ id: `m${String(i).padStart(3, '0')}` });
      // A third are near-duplicates of one task (the k-th score is tied there).
      if (i % 3 === 0) c.vectors.task = shared.slice();
      create.push(c);
    }
    await writer.apply(fx.change({ space: SPACE, create }));
    const stored = await writer.vectors({ namespace: NS, ids: create.map((c) => c.memory.id) });
    for (const [id, vectors] of stored) model.set(id, { id, status: 'active', vectors, version: 1 });
  }, 120_000);

  afterAll(async () => {
    await Promise.all([writer.close(), reader.close(), uncached.close()]);
    await pool.end();
  });

  /** Searches through the cached reader and checks it against the model and against a search in SQL. */
  async function expectFresh(search: Omit<VectorSearch, 'namespace' | 'field'>): Promise<void> {
    const query: VectorSearch = { namespace: NS, field: 'task', ...search };
    const hits = await reader.search(query);
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
    expectSameHits(hits, await uncached.search(query));
  }

  it('searches in the process after one prepared statement that finds the generation unmoved', async () => {
    const probe = model.get('m003')?.vectors.task as Float32Array;
    await expectFresh({ queries: [probe], k: 5 });
    statements.length = 0;
    paths.length = 0;
    await expectFresh({ queries: [probe], k: 30 });
    await expectFresh({ queries: [fx.unit(), fx.unit()], k: 7 });
    expect(paths).toEqual(['cache', 'cache']);
    expect(statements).toHaveLength(2);
    for (const text of statements) {
      expect(text).toMatch(/LEFT JOIN search_generations AS g ON g.namespace = s.namespace\s+WHERE s.namespace = \$1$/);
      expect(text).not.toMatch(/search_changes/);
    }
  });

  it('reads the changes only when the generation moved: two statements then, one again after', async () => {
    const probe = fx.unit();
    await expectFresh({ queries: [probe], k: 5 });
    const added = fx.create({ id: 'moved-gen' });
    added.vectors.task = probe.slice();
    await writer.apply(fx.change({ space: SPACE, create: [added] }));
    const stored = await writer.vectors({ namespace: NS, ids: ['moved-gen'] });
    model.set('moved-gen', {
      id: 'moved-gen',
      status: 'active',
      vectors: stored.get('moved-gen') as MemoryVectors,
      version: 1,
    });
    statements.length = 0;
    await expectFresh({ queries: [probe], k: 5 });
    expect(statements).toHaveLength(2);
    expect(statements[0]).toMatch(/search_generations/);
    expect(statements[1]).toMatch(/FROM search_changes WHERE namespace = \$1 AND generation > \$2/);
    statements.length = 0;
    await expectFresh({ queries: [probe], k: 5 });
    expect(statements).toHaveLength(1);
  });

  it("sees another store's creations, replaced vectors, status changes and deletions at the next search", async () => {
    const probe = fx.unit();
    await expectFresh({ queries: [probe], k: 10 });
    // New memories right at the probe.
    const added = [0, 1, 2].map((i) => {
      const c = fx.create({ id: `new${i}` });
      c.vectors.task = probe.slice();
      return c;
    });
    await writer.apply(fx.change({ space: SPACE, create: added }));
    const stored = await writer.vectors({ namespace: NS, ids: added.map((c) => c.memory.id) });
    for (const [id, vectors] of stored) model.set(id, { id, status: 'active', vectors, version: 1 });
    await expectFresh({ queries: [probe], k: 10 });
    expect((await reader.search({ namespace: NS, field: 'task', queries: [probe], k: 3 })).map((h) => h.id)).toEqual([
      'new0',
      'new1',
      'new2',
    ]);
    // new1 gets a task vector far from the probe, new0 is deprecated, new2 deleted.
    const moved: MemoryVectors = { task: probe.map((x) => -x), keywords: [fx.unit(), fx.unit()] };
    await writer.apply(
      fx.change({
        space: SPACE,
        update: [
          { id: 'new1', expectedVersion: 1, content: { task: 'moved away' }, vectors: moved, reason: 'edit' },
          { id: 'new0', expectedVersion: 1, status: 'deprecated', reason: 'deprecation' },
        ],
        delete: [{ id: 'new2', expectedVersion: 1 }],
      }),
    );
    const now = await writer.vectors({ namespace: NS, ids: ['new1'] });
    model.set('new1', { id: 'new1', status: 'active', vectors: now.get('new1') as MemoryVectors, version: 2 });
    model.set('new0', { ...(model.get('new0') as ModelEntry & { version: number }), status: 'deprecated' });
    model.delete('new2');
    await expectFresh({ queries: [probe], k: 10 });
    await expectFresh({ queries: [probe], k: 10, status: ['deprecated'] });
    await expectFresh({ queries: [probe], k: 10, status: ['active', 'deprecated'] });
    // Usage counts change bodies only: no reload, no change listed.
    const before = statements.length;
    await writer.apply(fx.change({ usage: [{ id: 'm003', success: true }] }));
    await expectFresh({ queries: [probe], k: 4 });
    expect(statements.length - before).toBe(1);
  });

  it('reloads when the change list no longer reaches back to its generation', async () => {
    const probe = fx.unit();
    await expectFresh({ queries: [probe], k: 6 });
    const late = fx.create({ id: 'late' });
    late.vectors.task = probe.slice();
    await writer.apply(fx.change({ space: SPACE, create: [late] }));
    const admin = new pg.Client({ connectionString: db.url });
    await admin.connect();
    try {
      // As if the list had been pruned past this cache's generation.
      await admin.query('DELETE FROM search_changes WHERE namespace = $1', [NS]);
      const another = fx.create({ id: 'later' });
      await writer.apply(fx.change({ space: SPACE, create: [another] }));
      const stored = await writer.vectors({ namespace: NS, ids: ['late', 'later'] });
      for (const [id, vectors] of stored) model.set(id, { id, status: 'active', vectors, version: 1 });
    } finally {
      await admin.end();
    }
    await expectFresh({ queries: [probe], k: 6 });
    expect((await reader.search({ namespace: NS, field: 'task', queries: [probe], k: 1 }))[0]?.id).toBe('late');
  });

  it('searches a namespace larger than vectorCacheMaxRows in SQL, counting it once (no reload per search)', async () => {
    const small = recordingPool(db.url);
    const found: PostgresSearchInfo['path'][] = [];
    const store = await createPostgresMemoryStore({
      pool: small.pool,
      exactSearchMaxRows: Number.POSITIVE_INFINITY,
      vectorCacheMaxRows: 10,
      onSearch: (info) => found.push(info.path),
    });
    try {
      const queries = [fx.unit()];
      for (let i = 0; i < 3; i++) {
        expectSameHits(
          await store.search({ namespace: NS, field: 'task', queries, k: 5 }),
          await uncached.search({ namespace: NS, field: 'task', queries, k: 5 }),
        );
      }
      expect(found).toEqual(['exact', 'exact', 'exact']);
      expect(small.statements.filter((t) => /count\(\*\)/.test(t))).toHaveLength(1);
      expect(small.statements.some((t) => /search_generations/.test(t))).toBe(false);
    } finally {
      await store.close();
      await small.pool.end();
    }
  });

  it('shares one sync among searches arriving while one runs, and each sees the writes committed before it started', async () => {
    // A reader whose statements' results are held back while `hold` is set: a sync can be kept in flight.
    let hold: Promise<void> | undefined;
    const gated = new pg.Pool({ connectionString: db.url, max: 4 });
    const sent: string[] = [];
    gated.on('connect', (client) => {
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      Object.assign(client, {
        query: (...args: unknown[]) => {
          const first = args[0];
          sent.push(typeof first === 'string' ? first : String((first as { text?: unknown })?.text));
          const last = args[args.length - 1];
          if (typeof last !== 'function') {
            return (query(...args) as Promise<unknown>).then(async (result) => {
              if (hold !== undefined) await hold;
              return result;
            });
          }
          // The pool's own queries pass a callback: hold that instead.
          const done = last as (...results: unknown[]) => void;
          return query(...args.slice(0, -1), (...results: unknown[]) => {
            const waiting = hold;
            if (waiting === undefined) done(...results);
            else void waiting.then(() => done(...results));
          });
        },
      });
    });
    const store = await createPostgresMemoryStore({ pool: gated });
    try {
      const probe = fx.unit();
      const search = () => store.search({ namespace: NS, field: 'task', queries: [probe], k: 1 });
      await search();
      let release = (): void => {};
      hold = new Promise<void>((done) => {
        release = done;
      });
      sent.length = 0;
      const first = search();
      while (sent.length === 0) await new Promise((done) => setTimeout(done, 5));
      // The first sync's statement has run (its snapshot is taken); a write commits after it, then two more searches.
      const late = fx.create({ id: 'after-first-sync' });
      late.vectors.task = probe.slice();
      await writer.apply(fx.change({ space: SPACE, create: [late] }));
      const second = search();
      const third = search();
      hold = undefined;
      release();
      const [, b, c] = await Promise.all([first, second, third]);
      expect(b?.[0]?.id).toBe('after-first-sync');
      expect(c?.[0]?.id).toBe('after-first-sync');
      // The first search's sync, then one sync (generation + changes) shared by the other two.
      const generations = sent.filter((t) => /search_generations/.test(t) && !/search_changes/.test(t));
      expect(generations).toHaveLength(2);
      const stored = await writer.vectors({ namespace: NS, ids: ['after-first-sync'] });
      model.set('after-first-sync', {
        id: 'after-first-sync',
        status: 'active',
        vectors: stored.get('after-first-sync') as MemoryVectors,
        version: 1,
      });
    } finally {
      await store.close();
      await gated.end();
    }
  });

  it('follows a re-embedding by another store: EMBEDDER_MISMATCH once, then the new vectors', async () => {
    const queries = [fx.unit()];
    await expectFresh({ queries, k: 3 });
    const space = { embedder: 'other-embedder', dimension: SPACE.dimension };
    const vectors = [...model.keys()].map((id) => ({
      id,
      vectors: { task: fx.unit(), keywords: [fx.unit(), fx.unit()] },
    }));
    await writer.reembed({ namespace: NS, space, vectors });
    await expectCode(reader.search({ namespace: NS, field: 'task', queries, k: 3 }), 'EMBEDDER_MISMATCH');
    // The store searching in SQL checks the space the same way.
    await expectCode(uncached.search({ namespace: NS, field: 'task', queries, k: 3 }), 'EMBEDDER_MISMATCH');
    const stored = await writer.vectors({ namespace: NS, ids: [...model.keys()] });
    for (const [id, v] of stored) model.set(id, { ...(model.get(id) as ModelEntry & { version: number }), vectors: v });
    await expectFresh({ queries, k: 8 });
    await expectFresh({ queries, k: 8, status: ['active', 'deprecated'] });
  });
});
