import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemoryStore, VectorHit } from '../../../ports/memory-store.js';
import { NS, SPACE, createContractFixtures } from '../../../testing/memory-store-contract-fixtures.js';
import { createSqliteMemoryStore } from './sqlite-memory-store.js';

const run = promisify(execFile);
const worker = resolve('test/fixtures/sqlite-store-worker.mjs');
const built = resolve('dist/adapters/stores/sqlite/sqlite-memory-store.js');
const dir = mkdtempSync(join(tmpdir(), 'memp-sqlite-ann-'));
let n = 0;
const fresh = () => join(dir, `ann-${++n}.db`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the store worker (test/fixtures) in a child process. */
async function child(args: Record<string, unknown>): Promise<{ ok: boolean; created?: string[] }> {
  const { stdout } = await run(process.execPath, [worker, JSON.stringify(args)], { timeout: 60_000 });
  const parsed: unknown = JSON.parse(stdout.trim().split('\n').at(-1) ?? '');
  if (typeof parsed !== 'object' || parsed === null || !('ok' in parsed)) throw new Error('bad worker output');
  return parsed as { ok: boolean; created?: string[] };
}

const task = (store: MemoryStore, query: Float32Array, k = 10): Promise<VectorHit[]> =>
  store.search({ namespace: NS, field: 'task', queries: [query], k });

function indexFiles(path: string): string[] {
  const directory = `${path}.indexes`;
  return existsSync(directory) ? readdirSync(directory).filter((f) => f.endsWith('.usearch')) : [];
}

async function seedMany(store: MemoryStore, count: number, seed = 11): Promise<void> {
  const fx = createContractFixtures(seed);
  for (let start = 0; start < count; start += 500) {
    const ids = Array.from({ length: Math.min(500, count - start) }, (_, i) => ({ id: `m${start + i}` }));
    await fx.seed(store, ids);
  }
}

describe('SQLite approximate task index', () => {
  it('returns only exact scores, best first, with recall ≥ 0.95 against the exact scan, and is declared', async () => {
    const path = fresh();
    const approximate = createSqliteMemoryStore({ path, approximateIndex: { minActive: 100 } });
    const exact = createSqliteMemoryStore({ path, approximateIndex: { minActive: Number.POSITIVE_INFINITY } });
    expect(approximate.capabilities.vectorSearch).toBe('ann');
    expect(exact.capabilities.vectorSearch).toBe('exact');
    await seedMany(approximate, 2000);
    const fx = createContractFixtures(99);
    let found = 0;
    let wanted = 0;
    for (let q = 0; q < 40; q++) {
      const query = fx.unit();
      const [a, e] = [await task(approximate, query), await task(exact, query)];
      expect(a).toHaveLength(10);
      const exactScore = new Map((await task(exact, query, 2000)).map((h) => [h.id, h.score]));
      for (const hit of a) expect(hit.score).toBe(exactScore.get(hit.id));
      expect(a.map((h) => h.score)).toEqual([...a.map((h) => h.score)].sort((x, y) => y - x));
      const tenth = e[9]?.score ?? 0;
      found += a.filter((h) => h.score >= tenth).length;
      wanted += 10;
    }
    expect(found / wanted).toBeGreaterThanOrEqual(0.95);
    expect(indexFiles(path)).toHaveLength(1);
    await approximate.close();
    await exact.close();
  });

  it("gives the exact scan's hits bit for bit when its candidates cover the namespace (shared vectors, deprecated memories, any k)", async () => {
    const path = fresh();
    const approximate = createSqliteMemoryStore({ path, approximateIndex: { minActive: 0 } });
    const exact = createSqliteMemoryStore({ path, approximateIndex: { minActive: Number.POSITIVE_INFINITY } });
    const fx = createContractFixtures(31);
    // 30 distinct task vectors (fewer than the candidates the index is asked for, so it surfaces them all), each
    // held by 1 to 4 memories, a quarter of them deprecated: every hit, its order (ties by id) and its score must
    // be the exact scan's, whatever k and the statuses searched.
    const shared = Array.from({ length: 30 }, () => fx.unit());
    const create = Array.from({ length: 80 }, (_, i) => {
      const memory = fx.memory({
        id: `s${String(i).padStart(3, '0')}`,
        status: fx.random() < 0.25 ? 'deprecated' : 'active',
      });
      const task = Float32Array.from(shared[Math.floor(fx.random() * shared.length)] as Float32Array);
      return { memory, vectors: { task, keywords: memory.keywords.map(() => fx.unit()) } };
    });
    await approximate.apply({ namespace: NS, at: fx.clock.now(), space: SPACE, create });
    for (let q = 0; q < 60; q++) {
      const query = q % 3 === 0 ? Float32Array.from(shared[q % shared.length] as Float32Array) : fx.unit();
      const k = 1 + Math.floor(fx.random() * 90);
      const status = q % 4 === 0 ? (['active', 'deprecated'] as const) : undefined;
      const search = {
        namespace: NS,
        field: 'task' as const,
        queries: [query],
        k,
        ...(status ? { status: [...status] } : {}),
      };
      expect(await approximate.search(search)).toEqual(await exact.search(search));
    }
    await approximate.close();
    await exact.close();
  });

  it('always finds a stored vector equal to the query, even among near-duplicates the index cannot tell apart', async () => {
    const path = fresh();
    const approximate = createSqliteMemoryStore({ path, approximateIndex: { minActive: 100 } });
    const exact = createSqliteMemoryStore({ path, approximateIndex: { minActive: Number.POSITIVE_INFINITY } });
    const fx = createContractFixtures(21);
    const query = fx.unit();
    // 3,000 distinct vectors within 1e-3 of the query per component: the index's int8 codes are mostly the
    // query's own, so its candidate list picks among thousands of ties and the exact copy is rarely in it.
    const near = (i: number) => {
      const memory = fx.memory({ id: `near-${String(i).padStart(4, '0')}` });
      const task = Float32Array.from(query, (x) => x + (fx.random() * 2 - 1) * 1e-3);
      return { memory, vectors: { task, keywords: memory.keywords.map(() => fx.unit()) } };
    };
    for (let start = 0; start < 3000; start += 500) {
      const create = Array.from({ length: 500 }, (_, i) => near(start + i));
      await approximate.apply({ namespace: NS, at: fx.clock.now(), space: SPACE, create });
    }
    const copy = fx.memory({ id: 'same-task-again' });
    const copyVectors = { task: Float32Array.from(query), keywords: copy.keywords.map(() => fx.unit()) };
    await approximate.apply({
      namespace: NS,
      at: fx.clock.now(),
      space: SPACE,
      create: [{ memory: copy, vectors: copyVectors }],
    });
    const expected = await task(exact, query, 10);
    expect(expected[0]?.id).toBe('same-task-again');
    const found = await task(approximate, query, 10);
    expect(found[0]).toEqual(expected[0]);
    expect(found.every((hit, i) => hit.score <= (expected[i]?.score ?? Number.NEGATIVE_INFINITY))).toBe(true);
    await approximate.close();
    await exact.close();
  });

  it('builds a large index a slice at a time, searching exactly meanwhile, then serves it with the writes made during the build', async () => {
    const path = fresh();
    const options = { path, approximateIndex: { minActive: 100, backgroundBuildFrom: 500 } };
    const store = createSqliteMemoryStore(options);
    const exact = createSqliteMemoryStore({ path, approximateIndex: { minActive: Number.POSITIVE_INFINITY } });
    const indexed = () =>
      (store as unknown as { searchCaches: { taskIndexes: Map<string, unknown> } }).searchCaches.taskIndexes.has(NS);
    await seedMany(store, 1500);
    const fx = createContractFixtures(77);
    const query = fx.unit();
    // The first search starts the build and answers exactly.
    expect(await task(store, query)).toEqual(await task(exact, query));
    expect(indexed()).toBe(false);
    // A memory written during the build, with the query as its task vector.
    const copy = fx.memory({ id: 'written-during-build' });
    const vectors = { task: Float32Array.from(query), keywords: copy.keywords.map(() => fx.unit()) };
    await store.apply({ namespace: NS, at: fx.clock.now(), space: SPACE, create: [{ memory: copy, vectors }] });
    expect(await task(store, query)).toEqual(await task(exact, query));
    const deadline = Date.now() + 30_000;
    while (!indexed() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(indexed()).toBe(true);
    expect(indexFiles(path)).toHaveLength(1);
    const hits = await task(store, query);
    expect(hits[0]?.id).toBe('written-during-build');
    expect(hits[0]).toEqual((await task(exact, query))[0]);
    // Closing during a build stops it; reopening finds the saved file (no build, the index serves at once).
    await store.close();
    const reopened = createSqliteMemoryStore(options);
    expect((await task(reopened, query))[0]?.id).toBe('written-during-build');
    expect(
      (reopened as unknown as { searchCaches: { taskIndexes: Map<string, unknown> } }).searchCaches.taskIndexes.has(NS),
    ).toBe(true);
    await reopened.close();
    const other = createSqliteMemoryStore({
      path: fresh(),
      approximateIndex: { minActive: 100, backgroundBuildFrom: 500 },
    });
    await seedMany(other, 1000);
    await task(other, query);
    await other.close();
    await exact.close();
    expect(() => createSqliteMemoryStore({ path: fresh(), approximateIndex: { backgroundBuildFrom: -1 } })).toThrow(
      /backgroundBuildFrom/,
    );
  });

  it('searches exactly below the threshold, building no index', async () => {
    const path = fresh();
    const store = createSqliteMemoryStore({ path, approximateIndex: { minActive: 1000 } });
    await seedMany(store, 300);
    expect(await task(store, createContractFixtures(5).unit())).toHaveLength(10);
    expect(indexFiles(path)).toEqual([]);
    await store.close();
  });

  it('reuses the saved index when the store is reopened, and rebuilds a damaged or foreign one', async () => {
    const path = fresh();
    const first = createSqliteMemoryStore({ path, approximateIndex: { minActive: 100 } });
    await seedMany(first, 600);
    const query = createContractFixtures(3).unit();
    const hits = await task(first, query);
    await first.close();
    const [file] = indexFiles(path);
    if (file === undefined) throw new Error('no index file was saved');
    const full = join(`${path}.indexes`, file);
    const saved = statSync(full).mtimeMs;

    const second = createSqliteMemoryStore({ path, approximateIndex: { minActive: 100 } });
    expect(await task(second, query)).toEqual(hits);
    await second.close();
    expect(statSync(full).mtimeMs).toBe(saved);

    writeFileSync(full, 'not an index');
    const third = createSqliteMemoryStore({ path, approximateIndex: { minActive: 100 } });
    expect(await task(third, query)).toEqual(hits);
    await third.close();
    expect(statSync(full).size).toBeGreaterThan(1000);

    // The same file beside another database (another store id, other vectors under the same keys) is not used.
    const other = fresh();
    const foreign = createSqliteMemoryStore({ path: other, approximateIndex: { minActive: 100 } });
    await seedMany(foreign, 700, 12);
    const foreignHits = await task(foreign, query);
    await foreign.close();
    const [foreignFile] = indexFiles(other);
    if (foreignFile === undefined) throw new Error('no index file was saved');
    writeFileSync(join(`${other}.indexes`, foreignFile), readFileSync(full));
    const reopened = createSqliteMemoryStore({ path: other, approximateIndex: { minActive: 100 } });
    expect(await task(reopened, query)).toEqual(foreignHits);
    await reopened.close();
  });

  describe('with another process writing', () => {
    beforeAll(() => {
      if (!existsSync(built))
        throw new Error('dist is missing: run `npm run build` before these tests (npm test does)');
    });

    it('loads the index library from an eval context too (node -e, the REPL)', async () => {
      const script = `import(${JSON.stringify(built)}).then(async (m) => {
        const store = m.createSqliteMemoryStore({ path: ':memory:', approximateIndex: { minActive: 0 } });
        const task = Float32Array.from([1, 0, 0, 0]);
        await store.apply({ namespace: 'n', at: '2026-01-01T00:00:00.000Z', space: { embedder: 'e', dimension: 4 },
          create: [{ memory: { id: 'm', namespace: 'n', task: 't', keywords: [], kind: 'script', status: 'active',
            stats: { retrieved: 0, succeeded: 0, failed: 0 }, provenance: { builtBy: 'offline', from: [], embedder: 'e' },
            version: 1, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', script: 's' },
            vectors: { task, keywords: [] } }] });
        const hits = await store.search({ namespace: 'n', field: 'task', queries: [task], k: 1 });
        console.log(JSON.stringify(hits));
      })`;
      const { stdout } = await run(process.execPath, ['-e', script], { timeout: 60_000 });
      expect(JSON.parse(stdout.trim())).toEqual([{ id: 'm', score: 1, kind: 'script', status: 'active' }]);
    });

    it('never returns a memory deprecated or edited by another process, nor its old score', async () => {
      const path = fresh();
      const store = createSqliteMemoryStore({ path, approximateIndex: { minActive: 50 } });
      const exact = createSqliteMemoryStore({ path, approximateIndex: { minActive: Number.POSITIVE_INFINITY } });
      const dimension = 8;
      const axis = (i: number) => Float32Array.from({ length: dimension }, (_, j) => (j === i ? 1 : 0));
      await child({ op: 'create', path, namespace: NS, prefix: 'bulk', count: 200, minActive: 50 });
      const before = await task(store, axis(0), 5);
      expect(before).toHaveLength(5);
      expect(indexFiles(path)).toHaveLength(1);

      // A memory that matches the query exactly, written by the other process, is found through the index.
      await child({ op: 'create', path, namespace: NS, prefix: 'exact', count: 1, vector: Array.from(axis(0)) });
      expect((await task(store, axis(0), 5))[0]).toMatchObject({ id: 'exact-0000', score: 1, status: 'active' });

      // Deprecated there: gone here.
      await child({ op: 'deprecate', path, namespace: NS, id: 'exact-0000' });
      const afterDeprecation = await task(store, axis(0), 5);
      expect(afterDeprecation.map((h) => h.id)).not.toContain('exact-0000');
      expect(afterDeprecation).toEqual(await task(exact, axis(0), 5));

      // Edited there (new task vector): found by its new vector, never by its old one with its old score.
      const edited = before[0]?.id ?? '';
      const oldScore = before[0]?.score ?? 0;
      await child({ op: 'retask', path, namespace: NS, id: edited, task: 'moved', vector: Array.from(axis(3)) });
      expect((await task(store, axis(3), 1))[0]).toMatchObject({ id: edited, score: 1, status: 'active' });
      const afterEdit = await task(store, axis(0), 5);
      expect(afterEdit.find((h) => h.id === edited && h.score === oldScore)).toBeUndefined();
      expect(afterEdit).toEqual(await task(exact, axis(0), 5));
      await store.close();
      await exact.close();
    });
  });
});
