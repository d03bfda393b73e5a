import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../core/random.js';
import type { Retrieved } from '../core/retrieved.js';
import { createSqliteMemoryStore } from '../adapters/stores/sqlite/sqlite-memory-store.js';
import type { RetrieveHit } from '../policies/retrieve/retrieve-policy.js';
import type { MemoryStore } from '../ports/memory-store.js';
import { NS, createContractFixtures } from '../testing/memory-store-contract-fixtures.js';
import type { MemoryOptions } from '../testing/memory-store-contract-fixtures.js';
import { breakScoreTies } from './break-score-ties.js';
import { loadServedHits } from './load-served-hits.js';

const KINDS = ['script', 'lesson', 'trajectory', 'proceduralization'] as const;

/** What reading every candidate gives (the engine's path without `kinds`), cut to what a retrieve may serve. */
async function servedByFullRead(options: {
  store: MemoryStore;
  hits: RetrieveHit[];
  k: number;
  lessons: number;
}): Promise<{ procedures: Retrieved[]; lessons: Retrieved[] }> {
  const { store, hits, k, lessons } = options;
  const ordered = await breakScoreTies({ hits, store, namespace: NS });
  const memories = new Map((await store.get({ namespace: NS, ids: ordered.map((h) => h.id) })).map((m) => [m.id, m]));
  const out: { procedures: Retrieved[]; lessons: Retrieved[] } = { procedures: [], lessons: [] };
  ordered.forEach((hit, i) => {
    const memory = memories.get(hit.id);
    if (memory?.status !== 'active') return;
    const one: Retrieved = {
      memory,
      score: hit.score,
      key: hit.key,
      explain: { vector: { rank: i + 1, score: hit.score } },
    };
    (memory.kind === 'lesson' ? out.lessons : out.procedures).push(one);
  });
  return {
    procedures: out.procedures.slice(0, k),
    lessons: lessons > 0 ? out.lessons.filter((r) => r.score >= 0.5) : [],
  };
}

describe('loadServedHits', () => {
  it('serves what reading every candidate serves, on random pools full of ties, lessons and deprecated memories', async () => {
    const random = createSeededRandom(11);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    for (let round = 0; round < 30; round++) {
      const store = createSqliteMemoryStore({ path: ':memory:' });
      try {
        const fx = createContractFixtures(round + 1);
        const count = 5 + Math.floor(random() * 40);
        const options: MemoryOptions[] = Array.from({ length: count }, (_, i) => ({
          id: `m${String(i).padStart(3, '0')}`,
          kind: pick(KINDS),
          status: random() < 0.15 ? 'deprecated' : 'active',
        }));
        await fx.seed(store, options);
        const evidence = Array.from({ length: Math.floor(random() * 3 * count) }, (_, i) => ({
          id: `e${i}`,
          memoryId: pick(options).id,
          kind: pick(['success', 'failure', 'support'] as const),
          source: `key:${Math.floor(random() * 4)}`,
          trust: 'trusted' as const,
          episode: `t${Math.floor(random() * 6)}`,
          at: '2025-03-01T00:00:00.000Z',
        }));
        if (evidence.length > 0) await store.apply(fx.change({ evidence }));
        // Few distinct scores, so most hits tie; a few ids that are not stored at all.
        const levels = [0.95, 0.9, 0.7, 0.55, 0.5, 0.45, 0.3].slice(0, 2 + Math.floor(random() * 6));
        const ids = [...options.map((o) => o.id), 'gone-1', 'gone-2'];
        const hits = ids
          .filter(() => random() < 0.8)
          .map((id) => ({ id, score: pick(levels), key: 'query' }) as RetrieveHit)
          .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
        const k = 1 + Math.floor(random() * 6);
        const lessons = pick([0, 3]);
        const served = await loadServedHits({
          store: store as MemoryStore & Required<Pick<MemoryStore, 'kinds'>>,
          namespace: NS,
          hits,
          k,
          lessons,
          lessonMinScore: 0.5,
          more: false,
          explain: (hit, rank) => ({ vector: { rank, score: hit.score } }),
        });
        expect(served).toEqual(await servedByFullRead({ store, hits, k, lessons }));
      } finally {
        await store.close();
      }
    }
  });

  it('asks for a wider pool, reading no body, when the pool holds fewer than k procedures and may hold more', async () => {
    const store = createSqliteMemoryStore({ path: ':memory:' });
    try {
      const fx = createContractFixtures();
      await fx.seed(store, [
        { id: 'p1', kind: 'script' },
        { id: 'l1', kind: 'lesson' },
      ]);
      let bodiesRead = 0;
      const counting = Object.assign(Object.create(store) as typeof store, {
        get: (query: { namespace: string; ids: readonly string[] }) => {
          bodiesRead += query.ids.length;
          return store.get(query);
        },
      });
      const hits: RetrieveHit[] = [
        { id: 'l1', score: 0.9, key: 'query' },
        { id: 'p1', score: 0.8, key: 'query' },
      ];
      const base = { namespace: NS, hits, k: 2, lessons: 3, lessonMinScore: 0.5, explain: () => undefined };
      const wide = await loadServedHits({ ...base, store: counting as never, more: true });
      expect(wide).toBe('widen');
      expect(bodiesRead).toBe(0);
      const all = await loadServedHits({ ...base, store: counting as never, more: false });
      expect(all !== 'widen' && all?.procedures.map((r) => r.memory.id)).toEqual(['p1']);
      expect(all !== 'widen' && all?.lessons.map((r) => r.memory.id)).toEqual(['l1']);
      expect(bodiesRead).toBe(2);
    } finally {
      await store.close();
    }
  });

  it('gives up (undefined) when a body read no longer matches the kinds read before it', async () => {
    const store = createSqliteMemoryStore({ path: ':memory:' });
    try {
      const fx = createContractFixtures();
      await fx.seed(store, [{ id: 'p1', kind: 'script' }]);
      const racing = Object.assign(Object.create(store) as typeof store, {
        get: async (query: { namespace: string; ids: readonly string[] }) => {
          await store.apply(
            fx.change({ update: [{ id: 'p1', expectedVersion: 1, status: 'deprecated', reason: 'edit' }] }),
          );
          return store.get(query);
        },
      });
      const served = await loadServedHits({
        store: racing as never,
        namespace: NS,
        hits: [{ id: 'p1', score: 0.9, key: 'query' }],
        k: 1,
        lessons: 0,
        lessonMinScore: 0.5,
        more: false,
        explain: () => undefined,
      });
      expect(served).toBeUndefined();
    } finally {
      await store.close();
    }
  });
});
