import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { RERANK_CANDIDATES_PER_HIT, RERANK_MIN_CANDIDATES } from '../adapters/indexes/search-with-rerank.js';
import {
  createUsearchVectorIndex,
  openUsearchVectorIndex,
  USEARCH_DEFAULT_TUNING,
  type UsearchTuning,
} from '../adapters/indexes/usearch-vector-index.js';
import { TASK_INDEX_TUNING, taskIndexConnectivity } from '../adapters/stores/sqlite/namespace-task-index.js';
import type { ApproximateVectorIndex, VectorIndexMetadata } from '../ports/approximate-vector-index.js';
import { type AnnDataKind, generateAnnBenchData } from './ann-bench-data.js';
import {
  ANN_K as K,
  type AnnSearchFigures,
  type AnnSearchSetting,
  type Latency,
  latencyOf,
  measureAnnSearch,
  measureAnnView,
  secondsSince,
} from './ann-search-measures.js';
import { exactTopKScan } from './exact-top-k-scan.js';

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

/** Figures of one {@link AnnBenchCase}. */
export interface AnnBenchResult {
  kind: AnnDataKind;
  size: number;
  dimension: number;
  queries: number;
  description: string;
  build: AnnBuild;
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

/** The build settings of a case: the adapter's defaults, the SQLite store's task index, then the case's own. */
type AnnBuild = Required<Omit<UsearchTuning, 'expansionSearch'>>;

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
  const dataSeconds = secondsSince(tStart);
  log(`data ready in ${dataSeconds.toFixed(1)} s: ${data.description}`);

  const { exact, tenth } = measureExact({ vectors, queries, dimension, size, queryCount });
  log(`exact p50 ${exact.p50.toFixed(2)} ms`);

  const build = buildSettings(dimension, options.build);
  const index = createUsearchVectorIndex({ dimension, ...build });
  const keys = Array.from({ length: size }, (_, i) => i);
  const t = performance.now();
  index.add({ keys, vectors });
  const buildSeconds = secondsSince(t);
  log(`built in ${buildSeconds.toFixed(1)} s`);

  const dir = mkdtempSync(join(tmpdir(), 'memp-ann-bench-'));
  try {
    const path = join(dir, 'index.vidx');
    const file = saveAndReopen({ index, path, dimension, metadata: { kind: options.kind, size } });

    const search: AnnSearchFigures[] = [];
    for (const setting of settings) {
      const figures = measureAnnSearch({ path, dimension, vectors, queries, queryCount, tenth, passes, setting });
      search.push(figures);
      log(
        `ef ${setting.expansionSearch} candidates ${setting.candidates} crowd margin ${setting.crowdMargin ?? 'off'}: p50 ${figures.latency.p50.toFixed(3)} ms ` +
          `p99 ${figures.latency.p99.toFixed(3)} ms (fastest of ${passes}: p99 ${figures.fastestOfPasses.p99.toFixed(3)} ms) ` +
          `recall@10 ${figures.recallAt10.toFixed(4)}`,
      );
    }

    let view: AnnBenchResult['view'];
    if (options.measureView ?? true) view = measureAnnView({ path, dimension, queries, queryCount, vectors, build });
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
      fileBytes: file.fileBytes,
      saveSeconds: file.saveSeconds,
      openSeconds: file.openSeconds,
      openUnverifiedSeconds: file.openUnverifiedSeconds,
      ...(view === undefined ? {} : { view }),
      search,
      peakRssMB: process.resourceUsage().maxRSS / 1024,
      loadAverage: loadavg().map((x) => Number(x.toFixed(2))),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Exact search over every query: its latency, and each query's exact 10th score (the recall bar). */
function measureExact(options: {
  vectors: Float32Array;
  queries: Float32Array;
  dimension: number;
  size: number;
  queryCount: number;
}): { exact: Latency; tenth: number[] } {
  const { vectors, queries, dimension, size, queryCount } = options;
  const tenth: number[] = [];
  const exactTimes: number[] = [];
  for (let q = 0; q < queryCount; q++) {
    const query = queries.slice(q * dimension, (q + 1) * dimension);
    const t = performance.now();
    const top = exactTopKScan({ matrix: vectors, dimension, rows: size, query, k: K });
    exactTimes.push(performance.now() - t);
    tenth.push(top.scores[K - 1] as number);
  }
  return { exact: latencyOf(exactTimes), tenth };
}

/** The build settings: the adapter's defaults, then the SQLite store's task index tuning, then the case's own. */
function buildSettings(dimension: number, given: AnnBenchCase['build']): AnnBuild {
  const { expansionSearch: _, ...adapterDefaults } = USEARCH_DEFAULT_TUNING;
  const { expansionSearch: __, ...storeBuild } = TASK_INDEX_TUNING;
  return {
    ...adapterDefaults,
    ...storeBuild,
    connectivity: taskIndexConnectivity(dimension),
    ...given,
  };
}

/** Saves the index to `path` and closes it, then times opening the file without and with the checksum check. */
function saveAndReopen(options: {
  index: ApproximateVectorIndex;
  path: string;
  dimension: number;
  metadata: VectorIndexMetadata;
}): { saveSeconds: number; fileBytes: number; openSeconds: number; openUnverifiedSeconds: number } {
  const { index, path, dimension } = options;
  let t = performance.now();
  index.save({ path, metadata: options.metadata });
  const saveSeconds = secondsSince(t);
  const fileBytes = statSync(path).size;
  index.close();

  t = performance.now();
  openUsearchVectorIndex({ path, dimension, verifyChecksum: false }).index.close();
  const openUnverifiedSeconds = secondsSince(t);
  t = performance.now();
  openUsearchVectorIndex({ path, dimension }).index.close();
  const openSeconds = secondsSince(t);
  return { saveSeconds, fileBytes, openSeconds, openUnverifiedSeconds };
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
    '| ef | candidates | crowd margin | ANN+rerank p50 ms | p99 ms | fastest-of-passes p50 ms | p99 ms | recall@10 | gave up |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...r.search.map(
      (s) =>
        `| ${s.expansionSearch} | ${s.candidates} | ${s.crowdMargin ?? 'off'} | ${ms(s.latency.p50)} | ${ms(s.latency.p99)} | ` +
        `${ms(s.fastestOfPasses.p50)} | ${ms(s.fastestOfPasses.p99)} | ${s.recallAt10.toFixed(4)} | ${s.gaveUp} |`,
    ),
    `peak RSS ${Math.round(r.peakRssMB)} MiB; load average ${r.loadAverage.join(' ')} (2 cores, shared)`,
  ];
  return lines;
}
