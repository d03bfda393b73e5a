import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemoryStore } from '../../../ports/memory-store.js';
import { NS, createContractFixtures } from '../../../testing/memory-store-contract-fixtures.js';
import { createSqliteMemoryStore } from './sqlite-memory-store.js';

const run = promisify(execFile);
const worker = resolve('test/fixtures/sqlite-store-worker.mjs');
const built = resolve('dist/adapters/stores/sqlite/sqlite-memory-store.js');
const CROSS = { embedder: 'cross-process', dimension: 8 };

/** Runs the worker in a child process and returns its JSON answer. */
async function child(
  args: Record<string, unknown>,
): Promise<{ ok: boolean; code?: string; created?: string[]; version?: number }> {
  const { stdout } = await run(process.execPath, [worker, JSON.stringify(args)], { timeout: 60_000 });
  const line = stdout.trim().split('\n').at(-1) ?? '';
  const parsed: unknown = JSON.parse(line);
  if (typeof parsed !== 'object' || parsed === null || !('ok' in parsed)) throw new Error(`bad worker output: ${line}`);
  return parsed as { ok: boolean; code?: string; created?: string[]; version?: number };
}

describe('SQLite store across processes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'memp-sqlite-process-'));
  let n = 0;
  const fresh = () => join(dir, `shared-${++n}.db`);
  beforeAll(() => {
    if (!existsSync(built)) throw new Error('dist is missing: run `npm run build` before these tests (npm test does)');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every memory when two processes create concurrently', async () => {
    const path = fresh();
    const goAt = Date.now() + 400;
    const N = 40;
    const [a, b] = await Promise.all([
      child({ op: 'create', path, namespace: NS, prefix: 'a', count: N, goAt }),
      child({ op: 'create', path, namespace: NS, prefix: 'b', count: N, goAt }),
    ]);
    expect(a.created).toHaveLength(N);
    expect(b.created).toHaveLength(N);
    const store = createSqliteMemoryStore({ path });
    const stats = await store.stats({ namespace: NS });
    expect(stats).toMatchObject({ memories: 2 * N, active: 2 * N, trajectories: 2 * N, space: CROSS });
    expect((await store.ids({ namespace: NS })).sort()).toEqual([...(a.created ?? []), ...(b.created ?? [])].sort());
    const hits = await store.search({
      namespace: NS,
      field: 'task',
      queries: [new Float32Array(8).fill(Math.SQRT1_2 / 2)],
      k: 1000,
    });
    expect(hits).toHaveLength(2 * N);
    await store.close();
  });

  it('lets exactly one of two processes win a stale-version race', async () => {
    const path = fresh();
    const fx = createContractFixtures();
    const store = createSqliteMemoryStore({ path });
    await fx.seed(store, [{ id: 'm1' }]);
    const goAt = Date.now() + 400;
    const results = await Promise.all(
      ['from-a', 'from-b'].map((script) =>
        child({ op: 'update', path, namespace: NS, id: 'm1', expectedVersion: 1, script, goAt }),
      ),
    );
    expect(results.filter((r) => r.ok)).toEqual([{ ok: true, version: 2 }]);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, code: 'CONFLICT' }]);
    const [m] = await store.get({ namespace: NS, ids: ['m1'] });
    expect(m?.version).toBe(2);
    expect(['from-a', 'from-b']).toContain(m?.script);
    expect(await store.revisions({ namespace: NS, memoryId: 'm1' })).toHaveLength(1);
    await store.close();
  });

  it("sees another process's writes in search (cache invalidation)", async () => {
    const path = fresh();
    const store: MemoryStore = createSqliteMemoryStore({ path });
    const query = new Float32Array([1, 0, 0, 0, 0, 0, 0, 0]);
    const search = async () =>
      (await store.search({ namespace: NS, field: 'task', queries: [query], k: 3 })).map((h) => h.id);
    expect(await search()).toEqual([]);
    await child({ op: 'create', path, namespace: NS, prefix: 'first', count: 5 });
    const before = await search();
    expect(before).toHaveLength(3);
    expect(await store.space({ namespace: NS })).toEqual(CROSS);
    await child({ op: 'create', path, namespace: NS, prefix: 'exact', count: 1, vector: Array.from(query) });
    expect((await search())[0]).toBe('exact-0000');
    await child({ op: 'deprecate', path, namespace: NS, id: 'exact-0000' });
    expect(await search()).toEqual(before);
    expect(await store.ids({ namespace: NS, status: 'deprecated' })).toEqual(['exact-0000']);
    await store.close();
  });
});
