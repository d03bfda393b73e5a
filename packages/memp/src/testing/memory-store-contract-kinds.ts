import { describe, expect, it } from 'vitest';
import type { MemoryStore } from '../ports/memory-store.js';
import { NS, expectCode } from './memory-store-contract-fixtures.js';
import type { ContractContext } from './memory-store-contract-fixtures.js';

/** The store's `kinds` method, or a failure naming the store: only called for stores that declare it. */
function reader(store: MemoryStore): NonNullable<MemoryStore['kinds']> {
  const read = store.kinds?.bind(store);
  if (read === undefined) throw new Error('the store has no kinds method');
  return read;
}

/**
 * Contract: `kinds` (each memory's kind and status without its body), for stores that offer it. It agrees with
 * `get` after creates, updates and deletes, leaves out unknown ids and other namespaces, and refuses bad ids.
 */
export function defineKindsContract(ctx: ContractContext): void {
  describe('kinds and statuses', () => {
    it('answers the kind and status of each known memory, as get has them', async (t) => {
      const store = ctx.store();
      if (store.kinds === undefined) return t.skip();
      const fx = ctx.fx();
      await fx.seed(store, [
        { id: 'p1', kind: 'script' },
        { id: 'l1', kind: 'lesson' },
        { id: 'd1', kind: 'trajectory', status: 'deprecated' },
        { id: 'x1', kind: 'proceduralization', namespace: 'other' },
      ]);
      const kinds = await reader(store)({ namespace: NS, ids: ['l1', 'nope', 'p1', 'd1', 'x1'] });
      expect([...kinds.entries()].sort(([a], [b]) => a.localeCompare(b))).toEqual([
        ['d1', { kind: 'trajectory', status: 'deprecated' }],
        ['l1', { kind: 'lesson', status: 'active' }],
        ['p1', { kind: 'script', status: 'active' }],
      ]);
      expect((await reader(store)({ namespace: NS, ids: [] })).size).toBe(0);
    });

    it('follows updates and deletes', async (t) => {
      const store = ctx.store();
      if (store.kinds === undefined) return t.skip();
      const fx = ctx.fx();
      await fx.seed(store, [
        { id: 'm1', kind: 'script' },
        { id: 'm2', kind: 'lesson' },
      ]);
      await store.apply(
        fx.change({
          update: [{ id: 'm1', expectedVersion: 1, status: 'deprecated', reason: 'edit' }],
          delete: [{ id: 'm2', expectedVersion: 1 }],
        }),
      );
      const kinds = await reader(store)({ namespace: NS, ids: ['m1', 'm2'] });
      expect([...kinds.entries()]).toEqual([['m1', { kind: 'script', status: 'deprecated' }]]);
      const [got] = await store.get({ namespace: NS, ids: ['m1'] });
      expect({ kind: got?.kind, status: got?.status }).toEqual(kinds.get('m1'));
    });

    it('search hits that carry a kind and status carry both, as get has them, also after an update', async () => {
      const store = ctx.store();
      const fx = ctx.fx();
      const seeded = await fx.seed(store, [
        { id: 'p1', kind: 'script' },
        { id: 'l1', kind: 'lesson', keywords: ['fridge'] },
        { id: 'd1', kind: 'trajectory', status: 'deprecated', keywords: ['mug'] },
        { id: 'r1', kind: 'proceduralization' },
      ]);
      const query = seeded[0]?.vectors.task ?? fx.unit();
      const searched = async () => {
        const hits = [];
        for (const field of ['task', 'keywords'] as const) {
          hits.push(
            ...(await store.search({
              namespace: NS,
              field,
              queries: [query],
              k: 10,
              status: ['active', 'deprecated'],
            })),
          );
        }
        return hits;
      };
      const expectCarriedAsStored = async () => {
        const hits = await searched();
        expect(hits.length).toBeGreaterThan(0);
        const stored = new Map((await store.get({ namespace: NS, ids: hits.map((h) => h.id) })).map((m) => [m.id, m]));
        for (const hit of hits) {
          // Both or neither.
          expect(hit.kind === undefined).toBe(hit.status === undefined);
          if (hit.kind === undefined) continue;
          const memory = stored.get(hit.id);
          expect({ id: hit.id, kind: hit.kind, status: hit.status }).toEqual({
            id: hit.id,
            kind: memory?.kind,
            status: memory?.status,
          });
        }
      };
      await expectCarriedAsStored();
      await store.apply(
        fx.change({
          update: [
            { id: 'p1', expectedVersion: 1, status: 'deprecated', reason: 'edit' },
            { id: 'd1', expectedVersion: 1, status: 'active', reason: 'edit' },
          ],
        }),
      );
      await expectCarriedAsStored();
    });

    it('refuses ids that are not non-empty strings', async (t) => {
      const store = ctx.store();
      if (store.kinds === undefined) return t.skip();
      await expectCode(reader(store)({ namespace: NS, ids: [''] }), 'INVALID_ARGUMENT');
      await expectCode(reader(store)({ namespace: NS, ids: [3 as unknown as string] }), 'INVALID_ARGUMENT');
    });
  });
}
