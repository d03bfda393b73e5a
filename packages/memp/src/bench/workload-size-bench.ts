import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createSqliteMemoryStore } from '../adapters/stores/sqlite/sqlite-memory-store.js';
import { createMemp } from '../composition/create-memp.js';
import type { TrajectoryInput } from '../core/trajectory.js';
import { readAlfworldTrainTasks } from './alfworld-train-tasks.js';
import { generateNearDuplicateTasks } from './near-duplicate-tasks.js';
import { type Latency, directoryBytes, latency, recallAgainstExact, runInChild } from './retrieval-measures.js';
import { generateSyntheticTrajectories } from './synthetic-trajectories.js';
import {
  type WorkloadEmbedder,
  type WorkloadRetrieveSpec,
  type WorkloadRetrieveTimes,
  workloadEmbedder,
} from './workload-retrieve-run.js';

/**
 * The workloads of `bench:core`'s size sweep:
 * - `synthetic`: the trajectories of {@link generateSyntheticTrajectories} (7 patterns, 24 objects, 15 places),
 *   512-d offline embedder — the workload `bench:core` always had;
 * - `near-duplicate`: the same trajectories with task sentences of {@link generateNearDuplicateTasks} (templated
 *   from the ALFWorld train split, with varied objects, receptacles, instance numbers and wording), 512-d offline
 *   embedder;
 * - `near-duplicate-1536`: the near-duplicate sentences through the 1536-d dense stand-in
 *   (`createProjectedDenseEmbedder`).
 */
export type SizeWorkload = 'synthetic' | 'near-duplicate' | 'near-duplicate-1536';

/** Every {@link SizeWorkload}, in report order. */
export const SIZE_WORKLOADS: readonly SizeWorkload[] = ['synthetic', 'near-duplicate', 'near-duplicate-1536'];

/** What {@link measureWorkloadAtSize} found: one point of the size curves. */
export interface WorkloadSizeFigures {
  workload: SizeWorkload;
  memories: number;
  /** Trajectories per second of `memp.learnBatch` (batches of 1,000) filling the store from empty. */
  learnPerSecond: number;
  /** The SQLite file (with its write-ahead log) and the saved index files, over the memories. */
  bytesPerMemory: number;
  /** `memp.retrieve` (Key=Query, k = 10) on the exact scan and through the HNSW index (forced on). */
  exactRetrieve: Latency;
  approximateRetrieve: Latency;
  /** CPU milliseconds of the process per `memp.retrieve` through the index (see `WorkloadRetrieveTimes.cpu`). */
  approximateRetrieveCpu: Latency;
  /** recall@10 of the index path against the exact scan, ties at the exact 10th score counting as hits. */
  recallAt10: number;
  /** Seconds of the whole learn, and the learning process's resident memory at its end. */
  learnSeconds: number;
  learnRssBytes: number;
  /**
   * The first retrieve of a fresh process with no saved index (loading the vectors and building the HNSW index),
   * and of the next one (loading the vectors and reopening the saved index), in milliseconds.
   */
  indexBuildMs: number;
  indexReopenMs: number;
  /** Peak resident memory of the process timed through the index (store, vectors, index, queries). */
  retrieveRssBytes: number;
  /** Timed queries. */
  queries: number;
  /** The load average (1 minute) when the point was taken. */
  loadAverage: number;
}

const LEARN_BATCH = 1000;
const WARMUP = 50;

/** The trajectories (made batch by batch, so 1M of them never sit in memory at once) and query tasks of a workload. */
interface WorkloadData {
  /** Trajectories `start` to `start + count` of the workload (the same on every call). */
  batch(start: number, count: number): TrajectoryInput[];
  /** Fresh tasks of the same distribution, for the queries. */
  queryTasks: string[];
  embedder: WorkloadEmbedder;
}

/**
 * The synthetic trajectories of batch `start / LEARN_BATCH` (seeded by the batch, ids `w<size>-<start + i>`). Made
 * per batch: a million trajectories with their steps would take gigabytes of heap.
 */
function syntheticBatch(size: number, start: number, count: number): TrajectoryInput[] {
  return generateSyntheticTrajectories({ count, seed: 5 + start, prefix: `w${size}-b${start}` });
}

/** The data of a workload (queries are fresh tasks of the same distribution). */
async function workloadData(workload: SizeWorkload, size: number, queries: number): Promise<WorkloadData> {
  if (workload === 'synthetic') {
    const queryTasks = generateSyntheticTrajectories({ count: queries + WARMUP, seed: 99, prefix: 'q' }).map(
      (t) => t.task,
    );
    return { batch: (start, count) => syntheticBatch(size, start, count), queryTasks, embedder: 'hashing' };
  }
  const train = await readAlfworldTrainTasks();
  const tasks = generateNearDuplicateTasks({ tasks: train, count: size, seed: 5 });
  const queryTasks = generateNearDuplicateTasks({ tasks: train, count: queries + WARMUP, seed: 99 });
  return {
    batch: (start, count) =>
      syntheticBatch(size, start, count).map((t, i) => ({ ...t, task: tasks[start + i] as string })),
    queryTasks,
    embedder: workload === 'near-duplicate' ? 'hashing' : 'projected-1536',
  };
}

function fileBytes(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/**
 * Learns `size` trajectories of `workload` into a fresh SQLite file through `memp.learnBatch` (timed), then times
 * `memp.retrieve` on the exact scan and through the HNSW index (built, saved, reopened in a fresh process), each
 * in a fresh process, and measures the index path's recall against the exact one.
 */
export async function measureWorkloadAtSize(options: {
  dir: string;
  workload: SizeWorkload;
  size: number;
  queries?: number;
  loadAverage: () => number;
}): Promise<WorkloadSizeFigures> {
  const { dir, workload, size } = options;
  const queries = options.queries ?? 500;
  const path = join(dir, `${workload}-${size}.db`);
  const data = await workloadData(workload, size, queries);
  const learner = createMemp({
    store: createSqliteMemoryStore({ path, approximateIndex: { minActive: Number.POSITIVE_INFINITY } }),
    embedder: workloadEmbedder(data.embedder),
    update: 'vanilla',
    seed: 1,
  });
  const t = performance.now();
  for (let i = 0; i < size; i += LEARN_BATCH) {
    const batch = data.batch(i, Math.min(LEARN_BATCH, size - i));
    await learner.learnBatch({ items: batch.map((trajectory) => ({ trajectory })) });
  }
  const learnSeconds = (performance.now() - t) / 1000;
  const learnRssBytes = process.memoryUsage().rss;
  await learner.close();

  const spec = (minActive: number | null): WorkloadRetrieveSpec => ({
    path,
    minActive,
    embedder: data.embedder,
    warmup: data.queryTasks.slice(0, WARMUP),
    tasks: data.queryTasks.slice(WARMUP),
  });
  const run = (minActive: number | null) =>
    runInChild<WorkloadRetrieveTimes>('workload-retrieve-run.js', spec(minActive));
  const exact = run(null);
  rmSync(`${path}.indexes`, { recursive: true, force: true });
  const building = run(0);
  const reopened = run(0);
  const bytes = fileBytes(path) + fileBytes(`${path}-wal`) + directoryBytes(`${path}.indexes`);
  const figures: WorkloadSizeFigures = {
    workload,
    memories: size,
    learnPerSecond: size / learnSeconds,
    bytesPerMemory: bytes / size,
    exactRetrieve: latency(exact.retrieve),
    approximateRetrieve: latency(reopened.retrieve),
    approximateRetrieveCpu: latency(reopened.cpu),
    recallAt10: recallAgainstExact(exact.hits, reopened.hits),
    learnSeconds,
    learnRssBytes,
    indexBuildMs: building.firstRetrieveMs,
    indexReopenMs: reopened.firstRetrieveMs,
    retrieveRssBytes: reopened.peakRssBytes,
    queries,
    loadAverage: options.loadAverage(),
  };
  rmSync(path, { force: true });
  rmSync(`${path}-wal`, { force: true });
  rmSync(`${path}-shm`, { force: true });
  rmSync(`${path}.indexes`, { recursive: true, force: true });
  return figures;
}
