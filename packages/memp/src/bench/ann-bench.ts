import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import usearch from 'usearch';
import {
  RERANK_CANDIDATES_PER_HIT,
  RERANK_MIN_CANDIDATES,
  searchWithRerank,
} from '../adapters/indexes/search-with-rerank.js';
import {
  createUsearchVectorIndex,
  openUsearchVectorIndex,
  USEARCH_DEFAULT_TUNING,
  type UsearchTuning,
} from '../adapters/indexes/usearch-vector-index.js';
import { dotRow } from '../adapters/stores/sqlite/field-matrix.js';
import { TASK_INDEX_TUNING, taskIndexConnectivity } from '../adapters/stores/sqlite/namespace-task-index.js';
import { type AnnDataKind, generateAnnBenchData } from './ann-bench-data.js';
import { exactTopKScan } from './exact-top-k-scan.js';

const K = 10;
const WARMUP = 50;
const TIE_EPSILON = 1e-6;

/** One search-time setting to measure on the built index. */
export interface AnnSearchSetting {
  /** usearch beam width (ef) at search. */
  expansionSearch: number;
  /** Candidates asked before exact re-ranking. */
  candidates: number;
}

/** One case of {@link runAnnBench}. */
export interface AnnBenchCase {
  kind: AnnDataKind;
  /** Vectors indexed. */
  size: number;
  /** Vector length (hashing kinds: embedder dimension). Default 512. */
  dimension?: number;
  /** Fresh query vectors. Default 500. */
  queries?: number;
  /** Data seed. Default 5. */
  seed?: number;
  /** Build-time settings (quantization, connectivity, expansionAdd, addThreads); the index defaults otherwise. */
  build?: Omit<UsearchTuning, 'expansionSearch'>;
  /** Search-time settings, each measured on the same saved index. Default: the index's and re-rank's defaults. */
  search?: AnnSearchSetting[];
  /** Timed passes over the queries per search setting. Default 3. */
  passes?: number;
  /** Also time opening the file as a memory-mapped (read-only) view. Default true. */
  measureView?: boolean;
  /** Progress lines. Default: none. */
  log?: (line: string) => void;
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

/** Figures of one {@link AnnBenchCase}. */
export interface AnnBenchResult {
  kind: AnnDataKind;
  size: number;
  dimension: number;
  queries: number;
  description: string;
  build: Required<Omit<UsearchTuning, 'expansionSearch'>>;
  dataSeconds: number;
  /** Brute-force float32 scan + top 10 (the store's dense exact path). */
  exact: Latency;
  buildSeconds: number;
  fileBytes: number;
  saveSeconds: number;
  /** Opening the saved file with `openUsearchVectorIndex` (full load), checksum verified / not. */
  openSeconds: number;
  openUnverifiedSeconds: number;
  /** Opening as a memory-mapped view and the latency of its first queries (undefined when not measured). */
  view?: { openSeconds: number; latency: Latency };
  search: AnnSearchFigures[];
  peakRssMB: number;
  loadAverage: number[];
}

/** p-th percentile (0–100), nearest rank. */
function percentile(values: number[], p: number): number {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

function latencyOf(times: number[]): Latency {
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

function seconds(since: number): number {
  return (performance.now() - since) / 1000;
}

/**
 * Runs one ANN case: makes the data, measures exact search (which also gives the ground truth), builds a usearch
 * index with the default (or given) build settings, saves and re-opens it, and for each search setting measures
 * `searchWithRerank` latency and recall@10 against exact. Single-threaded searches; `addThreads` for the build.
 */
export async function runAnnBench(options: AnnBenchCase): Promise<AnnBenchResult> {
  const log = options.log ?? (() => {});
  const queryCount = options.queries ?? 500;
  const passes = options.passes ?? 3;
  const settings = options.search ?? [
    {
      expansionSearch: TASK_INDEX_TUNING.expansionSearch,
      candidates: Math.max(RERANK_MIN_CANDIDATES, RERANK_CANDIDATES_PER_HIT * K),
    },
  ];
  const tStart = performance.now();
  const data = await generateAnnBenchData({
    kind: options.kind,
    size: options.size,
    queries: queryCount,
    ...(options.dimension === undefined ? {} : { dimension: options.dimension }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  });
  const { dimension, vectors, queries } = data;
  const size = options.size;
  const dataSeconds = seconds(tStart);
  log(`data ready in ${dataSeconds.toFixed(1)} s: ${data.description}`);

  const queryAt = (q: number) => queries.slice(q * dimension, (q + 1) * dimension);
  const tenth: number[] = [];
  const exactTimes: number[] = [];
  for (let q = 0; q < queryCount; q++) {
    const query = queryAt(q);
    const t = performance.now();
    const top = exactTopKScan({ matrix: vectors, dimension, rows: size, query, k: K });
    exactTimes.push(performance.now() - t);
    tenth.push(top.scores[K - 1] as number);
  }
  const exact = latencyOf(exactTimes);
  log(`exact p50 ${exact.p50.toFixed(2)} ms`);

  const { expansionSearch: _, ...adapterDefaults } = USEARCH_DEFAULT_TUNING;
  const { expansionSearch: __, ...storeBuild } = TASK_INDEX_TUNING;
  const build = {
    ...adapterDefaults,
    ...storeBuild,
    connectivity: taskIndexConnectivity(dimension),
    ...options.build,
  };
  const index = createUsearchVectorIndex({ dimension, ...build });
  const keys = Array.from({ length: size }, (_, i) => i);
  let t = performance.now();
  index.add({ keys, vectors });
  const buildSeconds = seconds(t);
  log(`built in ${buildSeconds.toFixed(1)} s`);

  const dir = mkdtempSync(join(tmpdir(), 'memp-ann-bench-'));
  try {
    const path = join(dir, 'index.vidx');
    t = performance.now();
    index.save({ path, metadata: { kind: options.kind, size } });
    const saveSeconds = seconds(t);
    const fileBytes = statSync(path).size;
    index.close();

    t = performance.now();
    openUsearchVectorIndex({ path, dimension, verifyChecksum: false }).index.close();
    const openUnverifiedSeconds = seconds(t);
    t = performance.now();
    openUsearchVectorIndex({ path, dimension }).index.close();
    const openSeconds = seconds(t);

    const search: AnnSearchFigures[] = [];
    for (const setting of settings) {
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
      const figures = {
        ...setting,
        latency: latencyOf(times),
        fastestOfPasses: latencyOf(fastest),
        recallAt10: correct / (queryCount * K),
        gaveUp,
      };
      search.push(figures);
      log(
        `ef ${setting.expansionSearch} candidates ${setting.candidates}: p50 ${figures.latency.p50.toFixed(3)} ms ` +
          `p99 ${figures.latency.p99.toFixed(3)} ms (fastest of ${passes}: p99 ${figures.fastestOfPasses.p99.toFixed(3)} ms) ` +
          `recall@10 ${figures.recallAt10.toFixed(4)}`,
      );
    }

    let view: AnnBenchResult['view'];
    if (options.measureView ?? true) view = measureView({ path, dimension, queries, queryCount, vectors, build });
    return {
      kind: options.kind,
      size,
      dimension,
      queries: queryCount,
      description: data.description,
      build,
      dataSeconds,
      exact,
      buildSeconds,
      fileBytes,
      saveSeconds,
      openSeconds,
      openUnverifiedSeconds,
      ...(view === undefined ? {} : { view }),
      search,
      peakRssMB: process.resourceUsage().maxRSS / 1024,
      loadAverage: loadavg().map((x) => Number(x.toFixed(2))),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Opens the file as a usearch memory-mapped view (read-only: usearch refuses adds and removes on it) and times
 * the open and its first 100 re-ranked searches (ef 64, 40 candidates), to compare with a full load.
 */
function measureView(options: {
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
  const openSeconds = seconds(t);
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

/** The figures of one case as report lines (side by side: exact vs ANN + re-rank per search setting). */
export function formatAnnBenchResult(r: AnnBenchResult): string[] {
  const ms = (x: number) => x.toFixed(x < 10 ? 3 : 1);
  const lines = [
    `## ${r.kind} ${r.dimension}-d, ${r.size.toLocaleString('en-US')} vectors, ${r.queries} queries, k=${K}`,
    `data: ${r.description}`,
    `index: usearch HNSW cos ${r.build.quantization} M=${r.build.connectivity} efAdd=${r.build.expansionAdd}, ` +
      `build ${r.buildSeconds.toFixed(1)} s (${Math.round(r.size / r.buildSeconds)} vectors/s, ` +
      `${r.build.addThreads} thread${r.build.addThreads === 1 ? '' : 's'}), file ${(r.fileBytes / 2 ** 20).toFixed(1)} MiB ` +
      `(${Math.round(r.fileBytes / r.size)} B/vector), save ${r.saveSeconds.toFixed(2)} s, ` +
      `open (load) ${r.openSeconds.toFixed(2)} s with checksum / ${r.openUnverifiedSeconds.toFixed(2)} s without` +
      (r.view
        ? `; mmap view open ${r.view.openSeconds.toFixed(3)} s, first 100 queries p50 ${ms(r.view.latency.p50)} ms ` +
          `p99 ${ms(r.view.latency.p99)} ms (read-only)`
        : ''),
    `exact scan: p50 ${ms(r.exact.p50)} ms, p99 ${ms(r.exact.p99)} ms`,
    '| ef | candidates | ANN+rerank p50 ms | p99 ms | fastest-of-passes p50 ms | p99 ms | recall@10 | gave up |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...r.search.map(
      (s) =>
        `| ${s.expansionSearch} | ${s.candidates} | ${ms(s.latency.p50)} | ${ms(s.latency.p99)} | ` +
        `${ms(s.fastestOfPasses.p50)} | ${ms(s.fastestOfPasses.p99)} | ${s.recallAt10.toFixed(4)} | ${s.gaveUp} |`,
    ),
    `peak RSS ${Math.round(r.peakRssMB)} MiB; load average ${r.loadAverage.join(' ')} (2 cores, shared)`,
  ];
  return lines;
}
