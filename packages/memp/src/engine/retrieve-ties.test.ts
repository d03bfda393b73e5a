import { describe, expect, it } from 'vitest';
import { createHashingEmbedder } from '../adapters/embedders/hashing-embedder.js';
import { createSqliteMemoryStore } from '../adapters/stores/sqlite/sqlite-memory-store.js';
import { createMemp } from '../composition/create-memp.js';
import { NS, createContractFixtures } from '../testing/memory-store-contract-fixtures.js';
import { TIED_TASKS, checkTiedRetrieves, recordOverlap, withoutKinds } from '../../test/tied-retrieve-check.js';

describe('retrieve on namespaces full of ties', () => {
  it('serves the same memories in the same order, lessons included, as reading every candidate after the tie-break', async () => {
    await checkTiedRetrieves({
      rounds: 25,
      seed: 24,
      open: async () => {
        const store = createSqliteMemoryStore({ path: ':memory:' });
        return { store, namespace: NS, close: () => store.close() };
      },
    });
  });

  it('reads the bodies together with the tie-break evidence, with or without kinds', async () => {
    const embedder = createHashingEmbedder();
    const space = { embedder: embedder.id, dimension: embedder.dimension };
    const [vector] = (await embedder.embed([TIED_TASKS[0] as string])) as Float32Array[];
    const store = createSqliteMemoryStore({ path: ':memory:' });
    try {
      const fx = createContractFixtures();
      const create = Array.from({ length: 8 }, (_, i) => {
        const memory = fx.memory({ id: `m${i}`, task: TIED_TASKS[0] as string });
        const task = vector as Float32Array;
        return { memory, vectors: { task, keywords: memory.keywords.map(() => task) } };
      });
      await store.apply({ namespace: NS, at: fx.clock.now(), space, create });
      for (const tested of [store, withoutKinds(store)]) {
        const watched = recordOverlap(tested, store);
        const served = await createMemp({ store: watched.store, embedder }).retrieve({
          namespace: NS,
          task: TIED_TASKS[0] as string,
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
