import { describe, expect, it } from 'vitest';
import { createInMemoryMemoryStore } from '../adapters/stores/in-memory/in-memory-memory-store.js';
import type { EvidenceRecord } from '../core/evidence.js';
import { createSeededRandom } from '../core/random.js';
import type { RetrieveHit } from '../policies/retrieve/retrieve-policy.js';
import { NS, createContractFixtures } from '../testing/memory-store-contract-fixtures.js';
import { breakScoreTies } from './break-score-ties.js';

const AT = '2026-01-01T00:00:00.000Z';

/** The order the track records give, computed apart: score descending, then successes minus failures, then given order. */
function expectedOrder(hits: RetrieveHit[], records: EvidenceRecord[]): string[] {
  const record = (id: string) => {
    const of = (kind: string) =>
      new Set(records.filter((r) => r.memoryId === id && r.kind === kind).map((r) => `${r.source}|${r.episode}`)).size;
    return of('success') - of('failure');
  };
  return hits
    .map((h, i) => ({ h, i }))
    .sort((a, b) => b.h.score - a.h.score || record(b.h.id) - record(a.h.id) || a.i - b.i)
    .map(({ h }) => h.id);
}

describe('breakScoreTies', () => {
  it('orders tied hits by track record and keeps the given order where no record differs (none at all included)', async () => {
    const random = createSeededRandom(17);
    for (let round = 0; round < 40; round++) {
      const store = createInMemoryMemoryStore();
      const fx = createContractFixtures(round + 1);
      const count = 2 + Math.floor(random() * 12);
      const ids = Array.from({ length: count }, (_, i) => `m${String(i).padStart(2, '0')}`);
      await fx.seed(
        store,
        ids.map((id) => ({ id })),
      );
      // Scores from a few values, so that most hits tie; every third round has no success or failure record.
      const scores = [0.9, 0.7, 0.5];
      const hits: RetrieveHit[] = ids
        .map((id) => ({ id, score: scores[Math.floor(random() * scores.length)] as number, key: 'query' as const }))
        .sort((a, b) => b.score - a.score);
      const kinds = round % 3 === 0 ? (['support'] as const) : (['success', 'failure', 'support'] as const);
      const records: EvidenceRecord[] = Array.from({ length: Math.floor(random() * 3 * count) }, (_, i) => ({
        id: `e${i}`,
        memoryId: ids[Math.floor(random() * count)] as string,
        kind: kinds[Math.floor(random() * kinds.length)] as EvidenceRecord['kind'],
        source: `key:${Math.floor(random() * 3)}`,
        trust: 'trusted',
        episode: `t${Math.floor(random() * 3)}`,
        at: AT,
      }));
      if (records.length > 0) await store.apply(fx.change({ evidence: records }));
      const ordered = await breakScoreTies({ hits, store, namespace: NS });
      expect(ordered.map((h) => h.id)).toEqual(expectedOrder(hits, records));
      expect(ordered.map((h) => h.score)).toEqual(hits.map((h) => h.score));
    }
  });
});
