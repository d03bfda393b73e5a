import { describe, expect, it } from 'vitest';
import { memoryContent } from '../core/memory.js';
import type { Revision } from '../core/revision.js';
import { NS, SPACE, expectCode } from './memory-store-contract-fixtures.js';
import type { ContractContext } from './memory-store-contract-fixtures.js';

/** Contract: usage counters, status changes, revisions (including imported ones) and trajectories. */
export function defineHistoryContract(ctx: ContractContext): void {
  describe('usage', () => {
    it('increments counters and lastUsedAt without a version bump or revision', async () => {
      const store = ctx.store();
      const fx = ctx.fx();
      const [c] = await fx.seed(store, [{ id: 'm1' }, { id: 'm2', status: 'deprecated' }]);
      const change = fx.change({
        usage: [
          { id: 'm1', success: true },
          { id: 'm1', success: false },
          { id: 'm1', success: true },
          { id: 'm2', success: false },
        ],
      });
      expect(await store.apply(change)).toEqual({ created: [], updated: [] });
      const [m1, m2] = await store.get({ namespace: NS, ids: ['m1', 'm2'] });
      expect(m1).toEqual({ ...c?.memory, stats: { retrieved: 3, succeeded: 2, failed: 1, lastUsedAt: change.at } });
      expect(m2?.stats).toEqual({ retrieved: 1, succeeded: 0, failed: 1, lastUsedAt: change.at });
      expect(m2?.version).toBe(1);
      expect(await store.revisions({ namespace: NS, memoryId: 'm1' })).toEqual([]);
      await store.apply(
        fx.change({ update: [{ id: 'm1', expectedVersion: 1, content: { script: 'x' }, reason: 'edit' }] }),
      );
      const later = fx.change({ usage: [{ id: 'm1', success: true }] });
      await store.apply(later);
      const [again] = await store.get({ namespace: NS, ids: ['m1'] });
      expect(again?.stats).toEqual({ retrieved: 4, succeeded: 3, failed: 1, lastUsedAt: later.at });
      expect(again?.version).toBe(2);
    });
  });

  describe('status', () => {
    it('deprecation keeps the memory and its history, drops it from active ids and search, and can be undone', async () => {
      const store = ctx.store();
      const fx = ctx.fx();
      const [c1] = await fx.seed(store, [{ id: 'm1' }, { id: 'm2' }]);
      const query = c1?.vectors.task ?? fx.unit();
      await store.apply(
        fx.change({ update: [{ id: 'm1', expectedVersion: 1, content: { script: 'v2' }, reason: 'edit' }] }),
      );
      const dep = fx.change({
        update: [{ id: 'm1', expectedVersion: 2, status: 'deprecated', reason: 'deprecation', note: 'fails' }],
      });
      await store.apply(dep);
      const [m1] = await store.get({ namespace: NS, ids: ['m1'] });
      expect(m1).toMatchObject({ status: 'deprecated', version: 3, script: 'v2', updatedAt: dep.at });
      expect(await store.ids({ namespace: NS })).toEqual(['m2']);
      expect(await store.ids({ namespace: NS, status: 'deprecated' })).toEqual(['m1']);
      const revs = await store.revisions({ namespace: NS, memoryId: 'm1' });
      expect(revs.map((r) => [r.version, r.reason, r.statusBefore])).toEqual([
        [2, 'edit', 'active'],
        [3, 'deprecation', 'active'],
      ]);
      const search = (status?: ('active' | 'deprecated')[]) =>
        store.search({ namespace: NS, field: 'task', queries: [query], k: 10, ...(status ? { status } : {}) });
      expect((await search()).map((h) => h.id)).toEqual(['m2']);
      expect((await search(['deprecated'])).map((h) => h.id)).toEqual(['m1']);
      expect((await search(['active', 'deprecated'])).map((h) => h.id).sort()).toEqual(['m1', 'm2']);
      expect(await search([])).toEqual([]);
      expect((await store.vectors({ namespace: NS, ids: ['m1'] })).has('m1')).toBe(true);
      await store.apply(fx.change({ update: [{ id: 'm1', expectedVersion: 3, status: 'active', reason: 'edit' }] }));
      expect((await search()).map((h) => h.id)).toEqual(['m1', 'm2']);
      const last = (await store.revisions({ namespace: NS, memoryId: 'm1' })).at(-1);
      expect(last).toMatchObject({ version: 4, statusBefore: 'deprecated' });
    });
  });

  describe('revisions and trajectories', () => {
    it('keeps imported revisions, oldest first, and appends later ones', async () => {
      const store = ctx.store();
      const fx = ctx.fx();
      const c = fx.create({ id: 'm1' });
      c.memory.version = 3;
      const rev = (version: number): Revision => ({
        memoryId: 'm1',
        version,
        before: { ...memoryContent(c.memory), script: `script v${version - 1}` },
        statusBefore: 'active',
        reason: 'adjustment',
        note: `note ${version}`,
        at: `2024-06-0${version}T00:00:00.000Z`,
      });
      await store.apply(fx.change({ space: SPACE, create: [{ ...c, revisions: [rev(3), rev(2)] }] }));
      expect(await store.revisions({ namespace: NS, memoryId: 'm1' })).toEqual([rev(2), rev(3)]);
      await store.apply(
        fx.change({ update: [{ id: 'm1', expectedVersion: 3, content: { script: 'v4' }, reason: 'merge' }] }),
      );
      expect((await store.revisions({ namespace: NS, memoryId: 'm1' })).map((r) => r.version)).toEqual([2, 3, 4]);
      expect(await store.revisions({ namespace: NS, memoryId: 'unknown' })).toEqual([]);
      const bad = fx.create({ id: 'm2' });
      await expectCode(
        store.apply(fx.change({ space: SPACE, create: [{ ...bad, revisions: [rev(2)] }] })),
        'INVALID_ARGUMENT',
      );
    });

    it('stores trajectories and reads them back; duplicates conflict', async () => {
      const store = ctx.store();
      const fx = ctx.fx();
      const t1 = fx.trajectory({ id: 't1' });
      const bare = { id: 't2', namespace: NS, task: 'bare', steps: [], outcome: { success: false, steps: 0 } };
      await store.apply(fx.change({ trajectories: [t1, bare] }));
      expect(await store.trajectory({ namespace: NS, id: 't1' })).toEqual(t1);
      expect(await store.trajectory({ namespace: NS, id: 't2' })).toEqual(bare);
      expect(await store.trajectory({ namespace: NS, id: 't3' })).toBeUndefined();
      expect(await store.trajectory({ namespace: 'elsewhere', id: 't1' })).toBeUndefined();
      await expectCode(store.apply(fx.change({ trajectories: [fx.trajectory({ id: 't1' })] })), 'CONFLICT');
      await expectCode(
        store.apply(fx.change({ trajectories: [fx.trajectory({ id: 't1', namespace: 'x' })] })),
        'INVALID_ARGUMENT',
      );
      await store.apply(
        fx.change({ namespace: 'elsewhere', trajectories: [fx.trajectory({ id: 't1', namespace: 'elsewhere' })] }),
      );
      expect((await store.stats({ namespace: NS })).trajectories).toBe(2);
      expect(await store.namespaces()).toEqual([NS, 'elsewhere']);
    });
  });
}
