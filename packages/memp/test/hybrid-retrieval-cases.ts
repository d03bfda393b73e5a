import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHashingEmbedder } from '../src/adapters/embedders/hashing-embedder.js';
import { createMemp } from '../src/composition/create-memp.js';
import { isMempError } from '../src/core/errors.js';
import type { Memory } from '../src/core/memory.js';
import type { Memp } from '../src/engine/create-memp.js';
import type { HybridSettings } from '../src/policies/retrieve/hybrid-settings.js';
import type { MemoryStore } from '../src/ports/memory-store.js';

const NS = 'hybrid';
const AT = '2025-01-01T00:00:00.000Z';

/** One memory to seed: a task and its procedure. */
interface Seed {
  id: string;
  task: string;
  script: string;
  keywords?: string[];
}

async function seed(store: MemoryStore, seeds: Seed[]): Promise<void> {
  const embedder = createHashingEmbedder();
  const create = [];
  for (const [i, s] of seeds.entries()) {
    const keywords = s.keywords ?? [];
    const [task = new Float32Array(), ...kw] = await embedder.embed([s.task, ...keywords]);
    const at = new Date(Date.parse(AT) + i * 1000).toISOString();
    const memory: Memory = {
      id: s.id,
      namespace: NS,
      task: s.task,
      keywords,
      kind: 'script',
      script: s.script,
      status: 'active',
      stats: { retrieved: 0, succeeded: 0, failed: 0 },
      provenance: { builtBy: 'offline', from: [], embedder: embedder.id },
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    create.push({ memory, vectors: { task, keywords: kw } });
  }
  await store.apply({ namespace: NS, at: AT, space: { embedder: embedder.id, dimension: embedder.dimension }, create });
}

const LIBRARY: Seed[] = [
  {
    id: 'heat-egg',
    task: 'put a hot egg in garbagecan',
    script: 'take egg, heat it with microwave, move it to garbagecan',
  },
  { id: 'soap', task: 'put a soapbar in toilet', script: 'take soapbar from countertop, move it to toilet' },
  {
    id: 'mug',
    task: 'put a clean mug in coffeemachine',
    script: 'take mug, clean it with sinkbasin, move it to coffeemachine',
  },
  { id: 'lamp', task: 'look at the book under the desklamp', script: 'take book, go to desklamp, use desklamp' },
  {
    id: 'cool',
    task: 'cool some apple and put it in the fridge shelf',
    script: 'take apple, cool it with fridge, move it to shelf',
  },
  { id: 'pen', task: 'put two pens in the drawer', script: 'take pen, move it to drawer, take pen, move it to drawer' },
];

/**
 * The behaviour of `retrieve: 'hybrid'` through the engine, on the store `create` returns (fresh for each test):
 * run on the in-memory, SQLite and PostgreSQL stores.
 */
export function defineHybridRetrievalCases(name: string, create: () => Promise<MemoryStore> | MemoryStore): void {
  describe(`hybrid retrieval: ${name}`, () => {
    let store: MemoryStore | undefined;
    let memp: Memp | undefined;
    const open = (hybrid: HybridSettings = {}): Memp => {
      if (store === undefined) throw new Error('no store');
      memp = createMemp({ store, retrieve: 'hybrid', hybrid, namespace: NS });
      return memp;
    };
    beforeEach(async () => {
      store = await create();
    });
    afterEach(async () => {
      await memp?.close();
      if (memp === undefined) await store?.close();
      memp = undefined;
    });

    it('finds a memory whose task spells a compound apart, and explains both contributions', async () => {
      if (store === undefined) throw new Error('no store');
      await seed(store, LIBRARY);
      const hits = await open().retrieve({ task: 'place the soap bar into the toilet', k: 3, explain: true });
      expect(hits[0]?.memory.id).toBe('soap');
      expect(hits[0]?.key).toBe('hybrid');
      const explain = hits[0]?.explain;
      expect(explain?.lexical?.matched).toContain('soapbar');
      expect(explain?.lexical?.rank).toBe(1);
      expect(explain?.vector?.rank).toBeGreaterThanOrEqual(1);
      const parts = explain?.contributions;
      expect((parts?.vector ?? 0) + (parts?.lexical ?? 0)).toBeCloseTo(hits[0]?.score ?? -1, 10);
      for (const h of hits) expect(h.score).toBeLessThanOrEqual(1);
    });

    it('leaves explanations out unless asked', async () => {
      if (store === undefined) throw new Error('no store');
      await seed(store, LIBRARY);
      const hits = await open().retrieve({ task: 'put a hot egg in the bin', k: 2 });
      expect(hits.length).toBe(2);
      for (const h of hits) expect(h.explain).toBeUndefined();
    });

    it('keeps near-duplicates of a chosen memory out of the k with diversity collapse (default none keeps them)', async () => {
      if (store === undefined) throw new Error('no store');
      const copy = (id: string): Seed => ({
        id,
        task: 'put a soapbar in toilet',
        script: 'take soapbar from countertop, move it to toilet',
      });
      await seed(store, [...LIBRARY, copy('soap-2'), copy('soap-3')]);
      const diverse = await open({ diversity: 'collapse' }).retrieve({ task: 'put a soapbar in toilet', k: 3 });
      expect(diverse.filter((h) => h.memory.task === 'put a soapbar in toilet')).toHaveLength(1);
      expect(diverse).toHaveLength(3);
      await memp?.close();
      store = await create();
      await seed(store, [...LIBRARY, copy('soap-2'), copy('soap-3')]);
      const plain = await open().retrieve({ task: 'put a soapbar in toilet', k: 3 });
      expect(plain.filter((h) => h.memory.task === 'put a soapbar in toilet')).toHaveLength(3);
    });

    it('expands the query with environment-supplied synonyms, and reports the added terms', async () => {
      if (store === undefined) throw new Error('no store');
      await seed(store, LIBRARY);
      const task = 'chill an apple in the refrigerator';
      const without = await open().retrieve({ task, k: 6, explain: true });
      expect(without.find((h) => h.memory.id === 'cool')?.explain?.lexical?.matched ?? []).not.toContain('fridg');
      await memp?.close();
      store = await create();
      await seed(store, LIBRARY);
      const hits = await open({ synonyms: [['fridge', 'refrigerator']] }).retrieve({ task, k: 1, explain: true });
      expect(hits[0]?.memory.id).toBe('cool');
      expect(hits[0]?.explain?.expandedTerms).toEqual(['fridg']);
      expect(hits[0]?.explain?.lexical?.matched).toContain('fridg');
    });

    it('applies minScore to the fused score', async () => {
      if (store === undefined) throw new Error('no store');
      await seed(store, LIBRARY);
      const all = await open().retrieve({ task: 'put a soapbar in toilet', k: 6 });
      const cut = all[1]?.score ?? 1;
      const kept = await memp?.retrieve({ task: 'put a soapbar in toilet', k: 6, minScore: cut });
      expect(kept?.map((h) => h.memory.id)).toEqual(all.filter((h) => h.score >= cut).map((h) => h.memory.id));
      expect(kept?.length).toBeLessThan(all.length);
    });

    it('refuses bad settings with INVALID_ARGUMENT naming the field', async () => {
      const error = (() => {
        try {
          open({ weights: { task: -1 } });
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(isMempError(error) && error.code).toBe('INVALID_ARGUMENT');
      expect(isMempError(error) && error.details?.field).toBe('weights.task');
    });
  });
}
