import { describe, expect, it } from 'vitest';
import { defineHybridRetrievalCases } from '../../../test/hybrid-retrieval-cases.js';
import { createInMemoryMemoryStore } from '../../adapters/stores/in-memory/in-memory-memory-store.js';
import { createSqliteMemoryStore } from '../../adapters/stores/sqlite/sqlite-memory-store.js';
import { createHashingEmbedder } from '../../adapters/embedders/hashing-embedder.js';
import { createOfflineKeywordExtractor } from './offline-keyword-extractor.js';
import { createHybridRetrievePolicy } from './hybrid-retrieve-policy.js';
import { reciprocalRankFusion } from './reciprocal-rank-fusion.js';
import type { MemoryStore } from '../../ports/memory-store.js';

defineHybridRetrievalCases('in-memory', () => createInMemoryMemoryStore());
defineHybridRetrievalCases('sqlite', () => createSqliteMemoryStore({ path: ':memory:' }));

describe('reciprocalRankFusion', () => {
  it('sums weight / (k + rank), normalised so first everywhere is 1, ties by id', () => {
    const fused = reciprocalRankFusion([
      { ids: ['a', 'b', 'c'], weight: 1 },
      { ids: ['b', 'd'], weight: 1 },
    ]);
    expect(fused.map((f) => f.id)).toEqual(['b', 'a', 'd', 'c']);
    const best = 2 / 61;
    expect(fused[0]?.score).toBeCloseTo((1 / 62 + 1 / 61) / best, 12);
    expect(fused[0]?.parts).toEqual([1 / 62 / best, 1 / 61 / best]);
    expect(
      reciprocalRankFusion([
        { ids: ['x'], weight: 1 },
        { ids: ['x'], weight: 1 },
      ])[0]?.score,
    ).toBeCloseTo(1, 12);
    expect(
      reciprocalRankFusion([
        { ids: ['z', 'y'], weight: 1 },
        { ids: ['y', 'z'], weight: 1 },
      ]).map((f) => f.id),
    ).toEqual(['y', 'z']);
  });
});

describe('hybrid policy without a lexical index', () => {
  it('fails with INVALID_ARGUMENT naming retrieve', async () => {
    const inner = createInMemoryMemoryStore();
    const plain: MemoryStore = {
      specificationVersion: 'v1',
      capabilities: inner.capabilities,
      apply: (c) => inner.apply(c),
      get: (q) => inner.get(q),
      list: (q) => inner.list(q),
      ids: (q) => inner.ids(q),
      revisions: (q) => inner.revisions(q),
      trajectory: (q) => inner.trajectory(q),
      evidence: (q) => inner.evidence(q),
      vectors: (q) => inner.vectors(q),
      search: (q) => inner.search(q),
      space: (q) => inner.space(q),
      reembed: (c) => inner.reembed(c),
      stats: (q) => inner.stats(q),
      namespaces: () => inner.namespaces(),
      close: () => inner.close(),
    };
    const policy = createHybridRetrievePolicy();
    await expect(
      policy.retrieve(
        { namespace: 'n', task: 'put a mug on the desk', k: 3 },
        { store: plain, embedder: createHashingEmbedder(), keywords: createOfflineKeywordExtractor() },
      ),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'retrieve' } });
  });
});
