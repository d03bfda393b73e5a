import { expect, it } from 'vitest';
import { NS, SPACE, WIDE_SPACE, expectCode } from './memory-store-contract-fixtures.js';
import type { ContractContext } from './memory-store-contract-fixtures.js';

/** Cases: `reembed` replaces every vector and the space at once, or fails changing nothing. */
export function defineReembedCases(ctx: ContractContext): void {
  it('replaces every vector and the space atomically, keeping versions', async () => {
    const store = ctx.store();
    const fx = ctx.fx();
    await fx.seed(store, [{ id: 'm1' }, { id: 'm2', keywords: [] }, { id: 'm3', status: 'deprecated' }]);
    const before = await store.get({ namespace: NS, ids: ['m1', 'm2', 'm3'] });
    const fresh = before.map((m) => ({ id: m.id, vectors: fx.vectors(m, WIDE_SPACE.dimension) }));
    const space = { embedder: 'new-embedder', dimension: WIDE_SPACE.dimension };
    await store.reembed({ namespace: NS, space, vectors: fresh });
    expect(await store.space({ namespace: NS })).toEqual(space);
    const after = await store.get({ namespace: NS, ids: ['m1', 'm2', 'm3'] });
    expect(after.map((m) => [m.version, m.provenance.embedder])).toEqual([
      [1, 'new-embedder'],
      [1, 'new-embedder'],
      [1, 'new-embedder'],
    ]);
    const stored = await store.vectors({ namespace: NS, ids: ['m1', 'm2', 'm3'] });
    for (const f of fresh) {
      expect(stored.get(f.id)?.task.length).toBe(12);
      expect(Array.from(stored.get(f.id)?.task ?? [])).toEqual(Array.from(f.vectors.task));
    }
    await expectCode(store.search({ namespace: NS, field: 'task', queries: [fx.unit()], k: 3 }), 'EMBEDDER_MISMATCH');
    await expectCode(store.apply(fx.change({ space: SPACE, create: [fx.create({ id: 'm4' })] })), 'EMBEDDER_MISMATCH');
    const m4 = fx.create({ id: 'm4' });
    await store.apply(fx.change({ space, create: [{ ...m4, vectors: fx.vectors(m4.memory, 12) }] }));
    expect(await store.ids({ namespace: NS })).toEqual(['m1', 'm2', 'm4']);
  });

  it('fails without changing anything when ids are unknown, missing, repeated or vectors misaligned', async () => {
    const store = ctx.store();
    const fx = ctx.fx();
    const creates = await fx.seed(store, [{ id: 'm1' }, { id: 'm2' }]);
    const good = creates.map((c) => ({ id: c.memory.id, vectors: fx.vectors(c.memory, 12) }));
    const space = { embedder: 'new-embedder', dimension: 12 };
    const g0 = good[0];
    const g1 = good[1];
    if (g0 === undefined || g1 === undefined) throw new Error('seed failed');
    await expectCode(store.reembed({ namespace: NS, space, vectors: [g0] }), 'CONFLICT');
    await expectCode(
      store.reembed({ namespace: NS, space, vectors: [...good, { id: 'ghost', vectors: g0.vectors }] }),
      'NOT_FOUND',
    );
    await expectCode(store.reembed({ namespace: NS, space, vectors: [g0, g0, g1] }), 'INVALID_ARGUMENT');
    await expectCode(
      store.reembed({
        namespace: NS,
        space,
        vectors: [g0, { id: 'm2', vectors: { task: fx.unit(12), keywords: [] } }],
      }),
      'INVALID_ARGUMENT',
    );
    await expectCode(
      store.reembed({
        namespace: NS,
        space,
        vectors: [g0, { id: 'm2', vectors: fx.vectors(creates[1]?.memory ?? fx.memory({ id: 'x' })) }],
      }),
      'INVALID_ARGUMENT',
    );
    expect(await store.space({ namespace: NS })).toEqual(SPACE);
    const stored = await store.vectors({ namespace: NS, ids: ['m1', 'm2'] });
    expect(Array.from(stored.get('m1')?.task ?? [])).toEqual(Array.from(creates[0]?.vectors.task ?? []));
    const hits = await store.search({
      namespace: NS,
      field: 'task',
      queries: [creates[1]?.vectors.task ?? fx.unit()],
      k: 1,
    });
    expect(hits[0]?.id).toBe('m2');
  });
}
