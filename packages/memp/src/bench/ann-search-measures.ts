import { performance } from 'node:perf_hooks';
import usearch from 'usearch';
import { searchWithRerank } from '../adapters/indexes/search-with-rerank.js';
import { openUsearchVectorIndex, type UsearchTuning } from '../adapters/indexes/usearch-vector-index.js';
import { dotRow } from '../adapters/stores/sqlite/field-matrix.js';

/** Hits per query in the ANN benchmark (recall@K is measured against the exact top K). */
export const ANN_K = 10;
const WARMUP = 50;
const TIE_EPSILON = 1e-6;

/** One search-time setting to measure on the built index. */
export interface AnnSearchSetting {
  /** usearch beam width (ef) at search. */
  expansionSearch: number;
  /** Candidates asked before exact re-ranking. */
  candidates: number;
  /** `searchWithRerank`'s crowd margin (widen while the candidates end inside a crowd). Default: off. */
  crowdMargin?: number;
}

/** Latency percentiles in milliseconds. */
export interface Latency {
  p50: number;
  p99: number;
}

/** Figures of one search setting. */
export interface AnnSearchFigures extends AnnSearchSetting {
  latency: Latency;
  /**
   * Percentiles of each query's fastest run over the passes: the latency without the scheduler's interruptions
   * (the machine is shared), next to the raw `latency` over every run.
   */
  fastestOfPasses: Latency;
  /** Share of returned hits whose exact score reaches the exact 10th score (− 1e-6, as duplicates tie). */
  recallAt10: number;
  /** Queries where the search gave up (the store would fall back to exact search). */
  gaveUp: number;
}

/** p-th percentile (0–100), nearest rank. */
function percentile(values: number[], p: number): number {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

/** p50 and p99 of `times` (milliseconds). */
export function latencyOf(times: number[]): Latency {
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

/** Seconds elapsed since `since` (a `performance.now()` reading). */
export function secondsSince(since: number): number {
  return (performance.now() - since) / 1000;
}

/**
 * Measures one search setting on the saved index at `path`: opens it with the setting's beam width, warms up on the
 * first queries, then times `passes` passes of `searchWithRerank` over every query (single-threaded); recall@10 and
 * the searches that gave up are counted on the first pass, against `tenth` (each query's exact 10th score).
 */
export function measureAnnSearch(options: {
  path: string;
  dimension: number;
  vectors: Float32Array;
  queries: Float32Array;
  queryCount: number;
  tenth: readonly number[];
  passes: number;
  setting: AnnSearchSetting;
}): AnnSearchFigures {
  const { path, dimension, vectors, queries, queryCount, tenth, passes, setting } = options;
  const K = ANN_K;
  const queryAt = (q: number) => queries.slice(q * dimension, (q + 1) * dimension);
  const opened = openUsearchVectorIndex({ path, dimension, expansionSearch: setting.expansionSearch }).index;
  const run = (q: number) => {
    const query = queryAt(q);
    const started = performance.now();
    const q64 = Float64Array.from(query);
    const result = searchWithRerank({
      index: opened,
      query,
      k: K,
      candidates: setting.candidates,
      ...(setting.crowdMargin === undefined ? {} : { crowdMargin: setting.crowdMargin }),
      accept: () => true,
      score: (key) => dotRow(vectors, key * dimension, q64, dimension),
    });
    return { result, ms: performance.now() - started };
  };
  for (let q = 0; q < Math.min(WARMUP, queryCount); q++) run(q);
  const times: number[] = [];
  const fastest = new Array<number>(queryCount).fill(Number.POSITIVE_INFINITY);
  let correct = 0;
  let gaveUp = 0;
  for (let pass = 0; pass < passes; pass++) {
    for (let q = 0; q < queryCount; q++) {
      const { result, ms } = run(q);
      times.push(ms);
      fastest[q] = Math.min(fastest[q] as number, ms);
      if (pass > 0) continue;
      if (!result.complete) gaveUp++;
      const bar = (tenth[q] as number) - TIE_EPSILON;
      for (const hit of result.hits) if (hit.score >= bar) correct++;
    }
  }
  opened.close();
  return {
    ...setting,
    latency: latencyOf(times),
    fastestOfPasses: latencyOf(fastest),
    recallAt10: correct / (queryCount * K),
    gaveUp,
  };
}

/**
 * Opens the file as a usearch memory-mapped view (read-only: usearch refuses adds and removes on it) and times
 * the open and its first 100 re-ranked searches (ef 64, 40 candidates), to compare with a full load.
 */
export function measureAnnView(options: {
  path: string;
  dimension: number;
  queries: Float32Array;
  queryCount: number;
  vectors: Float32Array;
  build: Required<Omit<UsearchTuning, 'expansionSearch'>>;
}): { openSeconds: number; latency: Latency } {
  const { path, dimension, vectors, build } = options;
  const { Index, MetricKind, ScalarKind } = usearch;
  const scalar = { f32: ScalarKind.F32, f16: ScalarKind.F16, bf16: ScalarKind.BF16, i8: ScalarKind.I8 };
  const t = performance.now();
  const native = new Index({
    dimensions: dimension,
    metric: MetricKind.Cos,
    quantization: scalar[build.quantization],
    connectivity: build.connectivity,
    expansion_add: build.expansionAdd,
    expansion_search: 64,
    multi: false,
  });
  native.view(path);
  const openSeconds = secondsSince(t);
  const times: number[] = [];
  for (let q = 0; q < Math.min(100, options.queryCount); q++) {
    const query = options.queries.slice(q * dimension, (q + 1) * dimension);
    const started = performance.now();
    const q64 = Float64Array.from(query);
    const found = native.search(query, 40, 1);
    const scored = Array.from(found.keys, (key) => dotRow(vectors, Number(key) * dimension, q64, dimension));
    scored.sort((a, b) => b - a);
    times.push(performance.now() - started);
  }
  return { openSeconds, latency: latencyOf(times) };
}
