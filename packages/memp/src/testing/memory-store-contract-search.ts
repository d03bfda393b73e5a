import { describe, expect, it } from 'vitest';
import { MAX_MEMORY_KEYWORDS, type MemoryStatus } from '../core/memory.js';
import { NS, SPACE, WIDE_SPACE, expectCode, expectSameHits, expectedHits } from './memory-store-contract-fixtures.js';
import type { ContractContext } from './memory-store-contract-fixtures.js';
import { defineReembedCases } from './memory-store-contract-reembed.js';
import { SearchModel, expectSearchMatchesModel } from './memory-store-contract-search-model.js';
import { defineSpaceCases } from './memory-store-contract-spaces.js';

/** Contract: embedding spaces, vector validation, search semantics and freshness, re-embedding. */
export function defineSearchContract(ctx: ContractContext): void {
  describe('embedding spaces and vectors', () => defineSpaceCases(ctx));
  describe('search', () => {
    defineSearchVectorCases(ctx);
    defineSearchRankingCases(ctx);
    defineSearchFreshnessCases(ctx);
    defineSearchQueryCases(ctx);
  });
  describe('reembed', () => defineReembedCases(ctx));
}

/** Cases: stored vectors are unit length, keyword scores are symmetric, a memory's keywords are capped. */
function defineSearchVectorCases(ctx: ContractContext): void {
  it('stores vectors at unit length whatever their norm, so scores stay cosines in [-1, 1]', async () => {
    const store = ctx.store();
    const fx = ctx.fx();
    await fx.seed(store, [{ id: 'm1' }]);
    const c = fx.create({ id: 'm2', keywords: ['a', 'b'] });
    const scale = (v: Float32Array) => v.map((x) => x * 1e6);
    const big = { task: scale(c.vectors.task), keywords: c.vectors.keywords.map(scale) };
    await store.apply(fx.change({ space: SPACE, create: [{ ...c, vectors: big }] }));
    const stored = (await store.vectors({ namespace: NS, ids: ['m2'] })).get('m2');
    const norm = (v: Float32Array | undefined) => Math.sqrt(Array.from(v ?? []).reduce((a, x) => a + x * x, 0));
    expect(norm(stored?.task)).toBeCloseTo(1, 5);
    for (const k of stored?.keywords ?? []) expect(norm(k)).toBeCloseTo(1, 5);
    for (const field of ['task', 'keywords'] as const) {
      const hits = await store.search({ namespace: NS, field, queries: [scale(c.vectors.task), fx.unit()], k: 10 });
      expect(hits.length).toBe(2);
      for (const h of hits) expect(Math.abs(h.score)).toBeLessThanOrEqual(1 + 1e-6);
    }
    const self = await store.search({ namespace: NS, field: 'task', queries: [scale(c.vectors.task)], k: 1 });
    expect(self[0]?.id).toBe('m2');
    expect(self[0]?.score).toBeCloseTo(1, 5);
  });

  it('scores keywords symmetrically: keywords matching no query keyword count against a memory', async () => {
    const store = ctx.store();
    const fx = ctx.fx();
    const shared = [fx.unit(), fx.unit()];
    const focused = fx.create({ id: 'focused', keywords: ['a', 'b', 'c'] });
    const stuffed = fx.create({ id: 'stuffed', keywords: Array.from({ length: 12 }, (_, i) => `k${i}`) });
    const query = [shared[0] as Float32Array, shared[1] as Float32Array, fx.unit()];
    // The focused memory matches two of three query keywords; the stuffed one all three, plus nine others.
    focused.vectors.keywords = [shared[0] as Float32Array, shared[1] as Float32Array, fx.unit()];
    stuffed.vectors.keywords = [...query, ...Array.from({ length: 9 }, () => fx.unit())];
    await store.apply(fx.change({ space: SPACE, create: [focused, stuffed] }));
    const hits = await store.search({ namespace: NS, field: 'keywords', queries: query, k: 2 });
    expect(hits.map((h) => h.id)).toEqual(['focused', 'stuffed']);
    const model = new SearchModel();
    model.set('focused', 'active', focused.vectors);
    model.set('stuffed', 'active', stuffed.vectors);
    expectSameHits(hits, expectedHits({ entries: model.entries.values(), field: 'keywords', queries: query, k: 2 }));
  });

  it('refuses a memory with more keywords than MAX_MEMORY_KEYWORDS, writing nothing', async () => {
    const store = ctx.store();
    const fx = ctx.fx();
    const [m1] = await fx.seed(store, [{ id: 'm1' }]);
    const many = Array.from({ length: MAX_MEMORY_KEYWORDS + 1 }, (_, i) => `k${i}`);
    const c = fx.create({ id: 'm2', keywords: many });
    await expectCode(store.apply(fx.change({ space: SPACE, create: [c] })), 'INVALID_ARGUMENT');
    const vectors = { task: fx.unit(), keywords: many.map(() => fx.unit()) };
    await expectCode(
      store.apply(
        fx.change({
          space: SPACE,
          update: [{ id: 'm1', expectedVersion: 1, content: { keywords: many }, vectors, reason: 'edit' }],
        }),
      ),
      'INVALID_ARGUMENT',
    );
    expect(await store.ids({ namespace: NS })).toEqual(['m1']);
    expect((await store.get({ namespace: NS, ids: ['m1'] }))[0]).toEqual(m1?.memory);
  });
}

/** Cases: exact scores with k, minScore and status; ties by id; recall on a large namespace (the one ANN relaxation). */
function defineSearchRankingCases(ctx: ContractContext): void {
  it('scores exactly: task cosine, keywords mean-of-max, k, minScore, status', async () => {
    const store = ctx.store();
    const fx = ctx.fx();
    const model = new SearchModel();
    const creates = await fx.seed(
      store,
      Array.from({ length: 40 }, (_, i) => ({
        id: `m${String(i).padStart(2, '0')}`,
        keywords: Array.from({ length: i % 5 }, (_, j) => `kw${j}`),
        status: (i % 7 === 3 ? 'deprecated' : 'active') as MemoryStatus,
      })),
    );
    for (const c of creates) model.set(c.memory.id, c.memory.status, c.vectors);
    await expectSearchMatchesModel({ store, fx, model });
    const target = creates[6];
    const hits = await store.search({
      namespace: NS,
      field: 'task',
      queries: [target?.vectors.task ?? fx.unit()],
      k: 1,
    });
    expect(hits).toHaveLength(1);
    expect(hits[0]?.id).toBe(target?.memory.id);
    expect(hits[0]?.score).toBeCloseTo(1, 5);
    const noKeywords = await store.search({
      namespace: NS,
      field: 'keywords',
      queries: [fx.unit()],
      k: 1000,
      status: ['active', 'deprecated'],
    });
    expect(noKeywords).toHaveLength(32);
    expect(await store.search({ namespace: NS, field: 'task', queries: [fx.unit()], k: 10, minScore: 1.5 })).toEqual(
      [],
    );
  });

  it('breaks ties by id', async () => {
    const store = ctx.store();
    const fx = ctx.fx();
    const v = fx.unit();
    const same = (id: string) => {
      const m = fx.memory({ id, keywords: ['k'] });
      return { memory: m, vectors: { task: Float32Array.from(v), keywords: [Float32Array.from(v)] } };
    };
    await store.apply(fx.change({ space: SPACE, create: [same('b'), same('c'), same('a'), same('d')] }));
    for (const field of ['task', 'keywords'] as const) {
      const hits = await store.search({ namespace: NS, field, queries: [v], k: 3 });
      expect(hits.map((h) => h.id)).toEqual(['a', 'b', 'c']);
    }
  });

  it('on a large namespace: exact scores best first; only an approximate store may miss neighbours', async () => {
    // The one expectation a store declaring `vectorSearch: 'ann'` may relax: on a namespace large enough for its
    // index, a search may miss some of the true top k, because an approximate index trades recall for speed.
    // What it returns must still be exact: scores, order, statuses. Exact stores must find every one.
    const store = ctx.store();
    const fx = ctx.fx();
    const model = new SearchModel();
    for (let batch = 0; batch < 3; batch++) {
      const creates = await fx.seed(
        store,
        Array.from({ length: 400 }, (_, i) => ({
          id: `big${batch}-${String(i).padStart(3, '0')}`,
          status: (i % 9 === 4 ? 'deprecated' : 'active') as MemoryStatus,
        })),
      );
      for (const c of creates) model.set(c.memory.id, c.memory.status, c.vectors);
    }
    let found = 0;
    for (let q = 0; q < 20; q++) {
      const queries = [fx.unit()];
      const actual = await store.search({ namespace: NS, field: 'task', queries, k: 10 });
      const all = expectedHits({ entries: model.entries.values(), field: 'task', queries, k: 1200 });
      const exactScore = new Map(all.map((h) => [h.id, h.score]));
      expect(actual).toHaveLength(10);
      for (const hit of actual) expect(hit.score).toBeCloseTo(exactScore.get(hit.id) ?? Number.NaN, 5);
      expect(actual.map((h) => h.score)).toEqual(actual.map((h) => h.score).sort((a, b) => b - a));
      const tenth = all[9]?.score ?? Number.POSITIVE_INFINITY;
      found += actual.filter((h) => h.score >= tenth - 1e-6).length;
    }
    const recall = found / 200;
    if (store.capabilities.vectorSearch === 'exact') expect(recall).toBe(1);
    else expect(recall).toBeGreaterThanOrEqual(0.9);
  });
}

/** Cases: search stays exact after creates, updates, status changes, usage and a re-embedding. */
function defineSearchFreshnessCases(ctx: ContractContext): void {
  it('stays exactly correct after every kind of write', async () => {
    const store = ctx.store();
    const fx = ctx.fx();
    const model = new SearchModel();
    const first = await fx.seed(
      store,
      Array.from({ length: 12 }, (_, i) => ({ id: `m${i}`, keywords: ['a', 'b'].slice(0, i % 3) })),
    );
    for (const c of first) model.set(c.memory.id, 'active', c.vectors);
    await expectSearchMatchesModel({ store, fx, model });

    const more = [fx.create({ id: 'n1' }), fx.create({ id: 'n2', keywords: ['x', 'y', 'z'] })];
    await store.apply(fx.change({ space: SPACE, create: more }));
    for (const c of more) model.set(c.memory.id, 'active', c.vectors);
    await expectSearchMatchesModel({ store, fx, model });

    const v3 = { task: fx.unit(), keywords: [fx.unit(), fx.unit(), fx.unit()] };
    const v1 = { task: fx.unit(), keywords: [] };
    await store.apply(
      fx.change({
        space: SPACE,
        update: [
          { id: 'm3', expectedVersion: 1, content: { keywords: ['p', 'q', 'r'] }, vectors: v3, reason: 'edit' },
          {
            id: 'm1',
            expectedVersion: 1,
            content: { task: 'other', keywords: [] },
            vectors: v1,
            reason: 'adjustment',
          },
        ],
      }),
    );
    model.set('m3', 'active', v3);
    model.set('m1', 'active', v1);
    await expectSearchMatchesModel({ store, fx, model });

    await store.apply(
      fx.change({
        update: [
          { id: 'm4', expectedVersion: 1, status: 'deprecated', reason: 'deprecation' },
          { id: 'n2', expectedVersion: 1, status: 'deprecated', reason: 'deprecation' },
        ],
      }),
    );
    model.set('m4', 'deprecated', model.entries.get('m4')?.vectors ?? v1);
    model.set('n2', 'deprecated', model.entries.get('n2')?.vectors ?? v1);
    await expectSearchMatchesModel({ store, fx, model });

    await store.apply(
      fx.change({
        usage: [{ id: 'm5', success: true }],
        update: [{ id: 'm4', expectedVersion: 2, status: 'active', reason: 'edit' }],
      }),
    );
    model.set('m4', 'active', model.entries.get('m4')?.vectors ?? v1);
    await expectSearchMatchesModel({ store, fx, model });

    const all = [...model.entries.values()];
    const vectors = await Promise.all(
      all.map(async (e) => {
        const [m] = await store.get({ namespace: NS, ids: [e.id] });
        return { id: e.id, vectors: fx.vectors(m ?? fx.memory({ id: e.id }), WIDE_SPACE.dimension) };
      }),
    );
    await store.reembed({ namespace: NS, space: WIDE_SPACE, vectors });
    for (const v of vectors) model.set(v.id, model.entries.get(v.id)?.status ?? 'active', v.vectors);
    await expectSearchMatchesModel({ store, fx, model, dimension: WIDE_SPACE.dimension });
  });
}

/** Cases: a search query of the wrong length, empty, with a bad k or namespace is refused. */
function defineSearchQueryCases(ctx: ContractContext): void {
  it('validates the query', async () => {
    const store = ctx.store();
    const fx = ctx.fx();
    expect(await store.search({ namespace: NS, field: 'task', queries: [fx.unit()], k: 3 })).toEqual([]);
    await fx.seed(store, [{ id: 'm1' }]);
    await expectCode(store.search({ namespace: NS, field: 'task', queries: [fx.unit(5)], k: 3 }), 'EMBEDDER_MISMATCH');
    await expectCode(store.search({ namespace: NS, field: 'task', queries: [], k: 3 }), 'INVALID_ARGUMENT');
    await expectCode(store.search({ namespace: NS, field: 'task', queries: [fx.unit()], k: 0 }), 'INVALID_ARGUMENT');
    await expectCode(
      store.search({ namespace: NS, field: 'task', queries: [fx.unit(), fx.unit(4)], k: 1 }),
      'INVALID_ARGUMENT',
    );
    await expectCode(
      store.search({ namespace: 'no such ns!', field: 'task', queries: [fx.unit()], k: 1 }),
      'INVALID_ARGUMENT',
    );
  });
}
