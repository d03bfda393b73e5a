import { describe, expect, it } from 'vitest';
import { NS, SPACE, expectCode } from './memory-store-contract-fixtures.js';
import type { ContractContext } from './memory-store-contract-fixtures.js';

/** Contract: create, get, list, ids, namespaces isolation, copies in and out. */
export function defineReadContract(ctx: ContractContext): void {
  describe('create and read', () => defineCreateAndReadCases(ctx));
  describe('list and ids', () => defineListCases(ctx));
}

/** Cases: capabilities, reads by id, every field kept, deep copies, namespace isolation, invalid input refused. */
function defineCreateAndReadCases(ctx: ContractContext): void {
  it('declares its capabilities as data', () => {
    const caps = ctx.store().capabilities;
    expect(typeof caps.persistent).toBe('boolean');
    expect(typeof caps.multiProcess).toBe('boolean');
    expect(['exact', 'ann']).toContain(caps.vectorSearch);
  });

  it('returns created memories by id, in the order asked, leaving out unknown ids', async () => {
    const store = ctx.store();
    const fx = ctx.fx();
    const creates = [fx.create({ id: 'm1' }), fx.create({ id: 'm2', kind: 'trajectory' }), fx.create({ id: 'm3' })];
    const result = await store.apply(fx.change({ space: SPACE, create: creates }));
    expect(result).toEqual({ created: ['m1', 'm2', 'm3'], updated: [] });
    const got = await store.get({ namespace: NS, ids: ['m3', 'nope', 'm1'] });
    expect(got).toEqual([creates[2]?.memory, creates[0]?.memory]);
    expect(await store.get({ namespace: NS, ids: [] })).toEqual([]);
  });

  it('keeps every field of a memory, including optional ones', async () => {
    const store = ctx.store();
    const fx = ctx.fx();
    const c = fx.create({ id: 'full' });
    c.memory.stats = { retrieved: 3, succeeded: 2, failed: 1, lastUsedAt: '2024-12-31T00:00:00.000Z' };
    c.memory.version = 4;
    c.memory.meta = { deep: { list: [1, 'two', { three: true }] } };
    const bare = fx.memory({ id: 'bare', keywords: [] });
    delete bare.steps;
    delete bare.script;
    delete bare.meta;
    await store.apply(fx.change({ space: SPACE, create: [c, { memory: bare, vectors: fx.vectors(bare) }] }));
    const [full, gotBare] = await store.get({ namespace: NS, ids: ['full', 'bare'] });
    expect(full).toEqual(c.memory);
    expect(gotBare).toEqual(bare);
    expect(gotBare !== undefined && 'script' in gotBare).toBe(false);
  });

  it('deep-copies in and out: callers cannot mutate stored state', async () => {
    const store = ctx.store();
    const fx = ctx.fx();
    const c = fx.create({ id: 'm1' });
    const original = structuredClone(c.memory);
    const originalTask = Float32Array.from(c.vectors.task);
    await store.apply(fx.change({ space: SPACE, create: [c] }));
    c.memory.task = 'mutated';
    c.memory.keywords.push('mutated');
    c.memory.steps?.push({ action: 'mutated' });
    (c.memory.meta?.['nested'] as { n: number }).n = 99;
    c.vectors.task.fill(0);
    const [got] = await store.get({ namespace: NS, ids: ['m1'] });
    expect(got).toEqual(original);
    if (got === undefined) throw new Error('missing');
    got.keywords.push('again');
    got.stats.retrieved = 50;
    expect(await store.get({ namespace: NS, ids: ['m1'] })).toEqual([original]);
    const vectors = await store.vectors({ namespace: NS, ids: ['m1'] });
    expect(Array.from(vectors.get('m1')?.task ?? [])).toEqual(Array.from(originalTask));
    vectors.get('m1')?.task.fill(0);
    const again = await store.vectors({ namespace: NS, ids: ['m1'] });
    expect(Array.from(again.get('m1')?.task ?? [])).toEqual(Array.from(originalTask));
  });

  it('isolates namespaces: ids are unique per namespace, the same id may live in two', async () => {
    const store = ctx.store();
    const fx = ctx.fx();
    const [a, b] = await fx.seed(store, [
      { id: 'same', namespace: 'ns-a', task: 'task in a' },
      { id: 'same', namespace: 'ns-b', task: 'task in b' },
    ]);
    expect(await store.get({ namespace: 'ns-a', ids: ['same'] })).toEqual([a?.memory]);
    expect(await store.get({ namespace: 'ns-b', ids: ['same'] })).toEqual([b?.memory]);
    expect(await store.get({ namespace: NS, ids: ['same'] })).toEqual([]);
    expect(await store.list({ namespace: 'ns-a' })).toEqual([a?.memory]);
    expect(await store.ids({ namespace: 'ns-c' })).toEqual([]);
    const hits = await store.search({
      namespace: 'ns-a',
      field: 'task',
      queries: [b?.vectors.task ?? fx.unit()],
      k: 5,
    });
    expect(hits.map((h) => h.id)).toEqual(['same']);
    expect(hits[0]?.score).toBeCloseTo(
      Array.from(a?.vectors.task ?? []).reduce((s, x, i) => s + x * (b?.vectors.task[i] ?? 0), 0),
      5,
    );
  });

  it('rejects invalid namespaces and memories with INVALID_ARGUMENT', async () => {
    const store = ctx.store();
    const fx = ctx.fx();
    await expectCode(store.list({ namespace: 'bad namespace!' }), 'INVALID_ARGUMENT');
    await expectCode(store.get({ namespace: '', ids: ['x'] }), 'INVALID_ARGUMENT');
    await expectCode(
      store.apply(fx.change({ namespace: 'bad/ns', space: SPACE, create: [fx.create({ id: 'x' })] })),
      'INVALID_ARGUMENT',
    );
    await expectCode(
      store.apply(fx.change({ space: SPACE, create: [fx.create({ id: 'x', namespace: 'other' })] })),
      'INVALID_ARGUMENT',
    );
    const broken = fx.create({ id: 'y' });
    broken.memory.task = '';
    await expectCode(store.apply(fx.change({ space: SPACE, create: [broken] })), 'INVALID_ARGUMENT');
    expect(await store.namespaces()).toEqual([]);
  });
}

/** Cases: `list` and `ids` in creation order, filtered, paged by cursor and by the default page size. */
function defineListCases(ctx: ContractContext): void {
  it('lists in creation order (createdAt, then id) with pagination by after', async () => {
    const store = ctx.store();
    const fx = ctx.fx();
    const t1 = '2025-01-01T00:00:01.000Z';
    const t2 = '2025-01-01T00:00:02.000Z';
    await fx.seed(store, [
      { id: 'c', createdAt: t2 },
      { id: 'b', createdAt: t1 },
      { id: 'z', createdAt: t1 },
      { id: 'a', createdAt: t2 },
      { id: 'd', createdAt: t1 },
    ]);
    const all = await store.list({ namespace: NS });
    expect(all.map((m) => m.id)).toEqual(['b', 'd', 'z', 'a', 'c']);
    const page1 = await store.list({ namespace: NS, limit: 2 });
    const page2 = await store.list({ namespace: NS, limit: 2, after: page1.at(-1)?.id });
    const page3 = await store.list({ namespace: NS, limit: 2, after: page2.at(-1)?.id });
    const page4 = await store.list({ namespace: NS, limit: 2, after: page3.at(-1)?.id });
    expect([page1, page2, page3, page4].map((p) => p.map((m) => m.id))).toEqual([['b', 'd'], ['z', 'a'], ['c'], []]);
    expect(await store.ids({ namespace: NS })).toEqual(['b', 'd', 'z', 'a', 'c']);
  });

  it('filters by status and kind, and pages from a cursor that does not match the filter', async () => {
    const store = ctx.store();
    const fx = ctx.fx();
    await fx.seed(store, [
      { id: 'm1', kind: 'script' },
      { id: 'm2', kind: 'trajectory' },
      { id: 'm3', kind: 'script', status: 'deprecated' },
      { id: 'm4', kind: 'proceduralization' },
      { id: 'm5', kind: 'script' },
    ]);
    const ids = async (q: Parameters<typeof store.list>[0]) => (await store.list(q)).map((m) => m.id);
    expect(await ids({ namespace: NS, status: 'active' })).toEqual(['m1', 'm2', 'm4', 'm5']);
    expect(await ids({ namespace: NS, status: 'deprecated' })).toEqual(['m3']);
    expect(await ids({ namespace: NS, kind: 'script' })).toEqual(['m1', 'm3', 'm5']);
    expect(await ids({ namespace: NS, kind: 'script', status: 'active' })).toEqual(['m1', 'm5']);
    expect(await ids({ namespace: NS, kind: 'script', after: 'm2' })).toEqual(['m3', 'm5']);
    expect(await ids({ namespace: NS, status: 'active', after: 'm3', limit: 1 })).toEqual(['m4']);
    expect(await store.ids({ namespace: NS, status: 'deprecated' })).toEqual(['m3']);
    expect(await store.ids({ namespace: NS, status: 'active' })).toEqual(['m1', 'm2', 'm4', 'm5']);
  });

  it('pages 100 by default', async () => {
    const store = ctx.store();
    const fx = ctx.fx();
    await fx.seed(
      store,
      Array.from({ length: 105 }, (_, i) => ({ id: `m${String(i).padStart(3, '0')}`, keywords: [] })),
    );
    const first = await store.list({ namespace: NS });
    expect(first).toHaveLength(100);
    const rest = await store.list({ namespace: NS, after: first.at(-1)?.id });
    expect(rest.map((m) => m.id)).toEqual(['m100', 'm101', 'm102', 'm103', 'm104']);
    expect(await store.ids({ namespace: NS })).toHaveLength(105);
  });

  it('rejects a bad limit or an unknown cursor with INVALID_ARGUMENT', async () => {
    const store = ctx.store();
    const fx = ctx.fx();
    await fx.seed(store, [{ id: 'm1' }]);
    await expectCode(store.list({ namespace: NS, limit: 0 }), 'INVALID_ARGUMENT');
    await expectCode(store.list({ namespace: NS, limit: 1.5 }), 'INVALID_ARGUMENT');
    await expectCode(store.list({ namespace: NS, after: 'unknown' }), 'INVALID_ARGUMENT');
  });
}
