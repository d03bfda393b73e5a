import { describe, expect, it } from 'vitest';
import { isMempError } from '../../core/errors.js';
import { createSeededRandom } from '../../core/random.js';
import { searchWithRerank } from './search-with-rerank.js';
import { createUsearchVectorIndex } from './usearch-vector-index.js';

const DIM = 24;

function unitRows(count: number, seed: number): Float32Array {
  const random = createSeededRandom(seed);
  const out = new Float32Array(count * DIM);
  for (let r = 0; r < count; r++) {
    let norm = 0;
    for (let j = 0; j < DIM; j++) {
      const v = random() * 2 - 1;
      out[r * DIM + j] = v;
      norm += v * v;
    }
    for (let j = 0; j < DIM; j++) out[r * DIM + j] = (out[r * DIM + j] as number) / Math.sqrt(norm);
  }
  return out;
}

function setup(count: number) {
  const data = unitRows(count, 3);
  const index = createUsearchVectorIndex({ dimension: DIM });
  index.add({ keys: Array.from({ length: count }, (_, i) => i + 1), vectors: data });
  const score = (query: Float32Array) => (key: number) => {
    let s = 0;
    for (let j = 0; j < DIM; j++) s += (data[(key - 1) * DIM + j] as number) * (query[j] as number);
    return s;
  };
  const exact = (query: Float32Array, k: number, accept: (key: number) => boolean, minScore = -Infinity) => {
    const scorer = score(query);
    const hits: Array<{ key: number; score: number }> = [];
    for (let key = 1; key <= count; key++) {
      if (!accept(key)) continue;
      const s = scorer(key);
      if (s >= minScore) hits.push({ key, score: s });
    }
    hits.sort((a, b) => b.score - a.score || a.key - b.key);
    return hits.slice(0, k);
  };
  return { data, index, score, exact };
}

describe('searchWithRerank', () => {
  it('widens when most candidates are rejected and still returns the exact top k', () => {
    const { index, score, exact } = setup(3000);
    const accept = (key: number) => key % 50 === 0; // 60 acceptable keys out of 3000
    const queries = unitRows(10, 8);
    let widened = 0;
    for (let q = 0; q < 10; q++) {
      const query = queries.slice(q * DIM, (q + 1) * DIM);
      const result = searchWithRerank({ index, query, k: 5, accept, score: score(query), maxWidenings: 5 });
      expect(result.complete).toBe(true);
      expect(result.hits.every((hit) => hit.key % 50 === 0)).toBe(true);
      expect(result.hits).toHaveLength(5);
      widened += result.widenings;
      // With ≥ 5·40·4 candidates of 3000 the approximate search is near-exhaustive; compare the set.
      expect(result.hits.map((h) => h.key)).toEqual(exact(query, 5, accept).map((h) => h.key));
    }
    expect(widened).toBeGreaterThan(0);
  });

  it('gives up (complete: false) when widening is exhausted, so the caller can fall back', () => {
    const { index, score } = setup(3000);
    const query = unitRows(1, 9);
    const result = searchWithRerank({
      index,
      query,
      k: 10,
      accept: (key) => key === 1234,
      score: score(query),
      maxWidenings: 1,
    });
    expect(result.complete).toBe(false);
    expect(result.widenings).toBe(1);
    expect(result.asked).toBe(160);
  });

  it('is complete when it asked for everything the index holds', () => {
    const { index, score, exact } = setup(200);
    const query = unitRows(1, 10);
    const accept = (key: number) => key === 17 || key === 99;
    const result = searchWithRerank({ index, query, k: 10, accept, score: score(query) });
    expect(result.complete).toBe(true);
    expect(result.asked).toBe(200);
    expect(result.hits).toEqual(exact(query, 10, accept));
  });

  it('reports incomplete when the index hides some of its vectors', () => {
    const index = { size: 5, search: () => [1, 2, 3] };
    const result = searchWithRerank({ index, query: new Float32Array(2), k: 4, accept: () => true, score: () => 0.5 });
    expect(result.complete).toBe(false);
    expect(result.hits.map((h) => h.key)).toEqual([1, 2, 3]);
  });

  it('cuts at minScore without widening once the frontier passes the cut', () => {
    const { index, score, exact } = setup(2000);
    const query = unitRows(1, 11);
    const all = exact(query, 2000, () => true);
    const minScore = (all[3] as { score: number }).score; // exactly 4 keys reach it
    const result = searchWithRerank({ index, query, k: 10, accept: () => true, score: score(query), minScore });
    expect(result.complete).toBe(true);
    expect(result.widenings).toBe(0);
    expect(result.hits).toEqual(all.slice(0, 4));
  });

  it('orders ties by key and calls accept and score once per key', () => {
    const index = createUsearchVectorIndex({ dimension: 4 });
    const v = new Float32Array([1, 0, 0, 0]);
    const rows = new Float32Array(4 * 6);
    for (let r = 0; r < 6; r++) rows.set(r < 4 ? v : [0, 1, 0, 0], r * 4);
    index.add({ keys: [40, 10, 30, 20, 50, 60], vectors: rows });
    const accepted: number[] = [];
    const scored: number[] = [];
    const result = searchWithRerank({
      index,
      query: v,
      k: 3,
      candidates: 2,
      accept: (key) => {
        accepted.push(key);
        return key !== 10;
      },
      score: (key) => {
        scored.push(key);
        return key <= 40 ? 1 : 0;
      },
    });
    expect(result.hits).toEqual([
      { key: 20, score: 1 },
      { key: 30, score: 1 },
      { key: 40, score: 1 },
    ]);
    expect(new Set(accepted).size).toBe(accepted.length);
    expect(new Set(scored).size).toBe(scored.length);
  });

  it('handles k = 0, an empty index, and rejects bad arguments with INVALID_ARGUMENT', () => {
    const empty = createUsearchVectorIndex({ dimension: DIM });
    const query = unitRows(1, 1);
    const base = { query, accept: () => true, score: () => 1 };
    expect(searchWithRerank({ ...base, index: empty, k: 5 })).toEqual({
      hits: [],
      complete: true,
      asked: 0,
      widenings: 0,
    });
    const { index } = setup(10);
    expect(searchWithRerank({ ...base, index, k: 0 }).hits).toEqual([]);
    for (const bad of [{ k: -1 }, { k: 1.5 }, { k: 3, candidates: 0 }, { k: 3, maxWidenings: -2 }]) {
      let caught: unknown;
      try {
        searchWithRerank({ ...base, index, ...bad });
      } catch (error) {
        caught = error;
      }
      expect(isMempError(caught, 'INVALID_ARGUMENT')).toBe(true);
    }
  });

  describe('crowdMargin', () => {
    // An index that cannot tell a crowd of near-duplicates apart: it returns the keys in an order unrelated to their
    // exact scores (key 1000 − i scores 0.9 + i·1e-5, so the best keys come last in its order).
    const crowd = 1000;
    const exactScore = (key: number) => 0.9 + (crowd - key) * 1e-5;
    const blindIndex = {
      size: crowd,
      search: ({ count }: { count: number }) => Array.from({ length: Math.min(count, crowd) }, (_, i) => crowd - i),
    };
    const base = { index: blindIndex, query: new Float32Array(DIM), k: 10, accept: () => true, score: exactScore };

    it('off by default: the top k of the first candidates, inside the crowd', () => {
      const result = searchWithRerank(base);
      expect(result.widenings).toBe(0);
      expect(result.hits[0]?.key).toBe(crowd - 39);
    });

    it('widens while the lowest candidate scores within the margin of the k-th, up to maxWidenings', () => {
      const result = searchWithRerank({ ...base, crowdMargin: 0.02, maxWidenings: 5 });
      expect(result.widenings).toBe(3); // 40 → 160 → 640 → 1000 (all of it)
      expect(result.asked).toBe(crowd);
      expect(result.complete).toBe(true);
      expect(result.hits.map((h) => h.key)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      const bounded = searchWithRerank({ ...base, crowdMargin: 0.02, maxWidenings: 1 });
      expect(bounded).toMatchObject({ widenings: 1, asked: 160, complete: true });
    });

    it('does not widen when the candidates end clearly below the k-th score', () => {
      const spread = { ...base, score: (key: number) => 1 - key * 0.01 };
      const result = searchWithRerank({
        ...spread,
        index: { ...blindIndex, search: ({ count }) => Array.from({ length: count }, (_, i) => i + 1) },
        crowdMargin: 0.02,
      });
      expect(result.widenings).toBe(0);
      expect(result.hits.map((h) => h.key)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    });
  });
});
