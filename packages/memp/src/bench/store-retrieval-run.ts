import { fileURLToPath } from 'node:url';
import { createHashingEmbedder } from '../adapters/embedders/hashing-embedder.js';
import { createSqliteMemoryStore } from '../adapters/stores/sqlite/sqlite-memory-store.js';
import { createMemp } from '../composition/create-memp.js';
import type { VectorHit } from '../ports/memory-store.js';
import { timed } from './retrieval-measures.js';
import { generateSyntheticTrajectories } from './synthetic-trajectories.js';

/** Queries run before timing starts, so that the timed ones meet compiled code and a loaded cache. */
export const WARMUP_QUERIES = 100;

/** One timed run of {@link timeRetrievalRun}: a store opened on `path` with the index threshold `minActive`. */
export interface RetrievalRunSpec {
  path: string;
  /** `approximateIndex.minActive` (0 forces the index on; `null` turns it off, as JSON has no Infinity). */
  minActive: number | null;
  /** Timed queries (synthetic tasks, seed 99, after {@link WARMUP_QUERIES} warm-up ones). */
  queries: number;
  /** Also time Key=AveFact retrieval. */
  aveFact: boolean;
}

/** Milliseconds of each timed call, and the search hits (for recall). */
export interface RetrievalRunTimes {
  firstSearchMs: number;
  retrieve: number[];
  search: number[];
  aveFact: number[];
  hits: VectorHit[][];
}

/** The synthetic query tasks of the retrieval benchmark: warm-up ones first. */
export function retrievalQueryTasks(queries: number): string[] {
  return generateSyntheticTrajectories({ count: queries + WARMUP_QUERIES, seed: 99, prefix: 'q' }).map((t) => t.task);
}

/**
 * Opens the store and times its first search (vectors loaded, index built or opened), then per query
 * `memp.retrieve` (Key=Query), `store.search` and optionally Key=AveFact retrieval, k = 10.
 */
export async function timeRetrievalRun(spec: RetrievalRunSpec): Promise<RetrievalRunTimes> {
  const embedder = createHashingEmbedder();
  const tasks = retrievalQueryTasks(spec.queries);
  const vectors = await embedder.embed(tasks);
  const minActive = spec.minActive ?? Number.POSITIVE_INFINITY;
  // Built within the first search, not in the background (see workload-retrieve-run.ts).
  const store = createSqliteMemoryStore({
    path: spec.path,
    approximateIndex: { minActive, backgroundBuildFrom: Number.POSITIVE_INFINITY },
  });
  const memp = createMemp({ store, embedder, update: 'vanilla', seed: 1 });
  const search = (i: number) =>
    store.search({ namespace: 'default', field: 'task', queries: [vectors[i] as Float32Array], k: 10 });
  const times: RetrievalRunTimes = { firstSearchMs: 0, retrieve: [], search: [], aveFact: [], hits: [] };
  times.firstSearchMs = await timed(() => search(0));
  for (const task of tasks.slice(0, WARMUP_QUERIES)) await memp.retrieve({ task, k: 10 });
  for (let i = WARMUP_QUERIES; i < tasks.length; i++) {
    const task = tasks[i] as string;
    times.retrieve.push(await timed(() => memp.retrieve({ task, k: 10 })));
    times.search.push(
      await timed(async () => {
        times.hits.push(await search(i));
      }),
    );
    if (spec.aveFact) times.aveFact.push(await timed(() => memp.retrieve({ task, k: 10, policy: 'avefact' })));
  }
  await memp.close();
  return times;
}

// A child process of the benchmark: one run, its figures as JSON on stdout.
if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === '--child') {
  const spec = JSON.parse(process.argv[3] ?? '{}') as RetrievalRunSpec;
  process.stdout.write(`${JSON.stringify(await timeRetrievalRun(spec))}\n`);
}
