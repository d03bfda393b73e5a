import { describe, expect, it } from 'vitest';
import type { MemoryStore } from '../ports/memory-store.js';
import { NS, SPACE, expectCode } from './memory-store-contract-fixtures.js';
import type { ContractContext } from './memory-store-contract-fixtures.js';
import { snapshotStore } from './memory-store-contract-snapshot.js';

/** The store's `learnRecords` method, or a failure naming the store: only called for stores that declare it. */
function reader(store: MemoryStore): NonNullable<MemoryStore['learnRecords']> {
  const read = store.learnRecords?.bind(store);
  if (read === undefined) throw new Error('the store has no learnRecords method');
  return read;
}

/**
 * Contract: learn records (idempotent learns), for stores that offer `learnRecords`. A record is written with its
 * change, atomically; a digest already stored or repeated fails the whole change with `CONFLICT`; records are read
 * back by digest or by key, newest first, and are per namespace.
 */
export function defineLearnRecordContract(ctx: ContractContext): void {
  describe('learn records (idempotent learns)', () => {
    it('stores a record with its change and reads it back by digest and by key', async (t) => {
      const store = ctx.store();
      if (store.learnRecords === undefined) return t.skip();
      const fx = ctx.fx();
      const change = fx.change({
        space: SPACE,
        trajectories: [fx.trajectory({ id: 't1' })],
        create: [fx.create({ id: 'm1' })],
        learnRecords: [
          { digest: 'd1', trajectoryId: 't1', result: { trajectoryId: 't1', created: 'm1' }, idempotencyKey: 'k1' },
        ],
      });
      await store.apply(change);
      const expected = {
        digest: 'd1',
        trajectoryId: 't1',
        result: { trajectoryId: 't1', created: 'm1' },
        idempotencyKey: 'k1',
        at: change.at,
      };
      expect(await reader(store)({ namespace: NS, digests: ['d1', 'unknown'] })).toEqual([expected]);
      expect(await reader(store)({ namespace: NS, idempotencyKey: 'k1' })).toEqual([expected]);
      expect(await reader(store)({ namespace: NS, idempotencyKey: 'k2' })).toEqual([]);
      expect(await reader(store)({ namespace: 'other', digests: ['d1'] })).toEqual([]);
    });

    it('fails the whole change with CONFLICT on a digest already stored, and on one given twice', async (t) => {
      const store = ctx.store();
      if (store.learnRecords === undefined) return t.skip();
      const fx = ctx.fx();
      await store.apply(
        fx.change({
          trajectories: [fx.trajectory({ id: 't1' })],
          learnRecords: [{ digest: 'd1', trajectoryId: 't1', result: { trajectoryId: 't1' } }],
        }),
      );
      const before = await snapshotStore(store);
      await expectCode(
        store.apply(
          fx.change({
            space: SPACE,
            trajectories: [fx.trajectory({ id: 't2' })],
            create: [fx.create({ id: 'm2' })],
            learnRecords: [{ digest: 'd1', trajectoryId: 't2', result: { trajectoryId: 't2' } }],
          }),
        ),
        'CONFLICT',
      );
      await expectCode(
        store.apply(
          fx.change({
            trajectories: [fx.trajectory({ id: 't3' }), fx.trajectory({ id: 't4' })],
            learnRecords: [
              { digest: 'd3', trajectoryId: 't3', result: {} },
              { digest: 'd3', trajectoryId: 't4', result: {} },
            ],
          }),
        ),
        'CONFLICT',
      );
      expect(await snapshotStore(store)).toEqual(before);
      expect(await store.trajectory({ namespace: NS, id: 't2' })).toBeUndefined();
      expect(await reader(store)({ namespace: NS, digests: ['d3'] })).toEqual([]);
      // The same digest in another namespace is another learn.
      await store.apply(
        fx.change({
          namespace: 'other',
          trajectories: [fx.trajectory({ id: 't1', namespace: 'other' })],
          learnRecords: [{ digest: 'd1', trajectoryId: 't1', result: {} }],
        }),
      );
      expect(await reader(store)({ namespace: 'other', digests: ['d1'] })).toHaveLength(1);
    });

    it('lets exactly one of two concurrent changes with the same digest win', async (t) => {
      const store = ctx.store();
      if (store.learnRecords === undefined) return t.skip();
      const fx = ctx.fx();
      const attempt = (id: string) =>
        store.apply(
          fx.change({
            trajectories: [fx.trajectory({ id })],
            learnRecords: [{ digest: 'same', trajectoryId: id, result: { trajectoryId: id } }],
          }),
        );
      const settled = await Promise.allSettled([attempt('ta'), attempt('tb')]);
      expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(1);
      const [record] = await reader(store)({ namespace: NS, digests: ['same'] });
      const stored = await Promise.all(['ta', 'tb'].map((id) => store.trajectory({ namespace: NS, id })));
      expect(stored.filter((s) => s !== undefined).map((s) => s?.id)).toEqual([record?.trajectoryId]);
    });

    it('refuses a record naming no trajectory of the change, or with a bad digest, with INVALID_ARGUMENT', async (t) => {
      const store = ctx.store();
      if (store.learnRecords === undefined) return t.skip();
      const fx = ctx.fx();
      for (const learnRecords of [
        [{ digest: 'd1', trajectoryId: 'elsewhere', result: {} }],
        [{ digest: '', trajectoryId: 't1', result: {} }],
        [{ digest: 'd1', trajectoryId: 't1', result: [] as unknown as Record<string, unknown> }],
      ]) {
        await expectCode(
          store.apply(fx.change({ trajectories: [fx.trajectory({ id: 't1' })], learnRecords })),
          'INVALID_ARGUMENT',
        );
      }
      expect(await store.trajectory({ namespace: NS, id: 't1' })).toBeUndefined();
    });
  });
}
