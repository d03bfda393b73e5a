import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../../core/random.js';
import { FieldMatrix, dotSparse } from './field-matrix.js';

/** A random sparse vector: `nonZero` entries of mixed sign and magnitude on random dimensions. */
function sparseVector(random: () => number, dimension: number, nonZero: number): Float32Array {
  const v = new Float32Array(dimension);
  for (let i = 0; i < nonZero; i++) v[Math.floor(random() * dimension)] = (random() - 0.5) * 10 ** (random() * 4 - 2);
  return v;
}

/** The scores of every vector of `matrix` for `query`, through the postings. */
function scoresOf(matrix: FieldMatrix, query: Float64Array): Float64Array {
  const scores = new Float64Array(matrix.vectors).fill(Number.NaN);
  matrix.scoreSparse(query, scores);
  return scores;
}

describe('FieldMatrix.scoreSparse', () => {
  it('gives every vector the same bits as dotSparse, also after later appends, removals and compaction', () => {
    const rng = createSeededRandom(7);
    const random = rng;
    const dimension = 64;
    const matrix = new FieldMatrix({ dimension, capacity: 8 });
    const check = () => {
      for (let i = 0; i < 5; i++) {
        const query = Float64Array.from(sparseVector(random, dimension, 1 + Math.floor(random() * 20)));
        const scores = scoresOf(matrix, query);
        for (let c = 0; c < matrix.vectors; c++) expect(Object.is(scores[c], dotSparse(matrix, c, query))).toBe(true);
      }
    };
    for (let slot = 0; slot < 1500; slot++) matrix.append(slot, sparseVector(random, dimension, 1 + (slot % 12)));
    expect(matrix.sparse).toBe(true);
    check(); // builds the postings
    for (let slot = 1500; slot < 3000; slot++) matrix.append(slot, sparseVector(random, dimension, 1 + (slot % 9)));
    check(); // kept up to date by appends
    for (let slot = 0; slot < 2500; slot++) matrix.removeSlot(slot); // compacts: the postings are rebuilt
    expect(matrix.rows).toBeLessThan(3000);
    for (let slot = 3000; slot < 3100; slot++) matrix.append(slot, sparseVector(random, dimension, 3));
    check();
  });

  it('scores a vector without a shared dimension 0, and an all-zero query scores every vector 0', () => {
    const matrix = new FieldMatrix({ dimension: 8, capacity: 4 });
    matrix.append(0, Float32Array.from([1, 0, 0, 0, 0, 0, 0, 0]));
    matrix.append(1, Float32Array.from([0, -2, 0, 0, 0, 0, 0, 0.5]));
    expect(Array.from(scoresOf(matrix, Float64Array.from([0, 3, 0, 0, 0, 0, 0, 2])))).toEqual([0, -5]);
    expect(Array.from(scoresOf(matrix, new Float64Array(8)))).toEqual([0, 0]);
  });
});

describe('FieldMatrix.removeSlot', () => {
  it('marks the rows of a slot dead, and leaves every row alone for a slot without rows', () => {
    const matrix = new FieldMatrix({ dimension: 4, capacity: 4 });
    const a = Float32Array.from([1, 0, 0, 0]);
    const b = Float32Array.from([0, 1, 0, 0]);
    matrix.append(0, a);
    matrix.append(1, a);
    matrix.append(1, b);
    matrix.append(2, b);
    const live = () => Array.from(matrix.owner.subarray(0, matrix.rows)).filter((o) => o >= 0);
    matrix.removeSlot(7);
    matrix.removeSlot(1000);
    expect(live()).toEqual([0, 1, 1, 2]);
    matrix.removeSlot(1);
    expect(live()).toEqual([0, 2]);
    expect(matrix.vectorOf(1)).toBe(-1);
    expect([...matrix.slotsOf(matrix.vectorOf(0))]).toEqual([0]);
    expect([...matrix.slotsOf(matrix.vectorOf(2))]).toEqual([2]);
    matrix.append(1, b);
    expect(live()).toEqual([0, 2, 1]);
    expect(matrix.vectorOf(1)).toBe(matrix.vectorOf(2));
  });
});
