import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createHashingEmbedder } from '../adapters/embedders/hashing-embedder.js';
import { createSqliteMemoryStore } from '../adapters/stores/sqlite/sqlite-memory-store.js';
import { createMemp } from '../composition/create-memp.js';
import { type Latency, directoryBytes, latency, recallAgainstExact, runInChild } from './retrieval-measures.js';
import type { RetrievalRunSpec, RetrievalRunTimes } from './store-retrieval-run.js';
import { generateSyntheticTrajectories } from './synthetic-trajectories.js';

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
  /** Distinct task vectors (what the index holds: memories with the same task text share one). */
  distinctTaskVectors: number;
}

/**
 * Learns `size` synthetic trajectories into a SQLite file (512-d offline hashing embedder), then measures
 * retrieval (k = 10) with the exact scan and with the HNSW index, each run in a fresh process.
 */
export async function measureStoreRetrieval(options: {
  dir: string;
  size: number;
  queries?: number;
}): Promise<StoreRetrievalFigures> {
  const { dir, size } = options;
  const queries = options.queries ?? 1000;
  const path = join(dir, `retrieval-${size}.db`);
  const learner = createMemp({
    store: createSqliteMemoryStore({ path, approximateIndex: { minActive: Number.POSITIVE_INFINITY } }),
    embedder: createHashingEmbedder(),
    update: 'vanilla',
    seed: 1,
  });
  const all = generateSyntheticTrajectories({ count: size, seed: 5, prefix: `r${size}` });
  for (let i = 0; i < all.length; i += 2000) {
    await learner.learnBatch({ items: all.slice(i, i + 2000).map((trajectory) => ({ trajectory })) });
  }
  await learner.close();
  const db = new Database(path, { readonly: true });
  const distinct = db.prepare('SELECT count(DISTINCT task) FROM memory_embeddings').pluck().get();
  db.close();

  const run = (spec: RetrievalRunSpec) => runInChild<RetrievalRunTimes>('store-retrieval-run.js', spec);
  const exact = run({ path, minActive: null, queries, aveFact: true });
  rmSync(`${path}.indexes`, { recursive: true, force: true });
  const building = run({ path, minActive: 0, queries, aveFact: false });
  const reopened = run({ path, minActive: 0, queries, aveFact: false });
  return {
    memories: size,
    exactRetrieve: latency(exact.retrieve),
    approximateRetrieve: latency(reopened.retrieve),
    exactSearch: latency(exact.search),
    approximateSearch: latency(reopened.search),
    aveFactRetrieve: latency(exact.aveFact),
    recallAt10: recallAgainstExact(exact.hits, reopened.hits),
    firstSearchBuildingMs: building.firstSearchMs,
    firstSearchReopenMs: reopened.firstSearchMs,
    firstSearchExactMs: exact.firstSearchMs,
    indexFileBytes: directoryBytes(`${path}.indexes`),
    distinctTaskVectors: Number(distinct),
  };
}
