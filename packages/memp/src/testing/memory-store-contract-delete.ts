import { describe, expect, it } from 'vitest';
import { NS, SPACE, expectCode } from './memory-store-contract-fixtures.js';
import type { ContractContext } from './memory-store-contract-fixtures.js';

/** Contract: `ChangeSet.delete` removes a memory with its vectors and revisions, version-guarded and atomically. */
export function defineDeleteContract(ctx: ContractContext): void {
  describe('delete', () => {
    it('removes the memory, its vectors and revisions; keeps trajectories and other namespaces', async () => {
      const store = ctx.store();
      const fx = ctx.fx();
      const [c1] = await fx.seed(store, [{ id: 'm1' }, { id: 'm2' }, { id: 'm1', namespace: 'other' }]);
      await store.apply(
        fx.change({
          trajectories: [fx.trajectory({ id: 't1' })],
          update: [{ id: 'm1', expectedVersion: 1, content: { script: 'edited' }, reason: 'edit' }],
        }),
      );
      await store.apply(fx.change({ delete: [{ id: 'm1', expectedVersion: 2 }] }));
      expect(await store.get({ namespace: NS, ids: ['m1', 'm2'] })).toHaveLength(1);
      expect(await store.ids({ namespace: NS })).toEqual(['m2']);
      expect(await store.revisions({ namespace: NS, memoryId: 'm1' })).toEqual([]);
      expect([...(await store.vectors({ namespace: NS, ids: ['m1'] })).keys()]).toEqual([]);
      const query = c1?.vectors.task ?? fx.unit();
      const hits = await store.search({ namespace: NS, field: 'task', queries: [query], k: 5 });
      expect(hits.map((h) => h.id)).toEqual(['m2']);
      expect(await store.trajectory({ namespace: NS, id: 't1' })).toBeDefined();
      expect(await store.get({ namespace: 'other', ids: ['m1'] })).toHaveLength(1);
      const stats = await store.stats({ namespace: NS });
      expect([stats.memories, stats.revisions, stats.trajectories]).toEqual([1, 0, 1]);
      // The id can be used again afterwards.
      await store.apply(fx.change({ space: SPACE, create: [fx.create({ id: 'm1' })] }));
      expect(await store.ids({ namespace: NS })).toEqual(['m2', 'm1']);
    });

    it('fails the whole change on a stale version (CONFLICT) or an unknown id (NOT_FOUND)', async () => {
      const store = ctx.store();
      const fx = ctx.fx();
      await fx.seed(store, [{ id: 'm1' }, { id: 'm2' }]);
      await expectCode(
        store.apply(
          fx.change({
            trajectories: [fx.trajectory({ id: 't1' })],
            delete: [
              { id: 'm1', expectedVersion: 1 },
              { id: 'm2', expectedVersion: 3 },
            ],
          }),
        ),
        'CONFLICT',
      );
      await expectCode(
        store.apply(
          fx.change({
            delete: [
              { id: 'm1', expectedVersion: 1 },
              { id: 'ghost', expectedVersion: 1 },
            ],
          }),
        ),
        'NOT_FOUND',
      );
      await expectCode(
        store.apply(fx.change({ namespace: 'other', delete: [{ id: 'm1', expectedVersion: 1 }] })),
        'NOT_FOUND',
      );
      expect(await store.ids({ namespace: NS })).toEqual(['m1', 'm2']);
      expect(await store.trajectory({ namespace: NS, id: 't1' })).toBeUndefined();
    });

    it('applies after updates in the same change, chaining versions', async () => {
      const store = ctx.store();
      const fx = ctx.fx();
      await fx.seed(store, [{ id: 'm1' }]);
      const result = await store.apply(
        fx.change({
          update: [{ id: 'm1', expectedVersion: 1, status: 'deprecated', reason: 'deprecation' }],
          delete: [{ id: 'm1', expectedVersion: 2 }],
        }),
      );
      expect(result.updated).toEqual([]);
      expect(await store.get({ namespace: NS, ids: ['m1'] })).toEqual([]);
      expect(await store.revisions({ namespace: NS, memoryId: 'm1' })).toEqual([]);
    });
  });
}
