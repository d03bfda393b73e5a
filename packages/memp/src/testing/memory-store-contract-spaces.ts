import { expect, it } from 'vitest';
import { NS, OTHER_SPACE, SPACE, WIDE_SPACE, expectCode } from './memory-store-contract-fixtures.js';
import type { ContractContext } from './memory-store-contract-fixtures.js';

/** Cases: the embedding space recorded per namespace, vectors refused or malformed, vectors read back for export. */
export function defineSpaceCases(ctx: ContractContext): void {
  it('records the space with the first vectors, per namespace', async () => {
    const store = ctx.store();
    const fx = ctx.fx();
    expect(await store.space({ namespace: NS })).toBeUndefined();
    await store.apply(fx.change({ trajectories: [fx.trajectory({ id: 't1' })] }));
    expect(await store.space({ namespace: NS })).toBeUndefined();
    await fx.seed(store, [{ id: 'm1' }]);
    expect(await store.space({ namespace: NS })).toEqual(SPACE);
    const other = fx.create({ id: 'm1', namespace: 'other-ns' });
    await store.apply(
      fx.change({
        namespace: 'other-ns',
        space: WIDE_SPACE,
        create: [{ ...other, vectors: fx.vectors(other.memory, 12) }],
      }),
    );
    expect(await store.space({ namespace: 'other-ns' })).toEqual(WIDE_SPACE);
    expect((await store.stats({ namespace: NS })).space).toEqual(SPACE);
  });

  it('refuses vectors of another embedder or dimension with EMBEDDER_MISMATCH, writing nothing', async () => {
    const store = ctx.store();
    const fx = ctx.fx();
    await fx.seed(store, [{ id: 'm1' }]);
    const wide = fx.create({ id: 'm2' });
    const cases = [
      fx.change({ space: OTHER_SPACE, trajectories: [fx.trajectory({ id: 't1' })], create: [fx.create({ id: 'm2' })] }),
      fx.change({ space: WIDE_SPACE, create: [{ ...wide, vectors: fx.vectors(wide.memory, 12) }] }),
      fx.change({
        space: OTHER_SPACE,
        usage: [{ id: 'm1', success: true }],
        update: [{ id: 'm1', expectedVersion: 1, vectors: fx.vectors(wide.memory), reason: 'edit' }],
      }),
    ];
    for (const change of cases) await expectCode(store.apply(change), 'EMBEDDER_MISMATCH');
    expect(await store.ids({ namespace: NS })).toEqual(['m1']);
    expect((await store.get({ namespace: NS, ids: ['m1'] }))[0]).toMatchObject({
      version: 1,
      stats: { retrieved: 0 },
    });
    expect(await store.trajectory({ namespace: NS, id: 't1' })).toBeUndefined();
    expect(await store.space({ namespace: NS })).toEqual(SPACE);
    // A change that carries no vectors is not checked against the space.
    await store.apply(fx.change({ space: OTHER_SPACE, usage: [{ id: 'm1', success: true }] }));
  });

  it('rejects malformed vectors with INVALID_ARGUMENT', async () => {
    const store = ctx.store();
    const fx = ctx.fx();
    await fx.seed(store, [{ id: 'm1' }]);
    const c = fx.create({ id: 'm2', keywords: ['a', 'b'] });
    const bad = [
      fx.change({ create: [c] }),
      fx.change({
        space: SPACE,
        create: [{ ...c, vectors: { task: fx.unit(7), keywords: [fx.unit(), fx.unit()] } }],
      }),
      fx.change({ space: SPACE, create: [{ ...c, vectors: { task: fx.unit(), keywords: [fx.unit()] } }] }),
      fx.change({
        space: SPACE,
        create: [{ ...c, vectors: { task: fx.unit(), keywords: [fx.unit(), fx.unit(9)] } }],
      }),
      fx.change({
        space: SPACE,
        create: [{ ...c, vectors: { task: new Float32Array(8).fill(Number.NaN), keywords: [fx.unit(), fx.unit()] } }],
      }),
      fx.change({
        space: SPACE,
        update: [{ id: 'm1', expectedVersion: 1, vectors: { task: fx.unit(), keywords: [] }, reason: 'edit' }],
      }),
      fx.change({ space: { embedder: '', dimension: 8 }, create: [c] }),
    ];
    for (const change of bad) await expectCode(store.apply(change), 'INVALID_ARGUMENT');
    expect(await store.ids({ namespace: NS })).toEqual(['m1']);
  });

  it('returns stored vectors for export, leaving out unknown ids', async () => {
    const store = ctx.store();
    const fx = ctx.fx();
    const [c] = await fx.seed(store, [{ id: 'm1', keywords: ['a', 'b', 'c'] }]);
    const got = await store.vectors({ namespace: NS, ids: ['m1', 'ghost'] });
    expect([...got.keys()]).toEqual(['m1']);
    const v = got.get('m1');
    expect(v?.task).toBeInstanceOf(Float32Array);
    expect(Array.from(v?.task ?? [])).toEqual(Array.from(c?.vectors.task ?? []));
    expect(v?.keywords.map((k) => Array.from(k))).toEqual(c?.vectors.keywords.map((k) => Array.from(k)));
  });
}
