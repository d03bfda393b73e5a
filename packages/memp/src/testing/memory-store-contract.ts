import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MemoryStore } from '../ports/memory-store.js';
import { NS, SPACE, createContractFixtures, expectCode } from './memory-store-contract-fixtures.js';
import type { ContractContext, ContractFixtures } from './memory-store-contract-fixtures.js';
import { defineDeleteContract } from './memory-store-contract-delete.js';
import { defineEvidenceContract } from './memory-store-contract-evidence.js';
import { defineHistoryContract } from './memory-store-contract-history.js';
import { defineKindsContract } from './memory-store-contract-kinds.js';
import { defineLearnRecordContract } from './memory-store-contract-learn-records.js';
import { defineReadContract } from './memory-store-contract-reads.js';
import { defineSearchContract } from './memory-store-contract-search.js';
import { defineWriteContract } from './memory-store-contract-writes.js';

/**
 * The behaviour every {@link MemoryStore} adapter must have. Call it from the adapter's test file; `create`
 * must return a fresh, empty store each time (it is called before every test, and the store is closed after).
 *
 * Where the port's JSDoc is silent, the suite pins these choices down:
 * - ids are unique per namespace; the same id may exist in two namespaces.
 * - a change applies its parts in the order trajectories, creates, usage, updates, so usage and updates may
 *   target memories created by the same change, and two updates of one memory chain their versions.
 * - an update or usage of an unknown memory fails the whole change with `NOT_FOUND`; a trajectory id that
 *   exists fails it with `CONFLICT`; records of another namespace fail it with `INVALID_ARGUMENT`.
 * - usage bumps `stats` and `lastUsedAt` only (not `version`, not `updatedAt`); updates set `updatedAt`.
 * - the space is checked only when a change carries vectors; search queries of the wrong length fail with
 *   `EMBEDDER_MISMATCH`.
 * - `list({ after })` with an unknown id fails with `INVALID_ARGUMENT`; `revisions` of an unknown memory is `[]`.
 * - `reembed` must give vectors for every memory of the namespace (all statuses): a missing one fails with
 *   `CONFLICT`, an unknown id with `NOT_FOUND`; it sets `provenance.embedder` without a version bump.
 * - `delete` runs after updates; it removes the memory, its vectors and revisions, but not trajectories.
 * - `close()` twice is harmless.
 * - a store declaring `vectorSearch: 'ann'` meets every expectation here with one relaxation, and no other: on a
 *   namespace large enough for its index a search may miss some of the true top k (recall below 1, at least 0.9
 *   on the suite's 1,200 random memories), because an approximate index trades recall for speed. Scores, order,
 *   statuses and `minScore` stay exact. Adapters run the suite with their index forced on (threshold 0).
 */
export function runMemoryStoreContract(name: string, create: () => Promise<MemoryStore> | MemoryStore): void {
  describe(`MemoryStore contract: ${name}`, () => {
    let current: MemoryStore | undefined;
    let fixtures: ContractFixtures | undefined;
    const ctx: ContractContext = {
      store() {
        if (current === undefined) throw new Error('no store: the contract creates one before each test');
        return current;
      },
      fx() {
        if (fixtures === undefined) throw new Error('no fixtures');
        return fixtures;
      },
    };
    beforeEach(async () => {
      current = await create();
      fixtures = createContractFixtures();
    });
    afterEach(async () => {
      await current?.close();
      current = undefined;
    });

    defineReadContract(ctx);
    defineWriteContract(ctx);
    defineDeleteContract(ctx);
    defineHistoryContract(ctx);
    defineSearchContract(ctx);
    defineLearnRecordContract(ctx);
    defineEvidenceContract(ctx);
    defineKindsContract(ctx);

    describe('stats, namespaces, close', () => {
      it('counts a namespace', async () => {
        const store = ctx.store();
        const fx = ctx.fx();
        expect(await store.stats({ namespace: NS })).toEqual({
          memories: 0,
          active: 0,
          deprecated: 0,
          byKind: { trajectory: 0, script: 0, proceduralization: 0, lesson: 0 },
          trajectories: 0,
          revisions: 0,
        });
        await fx.seed(store, [
          { id: 'm1', kind: 'trajectory' },
          { id: 'm2', kind: 'script' },
          { id: 'm3', kind: 'script', status: 'deprecated' },
          { id: 'm4', kind: 'proceduralization' },
          { id: 'x', namespace: 'other' },
        ]);
        await store.apply(
          fx.change({
            trajectories: [fx.trajectory({ id: 't1' }), fx.trajectory({ id: 't2' })],
            update: [
              { id: 'm1', expectedVersion: 1, status: 'deprecated', reason: 'deprecation' },
              { id: 'm2', expectedVersion: 1, content: { script: 's' }, reason: 'edit' },
              { id: 'm2', expectedVersion: 2, content: { script: 't' }, reason: 'edit' },
            ],
          }),
        );
        expect(await store.stats({ namespace: NS })).toEqual({
          memories: 4,
          active: 2,
          deprecated: 2,
          byKind: { trajectory: 1, script: 2, proceduralization: 1, lesson: 0 },
          trajectories: 2,
          revisions: 3,
          space: SPACE,
        });
      });

      it('lists non-empty namespaces, sorted', async () => {
        const store = ctx.store();
        const fx = ctx.fx();
        expect(await store.namespaces()).toEqual([]);
        await fx.seed(store, [
          { id: 'm', namespace: 'zeta' },
          { id: 'm', namespace: 'Alpha' },
          { id: 'm', namespace: 'beta' },
        ]);
        await store.apply(
          fx.change({ namespace: 'gamma', trajectories: [fx.trajectory({ id: 't', namespace: 'gamma' })] }),
        );
        await expectCode(
          store.apply(fx.change({ namespace: 'failed', usage: [{ id: 'ghost', success: true }] })),
          'NOT_FOUND',
        );
        expect(await store.namespaces()).toEqual(['Alpha', 'beta', 'gamma', 'zeta']);
      });

      it('fails every call after close with STORAGE_FAILED', async () => {
        const store = ctx.store();
        const fx = ctx.fx();
        await fx.seed(store, [{ id: 'm1' }]);
        await store.close();
        const q = { namespace: NS };
        await expectCode(store.apply(fx.change({ trajectories: [fx.trajectory({ id: 't' })] })), 'STORAGE_FAILED');
        await expectCode(store.get({ ...q, ids: ['m1'] }), 'STORAGE_FAILED');
        await expectCode(store.list(q), 'STORAGE_FAILED');
        await expectCode(store.ids(q), 'STORAGE_FAILED');
        await expectCode(store.revisions({ ...q, memoryId: 'm1' }), 'STORAGE_FAILED');
        await expectCode(store.trajectory({ ...q, id: 't' }), 'STORAGE_FAILED');
        await expectCode(store.vectors({ ...q, ids: ['m1'] }), 'STORAGE_FAILED');
        await expectCode(store.search({ ...q, field: 'task', queries: [fx.unit()], k: 1 }), 'STORAGE_FAILED');
        await expectCode(store.space(q), 'STORAGE_FAILED');
        await expectCode(store.reembed({ ...q, space: SPACE, vectors: [] }), 'STORAGE_FAILED');
        await expectCode(store.stats(q), 'STORAGE_FAILED');
        await expectCode(store.namespaces(), 'STORAGE_FAILED');
      });
    });
  });
}
