import { createSeededRandom, type RandomSource } from '../core/random.js';

/** Options of {@link createClusteredVectorSource}. */
export interface ClusteredVectorSourceOptions {
  /** Vector length. */
  dimension: number;
  /** Number of clusters. Default 256. */
  clusters?: number;
  /** Basis directions per cluster (the rank of its structure). Default 16. */
  rank?: number;
  /** Norm of a point's in-cluster component relative to its center (unit norm). Default 0.8. */
  spread?: number;
  /** Norm of the isotropic noise relative to the center. Default 0.25. */
  noise?: number;
  /** Cluster popularity follows 1/(rank+1)^skew (0 = uniform). Default 0.5. */
  skew?: number;
  /** Seed of the clusters themselves (not of the samples). */
  seed: number;
}

/** A seeded distribution of dense unit vectors with cluster structure (see {@link createClusteredVectorSource}). */
export interface ClusteredVectorSource {
  /** One sentence saying how the vectors are made, for bench output. */
  readonly description: string;
  /** `count` fresh samples (seeded by `seed`) as one flat row-major matrix. */
  sample(options: { count: number; seed: number }): Float32Array;
}

/** Standard normal draws from a uniform source (Box–Muller, both outputs used). */
function gaussians(random: RandomSource): () => number {
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const value = spare;
      spare = undefined;
      return value;
    }
    const u = 1 - random();
    const v = random();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

/**
 * Synthetic dense "embeddings" that are not uniform noise: a mixture of clusters, each a unit-norm random center
 * plus a random combination of `rank` random per-cluster basis directions (a low-rank subspace, like the few
 * topics that vary inside a group of related texts) plus small isotropic noise, normalized to unit length.
 * Clusters are drawn with skewed popularity. Queries are fresh samples of the same mixture, never copies.
 */
export function createClusteredVectorSource(options: ClusteredVectorSourceOptions): ClusteredVectorSource {
  const { dimension } = options;
  const clusters = options.clusters ?? 256;
  const rank = options.rank ?? 16;
  const spread = options.spread ?? 0.8;
  const noise = options.noise ?? 0.25;
  const skew = options.skew ?? 0.5;
  const normal = gaussians(createSeededRandom(options.seed));
  const centers = new Float32Array(clusters * dimension);
  const bases = new Float32Array(clusters * rank * dimension);
  const perDimension = 1 / Math.sqrt(dimension);
  for (let i = 0; i < centers.length; i++) centers[i] = normal() * perDimension;
  for (let c = 0; c < clusters; c++) {
    let norm = 0;
    for (let j = 0; j < dimension; j++) norm += (centers[c * dimension + j] as number) ** 2;
    const inv = 1 / Math.sqrt(norm);
    for (let j = 0; j < dimension; j++) centers[c * dimension + j] = (centers[c * dimension + j] as number) * inv;
  }
  for (let i = 0; i < bases.length; i++) bases[i] = normal() * perDimension;
  const cumulative = new Float64Array(clusters);
  let total = 0;
  for (let c = 0; c < clusters; c++) {
    total += 1 / (c + 1) ** skew;
    cumulative[c] = total;
  }

  return {
    description:
      `clustered: ${clusters} clusters (popularity ∝ 1/(i+1)^${skew}), each a unit random center + ` +
      `${spread} × a random N(0,1) combination of ${rank} random per-cluster directions + ` +
      `${noise} × isotropic Gaussian noise, normalized; queries are fresh samples`,
    sample({ count, seed }) {
      const random = createSeededRandom(seed);
      const draw = gaussians(random);
      const out = new Float32Array(count * dimension);
      const coefficients = new Float64Array(rank);
      const coefficientScale = spread / Math.sqrt(rank);
      const noiseScale = noise * perDimension;
      for (let p = 0; p < count; p++) {
        const target = random() * total;
        let lo = 0;
        let hi = clusters - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if ((cumulative[mid] as number) < target) lo = mid + 1;
          else hi = mid;
        }
        const o = p * dimension;
        const centerOffset = lo * dimension;
        for (let j = 0; j < dimension; j++) out[o + j] = (centers[centerOffset + j] as number) + draw() * noiseScale;
        for (let r = 0; r < rank; r++) coefficients[r] = draw() * coefficientScale;
        const basisOffset = lo * rank * dimension;
        for (let r = 0; r < rank; r++) {
          const a = coefficients[r] as number;
          const b = basisOffset + r * dimension;
          for (let j = 0; j < dimension; j++) out[o + j] = (out[o + j] as number) + a * (bases[b + j] as number);
        }
        let norm = 0;
        for (let j = 0; j < dimension; j++) norm += (out[o + j] as number) ** 2;
        const inv = 1 / Math.sqrt(norm);
        for (let j = 0; j < dimension; j++) out[o + j] = (out[o + j] as number) * inv;
      }
      return out;
    },
  };
}
