import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemoryCreate, MemoryVectors } from '../../../ports/memory-store.js';
import {
  SPACE,
  createContractFixtures,
  expectSameHits,
  expectedHits,
} from '../../../testing/memory-store-contract-fixtures.js';
import type { ModelEntry } from '../../../testing/memory-store-contract-fixtures.js';
import { createTestDatabase } from '../../../../test/postgres/postgres-test-database.js';
import type { TestDatabase } from '../../../../test/postgres/postgres-test-database.js';
import { PostgresMemoryStore, createPostgresMemoryStore } from './postgres-memory-store.js';
import type { PostgresMemoryStoreOptions } from './postgres-memory-store.js';
import type { PostgresSearchInfo } from './postgres-search.js';
import { createPostgresSession } from './postgres-session.js';
import { fillTaskIndex } from './postgres-task-index.js';

let db: TestDatabase;
let admin: pg.Client;
beforeAll(async () => {
  db = await createTestDatabase('task-index');
  admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
}, 120_000);
afterAll(async () => {
  await admin?.end();
  await db.drop();
});

/** The namespace's task index state and its task rows, flagged or not, and its flagged keyword rows. */
async function indexState(namespace: string) {
  const r = await admin.query<{ state: string | null; flagged: string; unflagged: string; keywords: string }>(
    `SELECT (SELECT task_index FROM namespace_spaces WHERE namespace = $1) AS state,
       count(*) FILTER (WHERE field = 0 AND indexed) AS flagged,
       count(*) FILTER (WHERE field = 0 AND NOT indexed) AS unflagged,
       count(*) FILTER (WHERE field = 1 AND indexed) AS keywords
     FROM memory_vectors WHERE namespace = $1`,
    [namespace],
  );
  const row = r.rows[0];
  return {
    state: row?.state ?? undefined,
    flagged: Number(row?.flagged),
    unflagged: Number(row?.unflagged),
    keywords: Number(row?.keywords),
  };
}

/** A store that searches in SQL (no vector cache), counts rows fresh, and reports each search's path. */
async function openStore(infos: PostgresSearchInfo[], options: Partial<PostgresMemoryStoreOptions> = {}) {
  const store = await createPostgresMemoryStore({
    connectionString: db.url,
    exactSearchMaxRows: 50,
    taskIndexFillRows: 40,
    vectorCacheMaxRows: 0,
    rowCountCacheMs: 0,
    onSearch: (info) => infos.push(info),
    ...options,
  });
  if (!(store instanceof PostgresMemoryStore)) throw new Error('expected a PostgresMemoryStore');
  return store;
}

function entriesOf(creates: MemoryCreate[]): ModelEntry[] {
  return creates.map((c) => ({ id: c.memory.id, status: c.memory.status, vectors: c.vectors }));
}

describe('PostgreSQL task index: only namespaces that will search the HNSW index are in it', () => {
  it('writes unflagged rows below the fill threshold, fills past it, then searches through the index', async () => {
    const fx = createContractFixtures(11);
    const infos: PostgresSearchInfo[] = [];
    const store = await openStore(infos);
    try {
      const ns = 'grows';
      const entries = new Map<string, ModelEntry>();
      const learn = async (from: number, count: number) => {
        const create = Array.from({ length: count }, (_, i) => fx.create({ id: `m${from + i}`, namespace: ns }));
        await store.apply(fx.change({ namespace: ns, space: SPACE, create }));
        for (const e of entriesOf(create)) entries.set(e.id, e);
      };
      const searchMatches = async (expectedPath: PostgresSearchInfo['path']) => {
        const queries = [fx.unit()];
        infos.length = 0;
        const hits = await store.search({ namespace: ns, field: 'task', queries, k: 5 });
        expectSameHits(hits, expectedHits({ entries: entries.values(), field: 'task', queries, k: 5 }));
        expect(infos.map((i) => i.path)).toEqual([expectedPath]);
      };

      await learn(0, 30);
      expect(await indexState(ns)).toEqual({ state: 'none', flagged: 0, unflagged: 30, keywords: 0 });
      await searchMatches('exact');
      await store.taskIndexIdle();
      expect((await indexState(ns)).state).toBe('none');

      // 70 rows written by this store: past the fill threshold, so the write starts the fill, with no search.
      await learn(30, 40);
      await store.taskIndexIdle();
      expect(await indexState(ns)).toEqual({ state: 'ready', flagged: 70, unflagged: 0, keywords: 0 });
      for (let trial = 0; trial < 3; trial++) await searchMatches('ann');

      // Once ready, new task vectors are flagged as they are written; statuses and re-embeddings keep working.
      await learn(70, 5);
      expect(await indexState(ns)).toEqual({ state: 'ready', flagged: 75, unflagged: 0, keywords: 0 });
      const archived = entries.get('m3') as ModelEntry;
      await store.apply(
        fx.change({
          namespace: ns,
          update: [{ id: 'm3', expectedVersion: 1, status: 'deprecated', reason: 'deprecation' }],
        }),
      );
      entries.set('m3', { ...archived, status: 'deprecated' });
      const probe = [archived.vectors.task];
      const hits = await store.search({ namespace: ns, field: 'task', queries: probe, k: 5 });
      expect(hits.map((h) => h.id)).not.toContain('m3');
      expectSameHits(hits, expectedHits({ entries: entries.values(), field: 'task', queries: probe, k: 5 }));
      const reembedded: Array<{ id: string; vectors: MemoryVectors }> = [];
      for (const [id, e] of entries) {
        const vectors = { task: fx.unit(), keywords: e.vectors.keywords.map(() => fx.unit()) };
        reembedded.push({ id, vectors });
        entries.set(id, { ...e, vectors });
      }
      await store.reembed({ namespace: ns, space: SPACE, vectors: reembedded });
      expect(await indexState(ns)).toEqual({ state: 'ready', flagged: 75, unflagged: 0, keywords: 0 });
      await searchMatches('ann');
    } finally {
      await store.close();
    }
  }, 60_000);

  it('indexes every namespace from its first write when the fill threshold is 0', async () => {
    const fx = createContractFixtures(12);
    const infos: PostgresSearchInfo[] = [];
    const store = await openStore(infos, { exactSearchMaxRows: 0, taskIndexFillRows: undefined });
    try {
      const create = Array.from({ length: 60 }, (_, i) => fx.create({ id: `z${i}`, namespace: 'zero' }));
      await store.apply(fx.change({ namespace: 'zero', space: SPACE, create }));
      expect(await indexState('zero')).toEqual({ state: 'ready', flagged: 60, unflagged: 0, keywords: 0 });
      const queries = [fx.unit()];
      const hits = await store.search({ namespace: 'zero', field: 'task', queries, k: 5 });
      expectSameHits(hits, expectedHits({ entries: entriesOf(create), field: 'task', queries, k: 5 }));
      expect(infos.map((i) => i.path)).toEqual(['ann']);
    } finally {
      await store.close();
    }
  });

  it('by default, with the vector cache on, indexes only namespaces past 0.8 × its rows, served by the cache meanwhile', async () => {
    const fx = createContractFixtures(14);
    const infos: PostgresSearchInfo[] = [];
    // The cache holds 100 memories, so the default fill threshold is 80; the cache searches exactly up to 50.
    const store = await openStore(infos, { vectorCacheMaxRows: 100, taskIndexFillRows: undefined });
    try {
      const ns = 'cached';
      const create = Array.from({ length: 75 }, (_, i) => fx.create({ id: `c${i}`, namespace: ns }));
      await store.apply(fx.change({ namespace: ns, space: SPACE, create }));
      expect(await indexState(ns)).toEqual({ state: 'none', flagged: 0, unflagged: 75, keywords: 0 });
      const queries = [fx.unit()];
      const hits = await store.search({ namespace: ns, field: 'task', queries, k: 5 });
      expectSameHits(hits, expectedHits({ entries: entriesOf(create), field: 'task', queries, k: 5 }));
      expect(infos.every((i) => i.path === 'cache' || i.path === 'cache-ann')).toBe(true);
      await store.taskIndexIdle();
      expect((await indexState(ns)).state).toBe('none');

      const more = Array.from({ length: 10 }, (_, i) => fx.create({ id: `d${i}`, namespace: ns }));
      await store.apply(fx.change({ namespace: ns, space: SPACE, create: more }));
      await store.search({ namespace: ns, field: 'task', queries, k: 5 });
      await store.taskIndexIdle();
      expect(await indexState(ns)).toEqual({ state: 'ready', flagged: 85, unflagged: 0, keywords: 0 });
    } finally {
      await store.close();
    }
  }, 60_000);

  it('fills once when two servers race, with writes going on, and resumes a fill stopped halfway', async () => {
    const fx = createContractFixtures(13);
    const infos: PostgresSearchInfo[] = [];
    // The writer never fills by itself here (its threshold is above what it writes): the fills below are the test's.
    const writer = await openStore(infos, { taskIndexFillRows: 1_000 });
    const open = () =>
      createPostgresSession({
        pool: new pg.Pool({ connectionString: db.url, max: 3 }),
        ownsPool: true,
        context: 'test',
      });
    const first = open();
    const second = open();
    try {
      const ns = 'raced';
      const creates: MemoryCreate[] = [];
      for (let b = 0; b < 4; b++) {
        const create = Array.from({ length: 50 }, (_, i) => fx.create({ id: `r${b * 50 + i}`, namespace: ns }));
        await writer.apply(fx.change({ namespace: ns, space: SPACE, create }));
        creates.push(...create);
      }
      expect(await indexState(ns)).toMatchObject({ state: 'none', unflagged: 200 });

      // A fill stopped after its first batch (as by a crash) leaves the namespace `filling` with rows left to flag.
      let batches = 0;
      expect(await fillTaskIndex(first, ns, () => batches++ >= 1, 30)).toBe('filling');
      expect(await indexState(ns)).toMatchObject({ state: 'filling', flagged: 30, unflagged: 170 });

      // Writes while filling are flagged as written; two fillers race over the rest in small batches.
      const during = Array.from({ length: 10 }, (_, i) => fx.create({ id: `d${i}`, namespace: ns }));
      const [a, b] = await Promise.all([
        fillTaskIndex(first, ns, () => false, 7),
        fillTaskIndex(second, ns, () => false, 7),
        writer.apply(fx.change({ namespace: ns, space: SPACE, create: during })),
      ]);
      creates.push(...during);
      expect([a, b]).toEqual(['ready', 'ready']);
      expect(await indexState(ns)).toEqual({ state: 'ready', flagged: 210, unflagged: 0, keywords: 0 });
      // Again on a ready namespace: nothing to do.
      expect(await fillTaskIndex(second, ns)).toBe('ready');

      infos.length = 0;
      const queries = [fx.unit()];
      const hits = await writer.search({ namespace: ns, field: 'task', queries, k: 10 });
      expectSameHits(hits, expectedHits({ entries: entriesOf(creates), field: 'task', queries, k: 10 }));
      expect(infos.map((i) => i.path)).toEqual(['ann']);
      expect(await fillTaskIndex(first, 'no such namespace')).toBeUndefined();
    } finally {
      await writer.close();
      await first.close();
      await second.close();
    }
  }, 60_000);

  it('refuses a bad fill threshold', async () => {
    await expect(createPostgresMemoryStore({ connectionString: db.url, taskIndexFillRows: -1 })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });

  it('refuses a bad analyze threshold, naming the option', async () => {
    await expect(createPostgresMemoryStore({ connectionString: db.url, analyzeAfterRows: 1.5 })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      details: { field: 'analyzeAfterRows' },
    });
  });
});
