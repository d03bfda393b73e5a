import { describe, expect, it } from 'vitest';
import { createHashingEmbedder } from '../adapters/embedders/hashing-embedder.js';
import { createSqliteMemoryStore } from '../adapters/stores/sqlite/sqlite-memory-store.js';
import { createMemp } from '../composition/create-memp.js';
import { createSeededRandom } from '../core/random.js';
import type { MemoryStore } from '../ports/memory-store.js';
import { NS, createContractFixtures } from '../testing/memory-store-contract-fixtures.js';

const TASKS = [
  'put a clean mug in the coffee machine',
  'put a clean mug on the shelf',
  'heat an egg and put it in the fridge',
  'find two pens and put them in the drawer',
];

/** `store` as a store without `kinds`: the engine then reads every candidate's body and settles every tie. */
function withoutKinds(store: MemoryStore): MemoryStore {
  return Object.assign(Object.create(store) as MemoryStore, { kinds: undefined });
}

/** `store` recording, for each `evidence` and `get`, which of the two was in flight when it started. */
function recordOverlap(
  store: MemoryStore,
  base: MemoryStore = store,
): { store: MemoryStore; overlapped: () => boolean } {
  const inFlight = new Set<string>();
  let overlaps = 0;
  const timed =
    <Q, T>(name: string, run: (q: Q) => Promise<T>) =>
    async (q: Q): Promise<T> => {
      if (inFlight.size > 0 && !inFlight.has(name)) overlaps += 1;
      inFlight.add(name);
      try {
        await new Promise((resolve) => setTimeout(resolve, 2));
        return await run(q);
      } finally {
        inFlight.delete(name);
      }
    };
  const wrapped = Object.assign(Object.create(store) as MemoryStore, {
    evidence: timed('evidence', (q: Parameters<MemoryStore['evidence']>[0]) => base.evidence(q)),
    get: timed('get', (q: Parameters<MemoryStore['get']>[0]) => base.get(q)),
  });
  return { store: wrapped, overlapped: () => overlaps > 0 };
}

describe('retrieve on namespaces full of ties', () => {
  it('serves the same memories in the same order, lessons included, as reading every candidate after the tie-break', async () => {
    const random = createSeededRandom(24);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    const embedder = createHashingEmbedder();
    const space = { embedder: embedder.id, dimension: embedder.dimension };
    const vectors = new Map(TASKS.map((t, i) => [t, i]));
    const embedded = await embedder.embed(TASKS);
    for (let round = 0; round < 25; round++) {
      const store = createSqliteMemoryStore({ path: ':memory:' });
      try {
        const fx = createContractFixtures(round + 1);
        const count = 10 + Math.floor(random() * 50);
        const create = Array.from({ length: count }, (_, i) => {
          const task = pick(TASKS);
          const memory = fx.memory({
            id: `m${String(i).padStart(3, '0')}`,
            task,
            kind: random() < 0.2 ? 'lesson' : 'script',
            status: random() < 0.1 ? 'deprecated' : 'active',
            script: `1. step ${i % 5}`,
          });
          const vector = embedded[vectors.get(task) as number] as Float32Array;
          return { memory, vectors: { task: vector, keywords: memory.keywords.map(() => vector) } };
        });
        await store.apply({ namespace: NS, at: fx.clock.now(), space, create });
        const evidence = Array.from({ length: Math.floor(random() * count) }, (_, i) => ({
          id: `e${i}`,
          memoryId: pick(create).memory.id,
          kind: pick(['success', 'failure', 'support'] as const),
          source: `key:${Math.floor(random() * 4)}`,
          trust: 'trusted' as const,
          episode: `t${Math.floor(random() * 6)}`,
          at: '2025-03-01T00:00:00.000Z',
        }));
        if (evidence.length > 0) await store.apply(fx.change({ evidence }));
        const request = { namespace: NS, task: pick(TASKS), k: 1 + Math.floor(random() * 5), lessons: pick([0, 3]) };
        const watched = recordOverlap(store);
        const served = await createMemp({ store: watched.store, embedder }).retrieve({ ...request, explain: true });
        const full = await createMemp({ store: withoutKinds(store), embedder }).retrieve({ ...request, explain: true });
        expect(served.map((r) => [r.memory.id, r.memory.kind, r.score, r.explain])).toEqual(
          full.map((r) => [r.memory.id, r.memory.kind, r.score, r.explain]),
        );
        expect(served.length).toBeGreaterThan(0);
      } finally {
        await store.close();
      }
    }
  });

  it('reads the bodies together with the tie-break evidence, with or without kinds', async () => {
    const embedder = createHashingEmbedder();
    const space = { embedder: embedder.id, dimension: embedder.dimension };
    const [vector] = (await embedder.embed([TASKS[0] as string])) as Float32Array[];
    const store = createSqliteMemoryStore({ path: ':memory:' });
    try {
      const fx = createContractFixtures();
      const create = Array.from({ length: 8 }, (_, i) => {
        const memory = fx.memory({ id: `m${i}`, task: TASKS[0] as string });
        return {
          memory,
          vectors: { task: vector as Float32Array, keywords: memory.keywords.map(() => vector as Float32Array) },
        };
      });
      await store.apply({ namespace: NS, at: fx.clock.now(), space, create });
      for (const tested of [store, withoutKinds(store)]) {
        const watched = recordOverlap(tested, store);
        const served = await createMemp({ store: watched.store, embedder }).retrieve({
          namespace: NS,
          task: TASKS[0] as string,
          k: 3,
        });
        expect(served.map((r) => r.memory.id)).toEqual(['m0', 'm1', 'm2']);
        expect(watched.overlapped()).toBe(true);
      }
    } finally {
      await store.close();
    }
  });
});
