import { createHashingEmbedder } from '../adapters/embedders/hashing-embedder.js';
import { createSeededRandom, hashString } from '../core/random.js';
import type { Embedder } from '../ports/embedder.js';

/** Options of {@link createProjectedDenseEmbedder}. */
export interface ProjectedDenseEmbedderOptions {
  /** Output length. Default 1536 (the size of common hosted embedding models). */
  dimension?: number;
  /** Length of the hashed features projected. Default 512 (the offline embedder's default). */
  hashedDimension?: number;
  /** Norm of the per-text noise added to the unit projected vector. Default 0.15. */
  noise?: number;
  /** Seed of the projection matrix. Default 7. */
  seed?: number;
  /**
   * Texts whose vectors are kept (first in, first out), since a benchmark embeds the same keywords and many of
   * the same tasks again and again. Default 20,000 (about 120 MB at 1,536-d); 0 keeps none.
   */
  cacheEntries?: number;
}

/**
 * Standard normal draws (Box–Muller) from a seeded uniform source. Each pair of uniforms gives two normals (the
 * cosine and the sine branch), so a 1,536-d noise vector costs 768 logarithms rather than 1,536.
 */
function normals(seed: number | string): () => number {
  const random = createSeededRandom(seed);
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const value = spare;
      spare = undefined;
      return value;
    }
    const radius = Math.sqrt(-2 * Math.log(1 - random()));
    const angle = 2 * Math.PI * random();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
}

/**
 * A stand-in for a dense embedding model with the near-duplicate structure of real text, for benchmarks: the
 * offline hashing features of the text, multiplied by a fixed random Gaussian matrix into `dimension` dense
 * coordinates, plus noise seeded by the text itself, normalised.
 *
 * Why this shape: a dense model puts near-duplicate texts close together, fills every coordinate and almost never
 * gives two different texts exactly the same score. A Gaussian random projection keeps the cosines of the hashed
 * features up to a small distortion (Johnson–Lindenstrauss), so the neighbourhoods of near-duplicates carry over,
 * and makes every coordinate dense; the noise (deterministic per text, as a model is) breaks the exact score ties
 * that hashed features give sentences differing only by a number, and stands for what a model adds beyond word
 * overlap. Its figures are not a real model's, but the index faces the same problem: many vectors crowded around
 * each query.
 */
export function createProjectedDenseEmbedder(options: ProjectedDenseEmbedderOptions = {}): Embedder {
  const dimension = options.dimension ?? 1536;
  const hashedDimension = options.hashedDimension ?? 512;
  const noise = options.noise ?? 0.15;
  const seed = options.seed ?? 7;
  const cacheEntries = options.cacheEntries ?? 20_000;
  const hashing = createHashingEmbedder({ dimension: hashedDimension });
  // Row j of the matrix is the image of hashed bucket j, so a sparse input costs one row per non-zero bucket.
  const normal = normals(seed);
  const scale = 1 / Math.sqrt(dimension);
  const matrix = new Float32Array(hashedDimension * dimension);
  for (let i = 0; i < matrix.length; i++) matrix[i] = normal() * scale;
  const project = (text: string, hashed: Float32Array): Float32Array => {
    const out = new Float64Array(dimension);
    for (let j = 0; j < hashedDimension; j++) {
      const x = hashed[j] as number;
      if (x === 0) continue;
      const row = j * dimension;
      for (let i = 0; i < dimension; i++) out[i] = (out[i] as number) + x * (matrix[row + i] as number);
    }
    let norm = 0;
    for (const v of out) norm += v * v;
    const unit = 1 / Math.sqrt(norm || 1);
    const textNoise = normals(hashString(text));
    const noiseScale = noise / Math.sqrt(dimension);
    const vector = new Float32Array(dimension);
    let total = 0;
    for (let i = 0; i < dimension; i++) {
      const v = (out[i] as number) * unit + textNoise() * noiseScale;
      vector[i] = v;
      total += v * v;
    }
    const inverse = 1 / Math.sqrt(total);
    for (let i = 0; i < dimension; i++) vector[i] = (vector[i] as number) * inverse;
    return vector;
  };
  const cache = new Map<string, Float32Array>();
  const remember = (text: string, vector: Float32Array): void => {
    if (cacheEntries <= 0) return;
    if (cache.size >= cacheEntries) cache.delete(cache.keys().next().value as string);
    cache.set(text, vector);
  };
  return {
    specificationVersion: 'v1',
    // v2: the noise draws both Box–Muller branches (other vectors than v1 for the same text).
    id: `bench-projected-v2-${hashing.id}-${dimension}-noise${noise}-seed${seed}`,
    dimension,
    async embed(texts) {
      // Taken from the cache before anything new goes in (which may push them out).
      const found = new Map<string, Float32Array>();
      for (const text of texts) {
        const vector = cache.get(text);
        if (vector !== undefined) found.set(text, vector);
      }
      const missing = [...new Set(texts.filter((text) => !found.has(text)))];
      const hashed = await hashing.embed(missing);
      missing.forEach((text, i) => {
        const vector = project(text, hashed[i] as Float32Array);
        found.set(text, vector);
        remember(text, vector);
      });
      // A copy each time: callers may normalise or otherwise change the vectors they get.
      return texts.map((text) => (found.get(text) as Float32Array).slice());
    },
  };
}
