import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as zlib from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isMempError } from '../../core/errors.js';
import { createSeededRandom } from '../../core/random.js';
import type { ApproximateVectorIndex } from '../../ports/approximate-vector-index.js';
import { searchWithRerank } from './search-with-rerank.js';
import { createUsearchVectorIndex, openUsearchVectorIndex } from './usearch-vector-index.js';

const DIM = 16;

/** `count` random unit vectors (seeded) as one flat matrix. */
function unitRows(count: number, seed: number, dimension = DIM): Float32Array {
  const random = createSeededRandom(seed);
  const out = new Float32Array(count * dimension);
  for (let r = 0; r < count; r++) {
    let norm = 0;
    for (let j = 0; j < dimension; j++) {
      const v = random() * 2 - 1;
      out[r * dimension + j] = v;
      norm += v * v;
    }
    const inv = 1 / Math.sqrt(norm);
    for (let j = 0; j < dimension; j++) out[r * dimension + j] = (out[r * dimension + j] as number) * inv;
  }
  return out;
}

function row(matrix: Float32Array, i: number, dimension = DIM): Float32Array {
  return matrix.slice(i * dimension, (i + 1) * dimension);
}

function dot(matrix: Float32Array, i: number, q: Float32Array): number {
  let s = 0;
  for (let j = 0; j < q.length; j++) s += (matrix[i * q.length + j] as number) * (q[j] as number);
  return s;
}

/** Brute-force top-k keys (key = row + 1), best first, ties by key. */
function exactTopK(matrix: Float32Array, count: number, q: Float32Array, k: number, accept = (_: number) => true) {
  const hits: Array<{ key: number; score: number }> = [];
  for (let i = 0; i < count; i++) if (accept(i + 1)) hits.push({ key: i + 1, score: dot(matrix, i, q) });
  hits.sort((a, b) => b.score - a.score || a.key - b.key);
  return hits.slice(0, k);
}

function keysFor(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i + 1);
}

function expectCode(fn: () => unknown, code: string, reason?: string): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(isMempError(caught)).toBe(true);
  if (!isMempError(caught)) return;
  expect(caught.code).toBe(code);
  if (reason !== undefined) expect(caught.details['reason']).toBe(reason);
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'memp-ann-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function built(count: number, seed = 1): { index: ApproximateVectorIndex; data: Float32Array } {
  const data = unitRows(count, seed);
  const index = createUsearchVectorIndex({ dimension: DIM });
  index.add({ keys: keysFor(count), vectors: data });
  return { index, data };
}

describe('createUsearchVectorIndex', () => {
  it('agrees exactly with brute force on a tiny set after re-ranking', () => {
    const { index, data } = built(300);
    expect(index.size).toBe(300);
    expect(index.dimension).toBe(DIM);
    const queries = unitRows(25, 99);
    for (let q = 0; q < 25; q++) {
      const query = row(queries, q);
      const result = searchWithRerank({
        index,
        query,
        k: 10,
        accept: () => true,
        score: (key) => dot(data, key - 1, query),
      });
      expect(result.complete).toBe(true);
      expect(result.hits).toEqual(exactTopK(data, 300, query, 10));
    }
  });

  it('finds an indexed vector as its own nearest neighbour', () => {
    const { index, data } = built(200);
    for (const key of [1, 57, 200]) expect(index.search({ query: row(data, key - 1), count: 1 })).toEqual([key]);
  });

  it('reads a query given as a subarray at its offset (usearch ignores offsets; the adapter copies)', () => {
    const { index, data } = built(200);
    const view = data.subarray(57 * DIM, 58 * DIM);
    expect(index.search({ query: view, count: 5 })).toEqual(index.search({ query: view.slice(), count: 5 }));
    expect(index.search({ query: view, count: 1 })).toEqual([58]);
  });

  it('refuses bad adds without adding anything', () => {
    const { index } = built(50);
    const two = unitRows(2, 7);
    expectCode(() => index.add({ keys: [51, 3], vectors: two }), 'INVALID_ARGUMENT');
    expectCode(() => index.add({ keys: [60, 60], vectors: two }), 'INVALID_ARGUMENT');
    expectCode(() => index.add({ keys: [61, -1], vectors: two }), 'INVALID_ARGUMENT');
    expectCode(() => index.add({ keys: [62, 2 ** 53], vectors: two }), 'INVALID_ARGUMENT');
    expectCode(() => index.add({ keys: [63, 64], vectors: two.slice(0, DIM) }), 'INVALID_ARGUMENT');
    const bad = two.slice();
    bad[DIM + 3] = Number.NaN;
    expectCode(() => index.add({ keys: [65, 66], vectors: bad }), 'INVALID_ARGUMENT');
    expect(index.size).toBe(50);
    for (const key of [51, 60, 61, 62, 63, 65, 66]) expect(index.has(key)).toBe(false);
  });

  it('keys near 2^53 round-trip exactly', () => {
    const index = createUsearchVectorIndex({ dimension: DIM });
    const big = Number.MAX_SAFE_INTEGER;
    const vectors = unitRows(2, 3);
    index.add({ keys: [big, big - 1], vectors });
    expect(index.search({ query: row(vectors, 0), count: 1 })).toEqual([big]);
    expect(index.has(big - 1)).toBe(true);
  });

  it('remove() hides a key from every later search', () => {
    const { index, data } = built(300);
    const query = row(data, 41);
    expect(index.search({ query, count: 1 })).toEqual([42]);
    expect(index.remove(42)).toBe(true);
    expect(index.remove(42)).toBe(false);
    expect(index.has(42)).toBe(false);
    expect(index.size).toBe(299);
    expect(index.search({ query, count: 300 })).not.toContain(42);
    const result = searchWithRerank({
      index,
      query,
      k: 10,
      accept: () => true,
      score: (key) => dot(data, key - 1, query),
    });
    expect(result.hits).toEqual(exactTopK(data, 300, query, 10, (key) => key !== 42));
  });

  it('refuses use after close', () => {
    const { index } = built(10);
    index.close();
    index.close();
    expectCode(() => index.size, 'STORAGE_FAILED');
    expectCode(() => index.search({ query: new Float32Array(DIM), count: 1 }), 'STORAGE_FAILED');
  });
});

describe('save and openUsearchVectorIndex', () => {
  it('round-trips the index and the metadata: equal search results, removed keys stay removed', () => {
    const { index } = built(500);
    index.remove(7);
    const path = join(dir, 'ns.vidx');
    const metadata = { embedder: 'hashing-v1-16', dimension: DIM, maxKey: 500, nested: { list: [1, 'a', null] } };
    index.save({ path, metadata });
    const opened = openUsearchVectorIndex({ path, dimension: DIM });
    expect(opened.metadata).toEqual(metadata);
    expect(opened.index.size).toBe(499);
    expect(opened.index.has(7)).toBe(false);
    expect(opened.index.has(8)).toBe(true);
    const queries = unitRows(20, 5);
    for (let q = 0; q < 20; q++) {
      const query = row(queries, q);
      expect(opened.index.search({ query, count: 20 })).toEqual(index.search({ query, count: 20 }));
    }
    // The opened index stays writable.
    opened.index.add({ keys: [501], vectors: unitRows(1, 77) });
    expect(opened.index.has(501)).toBe(true);
    expect(readdirSync(dir)).toEqual(['ns.vidx']);
  });

  it('replaces an existing file atomically and leaves no temp file behind', () => {
    const path = join(dir, 'ns.vidx');
    const { index } = built(100);
    index.save({ path, metadata: { maxKey: 100 } });
    index.add({ keys: [101], vectors: unitRows(1, 3) });
    index.save({ path, metadata: { maxKey: 101 } });
    const opened = openUsearchVectorIndex({ path, dimension: DIM });
    expect(opened.metadata).toEqual({ maxKey: 101 });
    expect(opened.index.size).toBe(101);
    expect(readdirSync(dir)).toEqual(['ns.vidx']);
  });

  it('refuses metadata that is not a JSON object, writing nothing', () => {
    const { index } = built(10);
    const path = join(dir, 'ns.vidx');
    expectCode(() => index.save({ path, metadata: { n: 10n } }), 'INVALID_ARGUMENT');
    expectCode(() => index.save({ path, metadata: { n: Number.NaN } }), 'INVALID_ARGUMENT');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('reports a failed write as STORAGE_FAILED', () => {
    const { index } = built(10);
    expectCode(() => index.save({ path: join(dir, 'missing-dir', 'ns.vidx'), metadata: {} }), 'STORAGE_FAILED');
  });

  it('refuses a missing, truncated, garbage, damaged or other-dimension file with a code', () => {
    const { index } = built(400);
    const path = join(dir, 'ns.vidx');
    index.save({ path, metadata: { maxKey: 400 } });
    const bytes = readFileSync(path);

    expectCode(() => openUsearchVectorIndex({ path: join(dir, 'none.vidx'), dimension: DIM }), 'NOT_FOUND');
    expectCode(() => openUsearchVectorIndex({ path, dimension: 32 }), 'STORAGE_FAILED', 'dimension-mismatch');

    const truncated = join(dir, 'truncated.vidx');
    for (const length of [0, 10, Math.floor(bytes.length / 2), bytes.length - 1]) {
      writeFileSync(truncated, bytes.subarray(0, length));
      expectCode(() => openUsearchVectorIndex({ path: truncated, dimension: DIM }), 'STORAGE_FAILED');
    }

    const garbage = join(dir, 'garbage.vidx');
    writeFileSync(garbage, Buffer.alloc(5000, 7));
    expectCode(() => openUsearchVectorIndex({ path: garbage, dimension: DIM }), 'STORAGE_FAILED', 'not-an-index');

    const damaged = join(dir, 'damaged.vidx');
    const flipped = Buffer.from(bytes);
    flipped[Math.floor(bytes.length / 3)] = (flipped[Math.floor(bytes.length / 3)] as number) ^ 0xff;
    writeFileSync(damaged, flipped);
    expectCode(() => openUsearchVectorIndex({ path: damaged, dimension: DIM }), 'STORAGE_FAILED', 'corrupt');

    // A bare usearch file (no memp trailer) is not ours.
    const bare = join(dir, 'bare.usearch');
    writeFileSync(bare, bytes.subarray(0, bytes.length - 200));
    expectCode(() => openUsearchVectorIndex({ path: bare, dimension: DIM }), 'STORAGE_FAILED');
  });

  it('refuses a file of another format version', () => {
    const { index } = built(20);
    const path = join(dir, 'ns.vidx');
    index.save({ path, metadata: {} });
    const bytes = Buffer.from(readFileSync(path));
    const trailer = bytes.length - 40;
    bytes.writeUInt32LE(999, trailer + 8);
    bytes.writeUInt32LE(zlib.crc32(bytes.subarray(trailer, trailer + 36)), trailer + 36);
    writeFileSync(path, bytes);
    expectCode(() => openUsearchVectorIndex({ path, dimension: DIM }), 'STORAGE_FAILED', 'format-version');
  });

  it('applies the expansionSearch given at open', () => {
    const data = unitRows(3000, 11, 32);
    const index = createUsearchVectorIndex({ dimension: 32, connectivity: 4, expansionAdd: 8 });
    index.add({ keys: keysFor(3000), vectors: data });
    const path = join(dir, 'ns.vidx');
    index.save({ path, metadata: {} });
    const queries = unitRows(50, 12, 32);
    const recall = (opened: ApproximateVectorIndex): number => {
      let hits = 0;
      for (let q = 0; q < 50; q++) {
        const query = row(queries, q, 32);
        const truth = new Set(exactTopK(data, 3000, query, 10).map((h) => h.key));
        for (const key of opened.search({ query, count: 10 })) if (truth.has(key)) hits++;
      }
      return hits / 500;
    };
    const narrow = recall(openUsearchVectorIndex({ path, dimension: 32, expansionSearch: 1 }).index);
    const wide = recall(openUsearchVectorIndex({ path, dimension: 32, expansionSearch: 500 }).index);
    // A beam of 1 on a sparse graph misses most neighbours; a beam of 500 finds nearly all (f16 rounding can still
    // swap the 10th and 11th).
    expect(narrow).toBeLessThan(0.5);
    expect(wide).toBeGreaterThan(0.9);
  });
});
