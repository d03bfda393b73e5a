import { describe, expect, it } from 'vitest';
import type { EvidenceRecord } from '../core/evidence.js';
import { NS, SPACE, expectCode } from './memory-store-contract-fixtures.js';
import type { ContractContext } from './memory-store-contract-fixtures.js';

const AT = '2026-01-01T00:00:00.000Z';

function record(id: string, memoryId: string, extra: Partial<EvidenceRecord> = {}): EvidenceRecord {
  return { id, memoryId, kind: 'success', source: 'local', trust: 'trusted', at: AT, ...extra };
}

/**
 * Contract: `ChangeSet.evidence` appends attributed evidence atomically with the rest of the change; `evidence()`
 * reads it back in append order, filtered by memory and kind, per namespace; a memory's evidence goes with it.
 */
export function defineEvidenceContract(ctx: ContractContext): void {
  describe('evidence', () => {
    it('appends records with the change and reads them back in order, filtered by memory and kind', async () => {
      const store = ctx.store();
      const fx = ctx.fx();
      await fx.seed(store, [{ id: 'm1' }, { id: 'm2' }, { id: 'm1', namespace: 'other' }]);
      const proposal = { content: { script: '1. new' }, reason: 'adjustment' as const, baseVersion: 1 };
      await store.apply(
        fx.change({
          usage: [{ id: 'm1', success: true }],
          evidence: [
            record('e1', 'm1', { episode: 't1' }),
            record('e2', 'm2', { kind: 'failure', source: 'key:k1', trust: 'untrusted' }),
            record('e3', 'm1', { kind: 'candidate', source: 'key:k1', trust: 'untrusted', proposal }),
          ],
        }),
      );
      await store.apply(fx.change({ evidence: [record('e4', 'm1', { kind: 'rejected', candidate: 'e3' })] }));
      const all = await store.evidence({ namespace: NS });
      expect(all.map((e) => e.id)).toEqual(['e1', 'e2', 'e3', 'e4']);
      expect(all[2]).toEqual(record('e3', 'm1', { kind: 'candidate', source: 'key:k1', trust: 'untrusted', proposal }));
      expect((await store.evidence({ namespace: NS, memoryIds: ['m1'] })).map((e) => e.id)).toEqual(['e1', 'e3', 'e4']);
      const kinds = await store.evidence({ namespace: NS, kinds: ['candidate', 'failure'] });
      expect(kinds.map((e) => e.id)).toEqual(['e2', 'e3']);
      const ofMemoriesAndKinds = await store.evidence({
        namespace: NS,
        memoryIds: ['m1', 'm2'],
        kinds: ['failure', 'rejected', 'candidate'],
      });
      expect(ofMemoriesAndKinds.map((e) => e.id)).toEqual(['e2', 'e3', 'e4']);
      expect(ofMemoriesAndKinds[1]).toEqual(all[2]);
      expect(await store.evidence({ namespace: NS, memoryIds: ['m1'], kinds: ['failure'] })).toEqual([]);
      expect(await store.evidence({ namespace: 'other' })).toEqual([]);
      expect(await store.evidence({ namespace: NS, memoryIds: ['nope'] })).toEqual([]);
    });

    it('accepts evidence of a memory created by the same change', async () => {
      const store = ctx.store();
      const fx = ctx.fx();
      await store.apply(
        fx.change({
          space: SPACE,
          create: [fx.create({ id: 'm1' })],
          evidence: [record('e1', 'm1', { kind: 'support' })],
        }),
      );
      expect((await store.evidence({ namespace: NS, memoryIds: ['m1'] })).map((e) => e.kind)).toEqual(['support']);
    });

    it('fails the whole change for an unknown memory (NOT_FOUND), a repeated id (CONFLICT) or a bad record', async () => {
      const store = ctx.store();
      const fx = ctx.fx();
      await fx.seed(store, [{ id: 'm1' }]);
      await store.apply(fx.change({ evidence: [record('e1', 'm1')] }));
      const trajectories = [fx.trajectory({ id: 't1' })];
      await expectCode(store.apply(fx.change({ trajectories, evidence: [record('e2', 'missing')] })), 'NOT_FOUND');
      await expectCode(store.apply(fx.change({ trajectories, evidence: [record('e1', 'm1')] })), 'CONFLICT');
      await expectCode(
        store.apply(fx.change({ trajectories, evidence: [record('e2', 'm1'), record('e2', 'm1')] })),
        'CONFLICT',
      );
      const bad = { ...record('e3', 'm1'), trust: 'somewhat' } as unknown as EvidenceRecord;
      await expectCode(store.apply(fx.change({ trajectories, evidence: [bad] })), 'INVALID_ARGUMENT');
      expect(await store.trajectory({ namespace: NS, id: 't1' })).toBeUndefined();
      expect((await store.evidence({ namespace: NS })).map((e) => e.id)).toEqual(['e1']);
      await expectCode(store.evidence({ namespace: NS, kinds: ['rumour' as 'success'] }), 'INVALID_ARGUMENT');
    });

    it('removes a memory’s evidence with the memory', async () => {
      const store = ctx.store();
      const fx = ctx.fx();
      await fx.seed(store, [{ id: 'm1' }, { id: 'm2' }]);
      await store.apply(fx.change({ evidence: [record('e1', 'm1'), record('e2', 'm2')] }));
      await store.apply(fx.change({ delete: [{ id: 'm1', expectedVersion: 1 }] }));
      expect((await store.evidence({ namespace: NS })).map((e) => e.id)).toEqual(['e2']);
    });
  });
}
