import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createHashingEmbedder } from '../adapters/embedders/hashing-embedder.js';
import { createSqliteMemoryStore } from '../adapters/stores/sqlite/sqlite-memory-store.js';
import { createMemp } from '../engine/create-memp.js';
import type { MemoryStore, VectorHit } from '../ports/memory-store.js';
import { generateSyntheticTrajectories } from './synthetic-trajectories.js';

/** Queries run before timing starts, so that the timed ones meet compiled code and a loaded cache. */
const WARMUP_QUERIES = 100;

/** p50 and p99 of a list of milliseconds. */
export interface Latency {
  p50: number;
  p99: number;
}

/** What {@link measureStoreRetrieval} found at one size. */
export interface StoreRetrievalFigures {
  memories: number;
  /** Key=Query through `memp.retrieve` (embedding, search, reading the memories), exact scan. */
  exactRetrieve: Latency;
  /** The same through the HNSW index (forced on, whatever the size). */
  approximateRetrieve: Latency;
  /** `store.search` alone (Key=Query), exact and through the index. */
  exactSearch: Latency;
  approximateSearch: Latency;
  /** Key=AveFact through `memp.retrieve` (always exact: see the closing note of issue 11). */
  aveFactRetrieve: Latency;
  /** recall@10 of the index path against the exact scan (a hit counts when it scores ≥ the exact 10th). */
  recallAt10: number;
  /** First search of a fresh process with no index file: loads the vectors and builds the index. */
  firstSearchBuildingMs: number;
  /** First search of a fresh process with the saved index file. */
  firstSearchReopenMs: number;
  /** First search of a fresh process on the exact path (loads the vectors only). */
  firstSearchExactMs: number;
  indexFileBytes: number;
}

/** p-th percentile (0–100) of `values`, nearest-rank. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

function latency(times: readonly number[]): Latency {
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

function directoryBytes(directory: string): number {
  try {
    return readdirSync(directory).reduce((sum, f) => sum + statSync(join(directory, f)).size, 0);
  } catch {
    return 0;
  }
}

/**
 * Learns `size` synthetic trajectories into a SQLite file (512-d offline hashing embedder), then measures
 * retrieval (k = 10) with the exact scan and with the HNSW index, each in a freshly opened store.
 */
export async function measureStoreRetrieval(options: {
  dir: string;
  size: number;
  queries?: number;
}): Promise<StoreRetrievalFigures> {
  const { dir, size } = options;
  const path = join(dir, `retrieval-${size}.db`);
  const embedder = createHashingEmbedder();
  const learner = createMemp({
    store: createSqliteMemoryStore({ path, approximateIndex: { minActive: Number.POSITIVE_INFINITY } }),
    embedder,
    update: 'vanilla',
    seed: 1,
  });
  const all = generateSyntheticTrajectories({ count: size, seed: 5, prefix: `r${size}` });
  for (let i = 0; i < all.length; i += 2000) {
    await learner.learnBatch({ items: all.slice(i, i + 2000).map((trajectory) => ({ trajectory })) });
  }
  await learner.close();
  const tasks = generateSyntheticTrajectories({
    count: (options.queries ?? 1000) + WARMUP_QUERIES,
    seed: 99,
    prefix: 'q',
  }).map(
    (t) => t.task,
  );
  const vectors = await embedder.embed(tasks);
  const namespace = 'default';

  const open = (minActive: number) => {
    const store = createSqliteMemoryStore({ path, approximateIndex: { minActive } });
    return { store, memp: createMemp({ store, embedder, update: 'vanilla', seed: 1 }) };
  };
  const search = (store: MemoryStore, i: number): Promise<VectorHit[]> =>
    store.search({ namespace, field: 'task', queries: [vectors[i] as Float32Array], k: 10 });

  const run = async (minActive: number) => {
    const { store, memp } = open(minActive);
    const first = await timed(() => search(store, 0));
    for (const task of tasks.slice(0, WARMUP_QUERIES)) await memp.retrieve({ task, k: 10 });
    const retrieveTimes: number[] = [];
    const searchTimes: number[] = [];
    const aveFactTimes: number[] = [];
    const hits: VectorHit[][] = [];
    for (let i = WARMUP_QUERIES; i < tasks.length; i++) {
      const task = tasks[i] as string;
      retrieveTimes.push(await timed(() => memp.retrieve({ task, k: 10 })));
      searchTimes.push(
        await timed(async () => {
          hits.push(await search(store, i));
        }),
      );
      if (minActive === Number.POSITIVE_INFINITY) {
        aveFactTimes.push(await timed(() => memp.retrieve({ task, k: 10, policy: 'avefact' })));
      }
    }
    await memp.close();
    return { first, retrieve: latency(retrieveTimes), search: latency(searchTimes), aveFactTimes, hits };
  };

  const exact = await run(Number.POSITIVE_INFINITY);
  rmSync(`${path}.indexes`, { recursive: true, force: true });
  const building = await run(0);
  const reopened = await run(0);

  let found = 0;
  exact.hits.forEach((exactHits, i) => {
    const tenth = exactHits[9]?.score ?? Number.NEGATIVE_INFINITY;
    found += (reopened.hits[i] ?? []).filter((h) => h.score >= tenth - 1e-9).length / Math.max(1, exactHits.length);
  });
  return {
    memories: size,
    exactRetrieve: exact.retrieve,
    approximateRetrieve: reopened.retrieve,
    exactSearch: exact.search,
    approximateSearch: reopened.search,
    aveFactRetrieve: latency(exact.aveFactTimes),
    recallAt10: found / exact.hits.length,
    firstSearchBuildingMs: building.first,
    firstSearchReopenMs: reopened.first,
    firstSearchExactMs: exact.first,
    indexFileBytes: directoryBytes(`${path}.indexes`),
  };
}
