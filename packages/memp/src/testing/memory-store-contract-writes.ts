import { describe, expect, it } from 'vitest';
import { NS, SPACE, expectCode } from './memory-store-contract-fixtures.js';
import type { ContractContext } from './memory-store-contract-fixtures.js';
import { snapshotStore } from './memory-store-contract-snapshot.js';
import { defineUpdateContentCases, defineUpdateVersionCases } from './memory-store-contract-updates.js';

/** Contract: apply() atomicity and optimistic concurrency. */
export function defineWriteContract(ctx: ContractContext): void {
  describe('apply is all-or-nothing', () => defineAtomicityCases(ctx));
  describe('optimistic concurrency', () => {
    defineUpdateVersionCases(ctx);
    defineUpdateContentCases(ctx);
  });
  describe('merge support', () => defineMergeCases(ctx));
}

/** Cases: a change with one bad part (stale update, duplicate create, unknown memory) writes nothing; a valid one writes all. */
function defineAtomicityCases(ctx: ContractContext): void {
  it('writes nothing when one update is stale', async () => {
    const store = ctx.store();
    const fx = ctx.fx();
    await fx.seed(store, [{ id: 'm1' }, { id: 'm2' }]);
    const before = await snapshotStore(store);
    const change = fx.change({
      space: SPACE,
      trajectories: [fx.trajectory({ id: 't1' })],
      create: [fx.create({ id: 'm3' })],
      usage: [{ id: 'm1', success: true }],
      update: [
        { id: 'm1', expectedVersion: 1, status: 'deprecated', reason: 'deprecation' },
        { id: 'm2', expectedVersion: 7, content: { script: 'new' }, reason: 'edit' },
      ],
    });
    await expectCode(store.apply(change), 'CONFLICT');
    expect(await snapshotStore(store)).toEqual(before);
    expect(await store.trajectory({ namespace: NS, id: 't1' })).toBeUndefined();
    expect(await store.get({ namespace: NS, ids: ['m3'] })).toEqual([]);
  });

  it('writes nothing when one create duplicates an existing id or another create', async () => {
    const store = ctx.store();
    const fx = ctx.fx();
    await fx.seed(store, [{ id: 'm1' }]);
    const before = await snapshotStore(store);
    for (const dup of [
      [fx.create({ id: 'm2' }), fx.create({ id: 'm1' })],
      [fx.create({ id: 'm2' }), fx.create({ id: 'm2' })],
    ]) {
      const change = fx.change({
        space: SPACE,
        trajectories: [fx.trajectory({ id: 't1' })],
        create: dup,
        usage: [{ id: 'm1', success: false }],
        update: [{ id: 'm1', expectedVersion: 1, content: { script: 'x' }, reason: 'edit' }],
      });
      await expectCode(store.apply(change), 'CONFLICT');
      expect(await snapshotStore(store)).toEqual(before);
      expect(await store.trajectory({ namespace: NS, id: 't1' })).toBeUndefined();
    }
  });

  it('writes nothing when an update or usage names an unknown memory (NOT_FOUND)', async () => {
    const store = ctx.store();
    const fx = ctx.fx();
    await fx.seed(store, [{ id: 'm1' }]);
    const before = await snapshotStore(store);
    await expectCode(
      store.apply(
        fx.change({ space: SPACE, create: [fx.create({ id: 'm2' })], usage: [{ id: 'ghost', success: true }] }),
      ),
      'NOT_FOUND',
    );
    await expectCode(
      store.apply(
        fx.change({
          trajectories: [fx.trajectory({ id: 't1' })],
          usage: [{ id: 'm1', success: true }],
          update: [{ id: 'ghost', expectedVersion: 1, status: 'deprecated', reason: 'deprecation' }],
        }),
      ),
      'NOT_FOUND',
    );
    expect(await snapshotStore(store)).toEqual(before);
  });

  it('applies trajectories, creates, usage and updates together when all are valid', async () => {
    const store = ctx.store();
    const fx = ctx.fx();
    await fx.seed(store, [{ id: 'm1' }]);
    const change = fx.change({
      space: SPACE,
      trajectories: [fx.trajectory({ id: 't1' }), fx.trajectory({ id: 't2' })],
      create: [fx.create({ id: 'm2' })],
      usage: [
        { id: 'm1', success: true },
        { id: 'm2', success: false },
      ],
      update: [{ id: 'm2', expectedVersion: 1, content: { script: 'refined' }, reason: 'adjustment' }],
    });
    const result = await store.apply(change);
    expect(result.created).toEqual(['m2']);
    expect(result.updated.map((m) => [m.id, m.version, m.script])).toEqual([['m2', 2, 'refined']]);
    const [m1, m2] = await store.get({ namespace: NS, ids: ['m1', 'm2'] });
    expect(m1?.stats).toMatchObject({ retrieved: 1, succeeded: 1, failed: 0 });
    expect(m2).toMatchObject({ version: 2, script: 'refined', stats: { retrieved: 1, failed: 1 } });
    expect(result.updated[0]).toEqual(m2);
    expect(await store.trajectory({ namespace: NS, id: 't2' })).toEqual(fx.trajectory({ id: 't2' }));
  });
}

/** Cases: `addSources` appends to `provenance.from` (a merge) and is validated. */
function defineMergeCases(ctx: ContractContext): void {
  it('appends addSources to provenance.from (skipping ones already there) and validates them', async () => {
    const store = ctx.store();
    const fx = ctx.fx();
    await fx.seed(store, [{ id: 'm1' }]);
    const { updated } = await store.apply(
      fx.change({ update: [{ id: 'm1', expectedVersion: 1, reason: 'merge', addSources: ['traj-m1', 'tx', 'ty'] }] }),
    );
    expect(updated[0]?.provenance.from).toEqual(['traj-m1', 'tx', 'ty']);
    const [stored] = await store.get({ namespace: NS, ids: ['m1'] });
    expect(stored?.provenance.from).toEqual(['traj-m1', 'tx', 'ty']);
    expect((await store.revisions({ namespace: NS, memoryId: 'm1' })).map((r) => r.reason)).toEqual(['merge']);
    const bad = fx.change({ update: [{ id: 'm1', expectedVersion: 2, reason: 'merge', addSources: [''] }] });
    await expectCode(store.apply(bad), 'INVALID_ARGUMENT');
  });
}
