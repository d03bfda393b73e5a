import { dotRow } from '../adapters/stores/sqlite/field-matrix.js';

/** The exact top k of a scan: keys (row numbers) best first, and their scores. */
export interface ExactTopK {
  keys: Int32Array;
  scores: Float64Array;
}

/**
 * Brute-force top `k` rows of a flat row-major matrix by dot product with `query` (the cosine for unit vectors),
 * best first, ties by row number: the SQLite store's dense exact path (`dotRow` over its float32 matrix, query in
 * float64), with a k-slot insertion buffer instead of a heap (k is small).
 */
export function exactTopKScan(options: {
  matrix: Float32Array;
  dimension: number;
  rows: number;
  query: Float32Array;
  k: number;
}): ExactTopK {
  const { matrix, dimension, rows, k } = options;
  const query = Float64Array.from(options.query);
  const keys = new Int32Array(k).fill(-1);
  const scores = new Float64Array(k).fill(Number.NEGATIVE_INFINITY);
  let floor = Number.NEGATIVE_INFINITY;
  for (let row = 0, offset = 0; row < rows; row++, offset += dimension) {
    const s = dotRow(matrix, offset, query, dimension);
    if (s <= floor) continue;
    let i = k - 1;
    while (i > 0 && (scores[i - 1] as number) < s) {
      scores[i] = scores[i - 1] as number;
      keys[i] = keys[i - 1] as number;
      i--;
    }
    scores[i] = s;
    keys[i] = row;
    floor = scores[k - 1] as number;
  }
  return { keys, scores };
}
