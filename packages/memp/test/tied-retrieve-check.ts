import { expect } from 'vitest';
import { createHashingEmbedder } from '../src/adapters/embedders/hashing-embedder.js';
import { createMemp } from '../src/composition/create-memp.js';
import { createSeededRandom } from '../src/core/random.js';
import type { MemoryStore } from '../src/ports/memory-store.js';
import { createContractFixtures } from '../src/testing/memory-store-contract-fixtures.js';

/** Few task texts, so that most memories share one exactly and most retrieves meet ties. */
export const TIED_TASKS = [
  'put a clean mug in the coffee machine',
  'put a clean mug on the shelf',
  'heat an egg and put it in the fridge',
  'find two pens and put them in the drawer',
];

/** `store` as a store without `kinds`: the engine then reads every candidate's body and settles every tie. */
export function withoutKinds(store: MemoryStore): MemoryStore {
  return Object.assign(Object.create(store) as MemoryStore, { kinds: undefined });
}

/**
 * `store` counting the `evidence` and `get` calls that started while the other was in flight (each read is held a
 * few milliseconds, as a round trip would be), reading through `base`.
 */
export function recordOverlap(
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

/**
 * Random namespaces full of exact ties (memories of a few task texts, lessons, deprecated memories, random
 * success / failure / support evidence), each retrieved through the public API on `store` (its `kinds` path) and
 * on the same store without `kinds` (every candidate read after the tie-break): the served memories, their order,
 * scores and explanations must be the same, lessons included.
 */
export async function checkTiedRetrieves(options: {
  rounds: number;
  seed: number;
  open: (round: number) => Promise<{ store: MemoryStore; namespace: string; close: () => Promise<void> }>;
}): Promise<void> {
  const random = createSeededRandom(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const embedder = createHashingEmbedder();
  const space = { embedder: embedder.id, dimension: embedder.dimension };
  const embedded = await embedder.embed(TIED_TASKS);
  for (let round = 0; round < options.rounds; round++) {
    const { store, namespace, close } = await options.open(round);
    try {
      const fx = createContractFixtures(round + 1);
      const count = 10 + Math.floor(random() * 50);
      const create = Array.from({ length: count }, (_, i) => {
        const at = Math.floor(random() * TIED_TASKS.length);
        const memory = fx.memory({
          id: `m${String(i).padStart(3, '0')}`,
          namespace,
          task: TIED_TASKS[at] as string,
          kind: random() < 0.2 ? 'lesson' : 'script',
          status: random() < 0.1 ? 'deprecated' : 'active',
          script: `1. step ${i % 5}`,
        });
        const vector = embedded[at] as Float32Array;
        return { memory, vectors: { task: vector, keywords: memory.keywords.map(() => vector) } };
      });
      await store.apply({ namespace, at: fx.clock.now(), space, create });
      const evidence = Array.from({ length: Math.floor(random() * count) }, (_, i) => ({
        id: `e${i}`,
        memoryId: pick(create).memory.id,
        kind: pick(['success', 'failure', 'support'] as const),
        source: `key:${Math.floor(random() * 4)}`,
        trust: 'trusted' as const,
        episode: `t${Math.floor(random() * 6)}`,
        at: '2025-03-01T00:00:00.000Z',
      }));
      if (evidence.length > 0) await store.apply(fx.change({ namespace, evidence }));
      const request = {
        namespace,
        task: pick(TIED_TASKS),
        k: 1 + Math.floor(random() * 5),
        lessons: pick([0, 3]),
        explain: true,
      };
      const served = await createMemp({ store: recordOverlap(store).store, embedder }).retrieve(request);
      const full = await createMemp({ store: withoutKinds(store), embedder }).retrieve(request);
      const seen = (list: typeof served) => list.map((r) => [r.memory.id, r.memory.kind, r.score, r.explain]);
      expect(seen(served)).toEqual(seen(full));
      expect(served.length).toBeGreaterThan(0);
    } finally {
      await close();
    }
  }
}
