import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../core/random.js';
import type { Retrieved } from '../core/retrieved.js';
import { createSqliteMemoryStore } from '../adapters/stores/sqlite/sqlite-memory-store.js';
import { type RetrieveHit, retrieveHitOf } from '../policies/retrieve/retrieve-policy.js';
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

/** One read a store was asked for: which, how many ids, and the reads still in flight when it started. */
interface ReadRecord {
  read: 'kinds' | 'evidence' | 'get';
  ids: number;
  alongside: string[];
}

/**
 * `store` with its `kinds`, `evidence` and `get` recorded; each read takes a few milliseconds (a round trip), so
 * reads issued together are in flight at once and reads issued one after the other are not.
 */
function recordReads(store: MemoryStore): {
  store: MemoryStore & Required<Pick<MemoryStore, 'kinds'>>;
  log: ReadRecord[];
} {
  const log: ReadRecord[] = [];
  const inFlight = new Set<string>();
  let next = 0;
  const timed = async <T>(read: ReadRecord['read'], ids: number, run: () => Promise<T>): Promise<T> => {
    const token = `${read}#${next++}`;
    log.push({ read, ids, alongside: [...inFlight].map((t) => t.split('#')[0] as string) });
    inFlight.add(token);
    try {
      await new Promise((resolve) => setTimeout(resolve, 2));
      return await run();
    } finally {
      inFlight.delete(token);
    }
  };
  const wrapped = Object.assign(Object.create(store) as MemoryStore, {
    kinds: (q: { namespace: string; ids: readonly string[] }) =>
      timed('kinds', q.ids.length, () => (store.kinds as NonNullable<MemoryStore['kinds']>).call(store, q)),
    evidence: (q: Parameters<MemoryStore['evidence']>[0]) =>
      timed('evidence', q.memoryIds?.length ?? 0, () => store.evidence(q)),
    get: (q: { namespace: string; ids: readonly string[] }) => timed('get', q.ids.length, () => store.get(q)),
  });
  return { store: wrapped as MemoryStore & Required<Pick<MemoryStore, 'kinds'>>, log };
}

describe('loadServedHits', () => {
  it('serves what reading every candidate serves, on random pools full of ties, lessons and deprecated memories', async () => {
    const random = createSeededRandom(11);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    for (let round = 0; round < 120; round++) {
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
        const reads = recordReads(store);
        const served = await loadServedHits({
          store: reads.store,
          namespace: NS,
          hits,
          k,
          lessons,
          lessonMinScore: 0.5,
          more: false,
          explain: (hit, rank) => ({ vector: { rank, score: hit.score } }),
        });
        expect(served).toEqual(await servedByFullRead({ store, hits, k, lessons }));
        // Bodies read beyond those served: only early guesses that a track record displaced, one per late read.
        const gets = reads.log.filter((r) => r.read === 'get');
        expect(gets.length).toBeLessThanOrEqual(2);
        const servedCount =
          served === 'widen' || served === undefined ? 0 : served.procedures.length + served.lessons.length;
        const bodies = gets.reduce((n, r) => n + r.ids, 0);
        expect(bodies - servedCount).toBeLessThanOrEqual(gets.length === 2 ? (gets[1] as ReadRecord).ids : 0);
        if (gets.length === 2) expect(reads.log.filter((r) => r.read === 'evidence')).toHaveLength(1);
      } finally {
        await store.close();
      }
    }
  });

  it('takes kinds and statuses from search hits that carry them (no kinds read), serving the same', async () => {
    const store = createSqliteMemoryStore({ path: ':memory:' });
    try {
      const fx = createContractFixtures(3);
      const seeded = await fx.seed(
        store,
        Array.from({ length: 30 }, (_, i) => ({
          id: `m${String(i).padStart(2, '0')}`,
          kind: KINDS[i % KINDS.length] as (typeof KINDS)[number],
          status: i % 7 === 3 ? ('deprecated' as const) : ('active' as const),
        })),
      );
      const found = await store.search({
        namespace: NS,
        field: 'task',
        queries: [seeded[0]?.vectors.task ?? fx.unit()],
        k: 30,
        status: ['active', 'deprecated'],
      });
      const carried = found.map((hit) => retrieveHitOf(hit, 'query'));
      expect(carried.every((h) => h.kind !== undefined && h.status !== undefined)).toBe(true);
      const bare = carried.map(({ id, score, key }) => ({ id, score, key }));
      const options = { namespace: NS, k: 4, lessons: 3, lessonMinScore: -1, more: false, explain: () => undefined };
      const withCarried = recordReads(store);
      const served = await loadServedHits({ ...options, store: withCarried.store, hits: carried });
      expect(withCarried.log.filter((r) => r.read === 'kinds')).toEqual([]);
      const withRead = recordReads(store);
      const servedAfterRead = await loadServedHits({ ...options, store: withRead.store, hits: bare });
      expect(withRead.log.filter((r) => r.read === 'kinds')).toHaveLength(1);
      const ids = (s: typeof served) =>
        s === 'widen' || s === undefined ? s : s.procedures.concat(s.lessons).map((r) => r.memory.id);
      expect(ids(served)).toEqual(ids(servedAfterRead));
      expect(served !== 'widen' && served?.procedures.length).toBe(4);
      expect(served !== 'widen' && (served?.lessons.length ?? 0) > 0).toBe(true);
      // One hit without them: the whole pool's kinds are read.
      const mixed = recordReads(store);
      await loadServedHits({ ...options, store: mixed.store, hits: [bare[0] as RetrieveHit, ...carried.slice(1)] });
      expect(mixed.log.filter((r) => r.read === 'kinds').map((r) => r.ids)).toEqual([30]);
    } finally {
      await store.close();
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

  it('reads the bodies to serve together with the tie-break evidence (one wait), and only those bodies', async () => {
    const store = createSqliteMemoryStore({ path: ':memory:' });
    try {
      const fx = createContractFixtures();
      await fx.seed(store, [
        ...['a', 'b', 'c', 'd', 'e', 'f'].map((id) => ({ id, kind: 'script' as const })),
        { id: 'l1', kind: 'lesson' },
      ]);
      // Every hit ties; k = 3 cuts the group of six procedures in two. No track record: the given order stands.
      const hits: RetrieveHit[] = ['a', 'b', 'c', 'd', 'e', 'f', 'l1'].map(
        (id) => ({ id, score: 0.8, key: 'query' }) as RetrieveHit,
      );
      const reads = recordReads(store);
      const served = await loadServedHits({
        store: reads.store,
        namespace: NS,
        hits,
        k: 3,
        lessons: 3,
        lessonMinScore: 0.5,
        more: false,
        explain: () => undefined,
      });
      expect(served !== 'widen' && served?.procedures.map((r) => r.memory.id)).toEqual(['a', 'b', 'c']);
      expect(served !== 'widen' && served?.lessons.map((r) => r.memory.id)).toEqual(['l1']);
      const evidence = reads.log.find((r) => r.read === 'evidence');
      const gets = reads.log.filter((r) => r.read === 'get');
      expect(evidence).toBeDefined();
      expect(gets).toHaveLength(1);
      // Issued together: whichever started second found the other in flight.
      const second = reads.log.indexOf(evidence as ReadRecord) < reads.log.indexOf(gets[0] as ReadRecord);
      expect(second ? (gets[0] as ReadRecord).alongside : (evidence as ReadRecord).alongside).toContain(
        second ? 'evidence' : 'get',
      );
      expect((gets[0] as ReadRecord).ids).toBe(4);
    } finally {
      await store.close();
    }
  });

  it('reads after the tie-break the member of a straddling group a track record moves above the cut', async () => {
    const store = createSqliteMemoryStore({ path: ':memory:' });
    try {
      const fx = createContractFixtures();
      await fx.seed(
        store,
        ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, kind: 'script' as const })),
      );
      const success = (id: string, memoryId: string, source: string) => ({
        id,
        memoryId,
        kind: 'success' as const,
        source,
        trust: 'trusted' as const,
        episode: `t-${id}`,
        at: '2025-03-01T00:00:00.000Z',
      });
      await store.apply(fx.change({ evidence: [success('e1', 'e', 'key:1'), success('e2', 'd', 'key:2')] }));
      const hits: RetrieveHit[] = [
        { id: 'a', score: 0.9, key: 'query' },
        ...['b', 'c', 'd', 'e'].map((id) => ({ id, score: 0.8, key: 'query' }) as RetrieveHit),
      ];
      const reads = recordReads(store);
      const served = await loadServedHits({
        store: reads.store,
        namespace: NS,
        hits,
        k: 2,
        lessons: 0,
        lessonMinScore: 0.5,
        more: false,
        explain: () => undefined,
      });
      // The tie-break puts d and e (one success each, d first in the given order) before b and c: d is served.
      expect(served !== 'widen' && served?.procedures.map((r) => r.memory.id)).toEqual(['a', 'd']);
      expect(reads.log.filter((r) => r.read === 'get').map((r) => r.ids)).toEqual([2, 1]);
    } finally {
      await store.close();
    }
  });
});
