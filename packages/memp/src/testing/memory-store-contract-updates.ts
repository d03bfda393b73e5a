import { expect, it } from 'vitest';
import { memoryContent } from '../core/memory.js';
import type { Revision } from '../core/revision.js';
import { NS, SPACE, expectCode } from './memory-store-contract-fixtures.js';
import type { ContractContext } from './memory-store-contract-fixtures.js';
import { snapshotStore } from './memory-store-contract-snapshot.js';

/** Cases: an update replaces provenance, bumps the version with a revision, and exactly one of two racing updates wins. */
export function defineUpdateVersionCases(ctx: ContractContext): void {
  it('replaces the provenance an update gives (a rebuild) and refuses an invalid one', async () => {
    const store = ctx.store();
    const fx = ctx.fx();
    const [c] = await fx.seed(store, [{ id: 'm1' }]);
    const before = c?.memory;
    if (before === undefined) throw new Error('seed failed');
    const pending = { ...before.provenance, builtBy: 'offline', pendingRebuild: true };
    await expectCode(
      store.apply(
        fx.change({
          update: [{ id: 'm1', expectedVersion: 1, provenance: { builtBy: '' } as never, reason: 'edit' }],
        }),
      ),
      'INVALID_ARGUMENT',
    );
    const change = fx.change({ update: [{ id: 'm1', expectedVersion: 1, provenance: pending, reason: 'edit' }] });
    await store.apply(change);
    expect(await store.get({ namespace: NS, ids: ['m1'] })).toEqual([
      { ...before, provenance: pending, version: 2, updatedAt: change.at },
    ]);
    const rebuilt = { builtBy: 'model-x', from: before.provenance.from, embedder: before.provenance.embedder };
    await store.apply(fx.change({ update: [{ id: 'm1', expectedVersion: 2, provenance: rebuilt, reason: 'edit' }] }));
    expect((await store.get({ namespace: NS, ids: ['m1'] }))[0]?.provenance).toEqual(rebuilt);
  });

  it('bumps the version and keeps the content before as a revision', async () => {
    const store = ctx.store();
    const fx = ctx.fx();
    const [c] = await fx.seed(store, [{ id: 'm1' }]);
    const before = c?.memory;
    if (before === undefined) throw new Error('seed failed');
    const change = fx.change({
      update: [
        {
          id: 'm1',
          expectedVersion: 1,
          content: { script: 'better script', meta: { v: 2 } },
          reason: 'adjustment',
          note: 'failed at step 3',
        },
      ],
    });
    const { updated } = await store.apply(change);
    const expected = { ...before, script: 'better script', meta: { v: 2 }, version: 2, updatedAt: change.at };
    expect(updated).toEqual([expected]);
    expect(await store.get({ namespace: NS, ids: ['m1'] })).toEqual([expected]);
    const revision: Revision = {
      memoryId: 'm1',
      version: 2,
      before: memoryContent(before),
      statusBefore: 'active',
      reason: 'adjustment',
      note: 'failed at step 3',
      at: change.at,
    };
    expect(await store.revisions({ namespace: NS, memoryId: 'm1' })).toEqual([revision]);
  });

  it('fails a stale update with CONFLICT and changes nothing', async () => {
    const store = ctx.store();
    const fx = ctx.fx();
    await fx.seed(store, [{ id: 'm1' }]);
    await store.apply(
      fx.change({ update: [{ id: 'm1', expectedVersion: 1, content: { script: 'v2' }, reason: 'edit' }] }),
    );
    const before = await snapshotStore(store);
    await expectCode(
      store.apply(
        fx.change({ update: [{ id: 'm1', expectedVersion: 1, content: { script: 'lost' }, reason: 'edit' }] }),
      ),
      'CONFLICT',
    );
    await expectCode(
      store.apply(
        fx.change({ update: [{ id: 'm1', expectedVersion: 3, status: 'deprecated', reason: 'deprecation' }] }),
      ),
      'CONFLICT',
    );
    expect(await snapshotStore(store)).toEqual(before);
  });

  it('lets exactly one of two concurrent updates of the same version win', async () => {
    const store = ctx.store();
    const fx = ctx.fx();
    await fx.seed(store, [{ id: 'm1' }]);
    const results = await Promise.allSettled(
      ['a', 'b'].map((s) =>
        store.apply(fx.change({ update: [{ id: 'm1', expectedVersion: 1, content: { script: s }, reason: 'edit' }] })),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected');
    await expectCode(Promise.reject(rejected?.status === 'rejected' ? rejected.reason : undefined), 'CONFLICT');
    const [m] = await store.get({ namespace: NS, ids: ['m1'] });
    expect(m?.version).toBe(2);
    expect(await store.revisions({ namespace: NS, memoryId: 'm1' })).toHaveLength(1);
  });
}

/** Cases: updates chain within one change, keep the fields they do not give, and need vectors for a new task or keywords. */
export function defineUpdateContentCases(ctx: ContractContext): void {
  it('chains two updates of one memory in one change, and updates a memory created by the same change', async () => {
    const store = ctx.store();
    const fx = ctx.fx();
    await fx.seed(store, [{ id: 'm1' }]);
    const c = fx.create({ id: 'm2' });
    const { updated } = await store.apply(
      fx.change({
        space: SPACE,
        create: [c],
        update: [
          { id: 'm1', expectedVersion: 1, content: { script: 's2' }, reason: 'edit' },
          { id: 'm1', expectedVersion: 2, status: 'deprecated', reason: 'deprecation' },
          { id: 'm2', expectedVersion: 1, content: { script: 'fresh' }, reason: 'edit' },
        ],
      }),
    );
    expect(updated.map((m) => [m.id, m.version, m.status, m.script])).toEqual([
      ['m1', 2, 'active', 's2'],
      ['m1', 3, 'deprecated', 's2'],
      ['m2', 2, 'active', 'fresh'],
    ]);
    const revs = await store.revisions({ namespace: NS, memoryId: 'm1' });
    expect(revs.map((r) => [r.version, r.statusBefore, r.before.script, r.reason])).toEqual([
      [2, 'active', '1. find the thing for m1', 'edit'],
      [3, 'active', 's2', 'deprecation'],
    ]);
    expect((await store.revisions({ namespace: NS, memoryId: 'm2' })).map((r) => r.before.script)).toEqual([
      c.memory.script,
    ]);
  });

  it('keeps fields that an update does not give, and requires vectors when task or keywords change', async () => {
    const store = ctx.store();
    const fx = ctx.fx();
    const [c] = await fx.seed(store, [{ id: 'm1' }]);
    const task = c?.memory.task ?? '';
    await store.apply(
      fx.change({
        update: [{ id: 'm1', expectedVersion: 1, content: { script: 'only script', task }, reason: 'edit' }],
      }),
    );
    const [m] = await store.get({ namespace: NS, ids: ['m1'] });
    expect(m).toMatchObject({
      task,
      keywords: c?.memory.keywords,
      steps: c?.memory.steps,
      kind: 'script',
      script: 'only script',
    });
    await expectCode(
      store.apply(
        fx.change({ update: [{ id: 'm1', expectedVersion: 2, content: { task: 'new task' }, reason: 'edit' }] }),
      ),
      'INVALID_ARGUMENT',
    );
    await expectCode(
      store.apply(
        fx.change({ update: [{ id: 'm1', expectedVersion: 2, content: { keywords: ['x'] }, reason: 'edit' }] }),
      ),
      'INVALID_ARGUMENT',
    );
    await expectCode(
      store.apply(fx.change({ update: [{ id: 'm1', expectedVersion: 2, content: { task: '' }, reason: 'edit' }] })),
      'INVALID_ARGUMENT',
    );
    const vectors = { task: fx.unit(), keywords: [fx.unit()] };
    await store.apply(
      fx.change({
        space: SPACE,
        update: [
          { id: 'm1', expectedVersion: 2, content: { task: 'new task', keywords: ['x'] }, vectors, reason: 'edit' },
        ],
      }),
    );
    const [m2] = await store.get({ namespace: NS, ids: ['m1'] });
    expect(m2).toMatchObject({ task: 'new task', keywords: ['x'], version: 3 });
    const stored = (await store.vectors({ namespace: NS, ids: ['m1'] })).get('m1');
    expect(Array.from(stored?.task ?? [])).toEqual(Array.from(vectors.task));
    expect(stored?.keywords.map((k) => Array.from(k))).toEqual([Array.from(vectors.keywords[0] ?? [])]);
  });
}
