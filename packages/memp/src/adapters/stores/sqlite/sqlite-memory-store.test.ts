import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { MempError, isMempError } from '../../../core/errors.js';
import type { ChangeSet, MemoryStore } from '../../../ports/memory-store.js';
import { runMemoryStoreContract } from '../../../testing/memory-store-contract.js';
import {
  NS,
  SPACE,
  createContractFixtures,
  expectCode,
  expectSameHits,
} from '../../../testing/memory-store-contract-fixtures.js';
import { createInMemoryMemoryStore } from '../in-memory/in-memory-memory-store.js';
import { SQLITE_MIGRATIONS, SQLITE_SCHEMA_VERSION, migrateSqlite } from './sqlite-migrations.js';
import { openSqliteConnection } from './sqlite-connection.js';
import { createSqliteMemoryStore } from './sqlite-memory-store.js';
import { RETAINED_SEARCH_GENERATIONS } from './sqlite-writes.js';

const dir = mkdtempSync(join(tmpdir(), 'memp-sqlite-contract-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

runMemoryStoreContract('sqlite :memory:', () => createSqliteMemoryStore({ path: ':memory:' }));
runMemoryStoreContract('sqlite file', () => createSqliteMemoryStore({ path: join(dir, `store-${++n}.db`) }));
// Every task search through the approximate index (threshold 0), so the contract holds for that path too.
runMemoryStoreContract('sqlite file, approximate index always on', () =>
  createSqliteMemoryStore({ path: join(dir, `store-${++n}.db`), approximateIndex: { minActive: 0 } }),
);

describe('SQLite store specifics', () => {
  const fresh = () => join(dir, `specific-${++n}.db`);

  it('refuses an empty or missing path with INVALID_ARGUMENT instead of a silent temporary database', () => {
    for (const options of [{ path: '' }, { path: '   ' }, {}, undefined]) {
      let error: unknown;
      try {
        createSqliteMemoryStore(options as unknown as { path: string });
      } catch (e) {
        error = e;
      }
      expect(isMempError(error, 'INVALID_ARGUMENT')).toBe(true);
    }
  });

  it('commits with synchronous = FULL when asked (power-loss durable), NORMAL by default, and refuses others', () => {
    const path = fresh();
    for (const [synchronous, level] of [
      [undefined, 1],
      ['normal', 1],
      ['full', 2],
    ] as const) {
      const db = openSqliteConnection({ path, ...(synchronous === undefined ? {} : { synchronous }) });
      expect(db.pragma('synchronous', { simple: true })).toBe(level);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      db.close();
    }
    let error: unknown;
    try {
      createSqliteMemoryStore({ path, synchronous: 'off' as unknown as 'full' });
    } catch (e) {
      error = e;
    }
    expect(isMempError(error, 'INVALID_ARGUMENT')).toBe(true);
  });

  it('finds everything again after reopening the file', async () => {
    const path = fresh();
    const fx = createContractFixtures();
    const first = createSqliteMemoryStore({ path });
    const [c1, c2] = await fx.seed(first, [{ id: 'm1' }, { id: 'm2', keywords: ['a', 'b', 'c'] }]);
    await first.apply(
      fx.change({
        trajectories: [fx.trajectory({ id: 't1' })],
        usage: [{ id: 'm2', success: true }],
        update: [{ id: 'm1', expectedVersion: 1, content: { script: 'v2' }, reason: 'adjustment', note: 'n' }],
      }),
    );
    const memories = await first.get({ namespace: NS, ids: ['m1', 'm2'] });
    const revisions = await first.revisions({ namespace: NS, memoryId: 'm1' });
    const query = c2?.vectors.keywords[1] ?? fx.unit();
    const hits = await first.search({ namespace: NS, field: 'keywords', queries: [query], k: 2 });
    await first.close();

    const second = createSqliteMemoryStore({ path });
    expect(second.capabilities).toEqual({ persistent: true, multiProcess: true, vectorSearch: 'ann' });
    expect(await second.get({ namespace: NS, ids: ['m1', 'm2'] })).toEqual(memories);
    expect(await second.revisions({ namespace: NS, memoryId: 'm1' })).toEqual(revisions);
    expect(await second.trajectory({ namespace: NS, id: 't1' })).toEqual(fx.trajectory({ id: 't1' }));
    expect(await second.space({ namespace: NS })).toEqual(SPACE);
    expect(await second.namespaces()).toEqual([NS]);
    expect(await second.search({ namespace: NS, field: 'keywords', queries: [query], k: 2 })).toEqual(hits);
    const vectors = await second.vectors({ namespace: NS, ids: ['m1'] });
    expect(Array.from(vectors.get('m1')?.task ?? [])).toEqual(Array.from(c1?.vectors.task ?? []));
    await second.close();
  });

  it('migrates once, idempotently, and each migration in its own transaction', () => {
    const path = fresh();
    const db = new Database(path);
    expect(migrateSqlite({ db })).toEqual({ from: 0, to: SQLITE_SCHEMA_VERSION });
    expect(migrateSqlite({ db })).toEqual({ from: SQLITE_SCHEMA_VERSION, to: SQLITE_SCHEMA_VERSION });
    const broken = [
      ...SQLITE_MIGRATIONS,
      { version: SQLITE_SCHEMA_VERSION + 1, name: 'ok', sql: 'CREATE TABLE extra_ok (x INTEGER);' },
      {
        version: SQLITE_SCHEMA_VERSION + 2,
        name: 'bad',
        sql: 'CREATE TABLE extra_bad (x INTEGER); SELECT * FROM missing_table;',
      },
    ];
    expect(() => migrateSqlite({ db, migrations: broken })).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(SQLITE_SCHEMA_VERSION + 1);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    expect(tables).toContain('extra_ok');
    expect(tables).not.toContain('extra_bad');
    db.close();
    const again = createSqliteMemoryStore({ path: fresh() });
    return again.close();
  });

  it('refuses a database from a newer schema with STORAGE_FAILED', () => {
    const path = fresh();
    const db = new Database(path);
    db.pragma(`user_version = ${SQLITE_SCHEMA_VERSION + 5}`);
    db.close();
    let error: unknown;
    try {
      createSqliteMemoryStore({ path });
    } catch (e) {
      error = e;
    }
    expect(isMempError(error, 'STORAGE_FAILED')).toBe(true);
    expect(isMempError(error) && error.details['found']).toBe(SQLITE_SCHEMA_VERSION + 5);
  });

  it('fails with STORAGE_FAILED on a bad path, corrupt rows, and a lock held past the busy timeout', async () => {
    expect(() => createSqliteMemoryStore({ path: join(dir, 'no', 'such', 'dir', 'x.db') })).toThrow(MempError);
    const path = fresh();
    const fx = createContractFixtures();
    const store = createSqliteMemoryStore({ path, busyTimeoutMs: 50 });
    await fx.seed(store, [{ id: 'm1' }, { id: 'm2' }]);
    const raw = new Database(path);
    raw.prepare("UPDATE memories SET body = '{not json' WHERE id = 'm1'").run();
    raw.prepare(`UPDATE memories SET body = '{"id":"m2"}' WHERE id = 'm2'`).run();
    await expectCode(store.get({ namespace: NS, ids: ['m1'] }), 'STORAGE_FAILED');
    await expectCode(store.list({ namespace: NS }), 'STORAGE_FAILED');
    await expectCode(store.get({ namespace: NS, ids: ['m2'] }), 'STORAGE_FAILED');
    raw.exec('BEGIN IMMEDIATE');
    await expectCode(store.apply(fx.change({ trajectories: [fx.trajectory({ id: 't' })] })), 'STORAGE_FAILED');
    raw.exec('ROLLBACK');
    await store.apply(fx.change({ trajectories: [fx.trajectory({ id: 't' })] }));
    raw.close();
    await store.close();
  });

  it('checkpoints the WAL from a background thread when asked (the serving connection only as a fallback)', async () => {
    const fx = createContractFixtures();
    const sizes: Record<string, { before: number; after: number }> = {};
    for (const checkpoints of ['inline', 'background'] as const) {
      const path = fresh();
      const store = createSqliteMemoryStore({ path, checkpoints });
      await fx.seed(store, [{ id: 'first' }]);
      const before = statSync(path).size;
      await fx.seed(
        store,
        Array.from({ length: 40 }, (_, i) => ({ id: `m${i}`, task: `task ${i} ${'x'.repeat(2000)}` })),
      );
      // The thread checkpoints every 200 ms: the database file grows without a 1,000-page WAL.
      const deadline = Date.now() + 5000;
      while (checkpoints === 'background' && statSync(path).size === before && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      sizes[checkpoints] = { before, after: statSync(path).size };
      expect(await store.get({ namespace: NS, ids: ['m39'] })).toHaveLength(1);
      await store.close();
    }
    expect(sizes['inline']?.after).toBe(sizes['inline']?.before);
    expect(sizes['background']?.after).toBeGreaterThan(sizes['background']?.before ?? 0);
    expect(() => createSqliteMemoryStore({ path: fresh(), checkpoints: 'never' as 'inline' })).toThrow(
      /checkpoints must be/,
    );
    // A :memory: database has no WAL: the option is ignored.
    await createSqliteMemoryStore({ path: ':memory:', checkpoints: 'background' }).close();
  });

  it('waits for the write lock of another connection without stalling the process, then writes', async () => {
    const path = fresh();
    const fx = createContractFixtures();
    const store = createSqliteMemoryStore({ path });
    await fx.seed(store, [{ id: 'm1' }]);
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    // The lock is released from a timer of this process: a write sleeping in SQLite's busy handler would hold up
    // the timer (and every request of a server) until its busy timeout.
    let ticks = 0;
    const ticker = setInterval(() => {
      ticks += 1;
    }, 2);
    setTimeout(() => other.exec('COMMIT'), 60);
    const started = performance.now();
    await store.apply(fx.change({ trajectories: [fx.trajectory({ id: 't-after-lock' })] }));
    const waited = performance.now() - started;
    clearInterval(ticker);
    other.close();
    expect(waited).toBeGreaterThanOrEqual(50);
    expect(ticks).toBeGreaterThanOrEqual(5);
    expect((await store.stats({ namespace: NS })).trajectories).toBe(1);
    // Reads were served meanwhile, and the busy timeout is back for them.
    expect(await store.get({ namespace: NS, ids: ['m1'] })).toHaveLength(1);
    await store.close();
  });

  it('keeps search exact when two connections write in turn, catching up instead of reloading the namespace', async () => {
    const path = fresh();
    const fx = createContractFixtures();
    const a = createSqliteMemoryStore({ path });
    const b = createSqliteMemoryStore({ path });
    const reference = createInMemoryMemoryStore();
    const cacheOf = (store: MemoryStore) =>
      (store as unknown as { searchCaches: { caches: Map<string, unknown> } }).searchCaches.caches.get(NS);
    const query = () => ({ namespace: NS, field: 'task' as const, queries: [fx.unit()], k: 100 });
    const write = async (store: MemoryStore, change: ChangeSet) => {
      await store.apply(change);
      await reference.apply(change);
    };
    await write(a, fx.change({ space: SPACE, create: [fx.create({ id: 'm0' })] }));
    await a.search(query());
    await b.search(query());
    const loaded = { a: cacheOf(a), b: cacheOf(b) };
    for (let i = 1; i <= 6; i++) {
      // Each store writes while its cache lacks the other's last write.
      await write(b, fx.change({ space: SPACE, create: [fx.create({ id: `b${i}` })] }));
      await write(a, fx.change({ space: SPACE, create: [fx.create({ id: `a${i}` })] }));
      const q = query();
      const expected = await reference.search(q);
      expectSameHits(await a.search(q), expected);
      expectSameHits(await b.search(q), expected);
    }
    expect(cacheOf(a)).toBe(loaded.a);
    expect(cacheOf(b)).toBe(loaded.b);
    await a.close();
    await b.close();
  });

  it('answers kinds from a current search cache exactly as the table has them, across writes of both connections', async () => {
    const path = fresh();
    const fx = createContractFixtures();
    const a = createSqliteMemoryStore({ path });
    const b = createSqliteMemoryStore({ path });
    const table = new Database(path, { readonly: true });
    const fromTable = (ids: string[]) =>
      new Map(
        (
          table
            .prepare(
              'SELECT id, kind, status FROM memories WHERE namespace = ? AND id IN (SELECT value FROM json_each(?))',
            )
            .all(NS, JSON.stringify(ids)) as { id: string; kind: string; status: string }[]
        ).map((r) => [r.id, { kind: r.kind, status: r.status }]),
      );
    const cachedKinds = (store: MemoryStore, ids: string[]) =>
      (store as unknown as { searchCaches: { kinds(ns: string, ids: readonly string[]): unknown } }).searchCaches.kinds(
        NS,
        ids,
      );
    const ids = ['m1', 'm2', 'm3', 'm4', 'gone'];
    await fx.seed(a, [
      { id: 'm1', kind: 'script' },
      { id: 'm2', kind: 'lesson' },
      { id: 'm3', kind: 'trajectory' },
    ]);
    const query = { namespace: NS, field: 'task' as const, queries: [fx.unit()], k: 10 };
    await a.search(query);
    await b.search(query);
    const changes: Array<[MemoryStore, ChangeSet]> = [
      [a, fx.change({ update: [{ id: 'm1', expectedVersion: 1, content: { kind: 'lesson' }, reason: 'edit' }] })],
      [b, fx.change({ update: [{ id: 'm2', expectedVersion: 1, status: 'deprecated', reason: 'edit' }] })],
      [b, fx.change({ update: [{ id: 'm3', expectedVersion: 1, content: { kind: 'script' }, reason: 'edit' }] })],
      [a, fx.change({ delete: [{ id: 'm1', expectedVersion: 2 }] })],
      [b, fx.change({ space: SPACE, create: [fx.create({ id: 'm4', kind: 'proceduralization' })] })],
    ];
    for (const [writer, change] of changes) {
      await writer.apply(change);
      for (const store of [a, b]) {
        expect(await store.kinds?.({ namespace: NS, ids })).toEqual(fromTable(ids));
        await store.search(query);
        // After a search the cache is current and answers by itself.
        expect(cachedKinds(store, ids)).toEqual(fromTable(ids));
      }
    }
    table.close();
    await a.close();
    await b.close();
  });

  it('keeps search exact while another connection writes the same file', async () => {
    const path = fresh();
    const fx = createContractFixtures();
    const a = createSqliteMemoryStore({ path });
    // The same, with every task search going through the approximate index.
    const c = createSqliteMemoryStore({ path, approximateIndex: { minActive: 0 } });
    const b = createSqliteMemoryStore({ path });
    const reference = createInMemoryMemoryStore();
    const both = async (change: ChangeSet) => {
      await b.apply(change);
      await reference.apply(change);
    };
    const compare = async () => {
      for (const field of ['task', 'keywords'] as const) {
        for (const status of [['active'], ['active', 'deprecated']] as const) {
          const query = { namespace: NS, field, queries: [fx.unit(), fx.unit()], k: 50, status: [...status] };
          const expected = await reference.search(query);
          expectSameHits(await a.search(query), expected);
          expectSameHits(await c.search(query), expected);
        }
      }
    };
    await compare();
    const creates = Array.from({ length: 20 }, (_, i) =>
      fx.create({ id: `m${i}`, keywords: ['x', 'y'].slice(0, i % 3) }),
    );
    await both(fx.change({ space: SPACE, create: creates.slice(0, 10) }));
    await compare();
    await both(fx.change({ space: SPACE, create: creates.slice(10) }));
    await compare();
    await both(
      fx.change({
        space: SPACE,
        update: [
          {
            id: 'm3',
            expectedVersion: 1,
            content: { keywords: ['p'] },
            vectors: { task: fx.unit(), keywords: [fx.unit()] },
            reason: 'edit',
          },
        ],
      }),
    );
    await compare();
    await both(fx.change({ update: [{ id: 'm4', expectedVersion: 1, status: 'deprecated', reason: 'deprecation' }] }));
    await compare();
    await a.apply(
      fx.change({ update: [{ id: 'm5', expectedVersion: 1, status: 'deprecated', reason: 'deprecation' }] }),
    );
    await reference.apply(
      fx.change({ update: [{ id: 'm5', expectedVersion: 1, status: 'deprecated', reason: 'deprecation' }] }),
    );
    await compare();
    // Deleted, then created again under the same id, by the other connection.
    await both(fx.change({ delete: [{ id: 'm6', expectedVersion: 1 }] }));
    await compare();
    await both(fx.change({ space: SPACE, create: [fx.create({ id: 'm6', keywords: ['z'] })] }));
    await compare();
    // Deleted by this connection.
    await a.apply(fx.change({ delete: [{ id: 'm8', expectedVersion: 1 }] }));
    await reference.apply(fx.change({ delete: [{ id: 'm8', expectedVersion: 1 }] }));
    await compare();
    // More writes than search_changes remembers: the caches must load afresh rather than miss the first one.
    await both(fx.change({ update: [{ id: 'm9', expectedVersion: 1, status: 'deprecated', reason: 'deprecation' }] }));
    for (let i = 0; i < RETAINED_SEARCH_GENERATIONS + 3; i++) {
      const status = i % 2 === 0 ? 'deprecated' : 'active';
      await both(fx.change({ update: [{ id: 'm7', expectedVersion: i + 1, status, reason: 'edit' }] }));
    }
    await compare();
    const wide = { embedder: 'wide', dimension: 8 };
    const ids = [
      ...(await reference.ids({ namespace: NS })),
      ...(await reference.ids({ namespace: NS, status: 'deprecated' })),
    ];
    const memories = await reference.get({ namespace: NS, ids });
    const reembedding = {
      namespace: NS,
      space: wide,
      vectors: memories.map((m) => ({ id: m.id, vectors: fx.vectors(m) })),
    };
    await b.reembed(reembedding);
    await reference.reembed(reembedding);
    await compare();
    await Promise.all([a.close(), b.close(), c.close(), reference.close()]);
  });

  it('stays exact with many identical vectors through replacements and compaction', async () => {
    const fx = createContractFixtures();
    const store = createSqliteMemoryStore({ path: ':memory:' });
    const reference = createInMemoryMemoryStore();
    const pool = Array.from({ length: 5 }, () => fx.unit());
    const pick = (i: number) => pool[i % pool.length] as Float32Array;
    const both = async (change: ChangeSet) => {
      await store.apply(change);
      await reference.apply(change);
    };
    const compare = async () => {
      for (const field of ['task', 'keywords'] as const) {
        const query = { namespace: NS, field, queries: [pick(1), fx.unit()], k: 40 };
        expectSameHits(await store.search(query), await reference.search(query));
      }
    };
    const create = Array.from({ length: 300 }, (_, i) => ({
      memory: fx.memory({ id: `d${i}`, keywords: ['a', 'b', 'c'] }),
      vectors: { task: pick(i), keywords: [pick(i), pick(i + 1), pick(i * 7)] },
    }));
    await both(fx.change({ space: SPACE, create }));
    await compare();
    for (let round = 1; round <= 3; round++) {
      const update = create.map((c, i) => ({
        id: c.memory.id,
        expectedVersion: round,
        reason: 'edit' as const,
        vectors: {
          task: i % 4 === round ? fx.unit() : pick(i + round),
          keywords: [pick(i + round), fx.unit(), pick(round)],
        },
      }));
      await both(fx.change({ space: SPACE, update }));
      await compare();
    }
    await Promise.all([store.close(), reference.close()]);
  });

  it('stays exact for sparse vectors, and when a dense vector joins them', async () => {
    const fx = createContractFixtures();
    const store = createSqliteMemoryStore({ path: ':memory:' });
    const reference = createInMemoryMemoryStore();
    const dimension = 64;
    const space = { embedder: 'sparse', dimension };
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const sparseUnit = () => {
      const v = new Float32Array(dimension);
      for (let i = 0; i < 5; i++) v[Math.floor(random() * dimension)] = random() - 0.5;
      const norm = Math.hypot(...v) || 1;
      return v.map((x) => x / norm);
    };
    const both = async (change: ChangeSet) => {
      await store.apply(change);
      await reference.apply(change);
    };
    const compare = async () => {
      for (const field of ['task', 'keywords'] as const) {
        for (const query of [sparseUnit(), fx.unit(dimension)]) {
          const search = { namespace: NS, field, queries: [query, sparseUnit()], k: 30 };
          expectSameHits(await store.search(search), await reference.search(search));
        }
      }
    };
    const create = Array.from({ length: 200 }, (_, i) => ({
      memory: fx.memory({ id: `s${i}`, keywords: ['a', 'b'] }),
      vectors: { task: sparseUnit(), keywords: [sparseUnit(), sparseUnit()] },
    }));
    await both(fx.change({ space, create }));
    await compare();
    await both(
      fx.change({
        space,
        update: create.slice(0, 50).map((c) => ({
          id: c.memory.id,
          expectedVersion: 1,
          reason: 'edit' as const,
          vectors: { task: sparseUnit(), keywords: [sparseUnit(), sparseUnit()] },
        })),
      }),
    );
    await compare();
    await both(
      fx.change({
        space,
        update: [
          {
            id: 's60',
            expectedVersion: 1,
            reason: 'edit',
            vectors: { task: fx.unit(dimension), keywords: [fx.unit(dimension), sparseUnit()] },
          },
        ],
      }),
    );
    await compare();
    await Promise.all([store.close(), reference.close()]);
  });

  it('searches 10k memories of 512 dimensions: k hits, best first (speed is measured by npm run bench:core)', async () => {
    const store = createSqliteMemoryStore({ path: ':memory:' });
    const fx = createContractFixtures();
    const space = { embedder: 'bench', dimension: 512 };
    for (let batch = 0; batch < 10; batch++) {
      const create = Array.from({ length: 1000 }, (_, i) => {
        const memory = fx.memory({ id: `m${batch}-${i}`, keywords: ['a', 'b', 'c'] });
        return { memory, vectors: fx.vectors(memory, 512) };
      });
      await store.apply(fx.change({ space, create }));
    }
    for (let i = 0; i < 5; i++) {
      const hits = await store.search({ namespace: NS, field: 'task', queries: [fx.unit(512)], k: 10 });
      expect(hits).toHaveLength(10);
      for (let j = 1; j < hits.length; j++) expect(hits[j - 1]!.score).toBeGreaterThanOrEqual(hits[j]!.score);
    }
    await store.close();
  });
});
