import { describe, expect, it } from 'vitest';
import { memoryContent } from '../core/memory.js';
import type { Revision } from '../core/revision.js';
import type { MemoryStore } from '../ports/memory-store.js';
import { NS, SPACE, expectCode } from './memory-store-contract-fixtures.js';
import type { ContractContext } from './memory-store-contract-fixtures.js';

async function snapshot(store: MemoryStore, namespace = NS) {
  const ids = [
    ...(await store.ids({ namespace, status: 'active' })),
    ...(await store.ids({ namespace, status: 'deprecated' })),
  ];
  return {
    memories: await store.get({ namespace, ids }),
    vectors: [...(await store.vectors({ namespace, ids })).entries()].map(([id, v]) => [
      id,
      Array.from(v.task),
      v.keywords.map((k) => Array.from(k)),
    ]),
    revisions: await Promise.all(ids.map((memoryId) => store.revisions({ namespace, memoryId }))),
    stats: await store.stats({ namespace }),
    space: await store.space({ namespace }),
    namespaces: await store.namespaces(),
  };
}

/** Contract: apply() atomicity and optimistic concurrency. */
export function defineWriteContract(ctx: ContractContext): void {
  describe('apply is all-or-nothing', () => {
    it('writes nothing when one update is stale', async () => {
      const store = ctx.store();
      const fx = ctx.fx();
      await fx.seed(store, [{ id: 'm1' }, { id: 'm2' }]);
      const before = await snapshot(store);
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
      expect(await snapshot(store)).toEqual(before);
      expect(await store.trajectory({ namespace: NS, id: 't1' })).toBeUndefined();
      expect(await store.get({ namespace: NS, ids: ['m3'] })).toEqual([]);
    });

    it('writes nothing when one create duplicates an existing id or another create', async () => {
      const store = ctx.store();
      const fx = ctx.fx();
      await fx.seed(store, [{ id: 'm1' }]);
      const before = await snapshot(store);
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
        expect(await snapshot(store)).toEqual(before);
        expect(await store.trajectory({ namespace: NS, id: 't1' })).toBeUndefined();
      }
    });

    it('writes nothing when an update or usage names an unknown memory (NOT_FOUND)', async () => {
      const store = ctx.store();
      const fx = ctx.fx();
      await fx.seed(store, [{ id: 'm1' }]);
      const before = await snapshot(store);
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
      expect(await snapshot(store)).toEqual(before);
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
  });

  describe('optimistic concurrency', () => {
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
      const before = await snapshot(store);
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
      expect(await snapshot(store)).toEqual(before);
    });

    it('lets exactly one of two concurrent updates of the same version win', async () => {
      const store = ctx.store();
      const fx = ctx.fx();
      await fx.seed(store, [{ id: 'm1' }]);
      const results = await Promise.allSettled(
        ['a', 'b'].map((s) =>
          store.apply(
            fx.change({ update: [{ id: 'm1', expectedVersion: 1, content: { script: s }, reason: 'edit' }] }),
          ),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.find((r) => r.status === 'rejected');
      await expectCode(Promise.reject(rejected?.status === 'rejected' ? rejected.reason : undefined), 'CONFLICT');
      const [m] = await store.get({ namespace: NS, ids: ['m1'] });
      expect(m?.version).toBe(2);
      expect(await store.revisions({ namespace: NS, memoryId: 'm1' })).toHaveLength(1);
    });

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
  });

  describe('merge support', () => {
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
  });
}
