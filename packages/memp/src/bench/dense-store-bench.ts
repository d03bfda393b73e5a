import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createSqliteMemoryStore } from '../adapters/stores/sqlite/sqlite-memory-store.js';
import type { Memory } from '../core/memory.js';
import type { MemoryCreate } from '../ports/memory-store.js';
import { createClusteredVectorSource } from './clustered-vectors.js';
import { type DenseRunSpec, type DenseRunTimes, denseEmbedderId } from './dense-store-run.js';
import { type Latency, directoryBytes, latency, recallAgainstExact, runInChild } from './retrieval-measures.js';

/** What {@link measureDenseStoreRetrieval} found. */
export interface DenseStoreRetrievalFigures {
  memories: number;
  dimension: number;
  /** How the vectors were made. */
  description: string;
  /**
   * Key=Query through `memp.retrieve` (search and reading the memories; the query's embedding is precomputed).
   * The exact one over the first {@link EXACT_RETRIEVE_QUERIES} queries only.
   */
  exactRetrieve: Latency;
  approximateRetrieve: Latency;
  /** `store.search` alone. */
  exactSearch: Latency;
  approximateSearch: Latency;
  /** recall@10 of the index path against the exact scan. */
  recallAt10: number;
  firstSearchExactMs: number;
  firstSearchBuildingMs: number;
  firstSearchReopenMs: number;
  indexFileBytes: number;
}

/** Queries whose `memp.retrieve` the exact run times (each scans every dense vector: about 0.3 s at 100k × 1536). */
export const EXACT_RETRIEVE_QUERIES = 100;

/** Memories written per change while filling the store. */
const FILL_CHUNK = 1000;

/**
 * Fills a SQLite file with `size` memories whose task vectors are dense synthetic vectors of `dimension` (the
 * clustered source of `bench:ann`: standing in for a dense embedding model such as a 1536-d one), then measures
 * retrieval (k = 10) with the exact scan and with the HNSW index, each run in a fresh process. Queries are fresh
 * samples of the same source.
 */
export async function measureDenseStoreRetrieval(options: {
  dir: string;
  size: number;
  dimension: number;
  queries?: number;
  seed?: number;
}): Promise<DenseStoreRetrievalFigures> {
  const { dir, size, dimension } = options;
  const seed = options.seed ?? 5;
  const queries = options.queries ?? 500;
  const path = join(dir, `dense-${size}x${dimension}.db`);
  const source = createClusteredVectorSource({ dimension, seed });
  const store = createSqliteMemoryStore({ path, approximateIndex: { minActive: Number.POSITIVE_INFINITY } });
  const space = { embedder: denseEmbedderId(dimension), dimension };
  const at = '2026-01-01T00:00:00.000Z';
  for (let start = 0, chunk = 0; start < size; start += FILL_CHUNK, chunk++) {
    const count = Math.min(FILL_CHUNK, size - start);
    // Stored vectors are seeded apart from the queries (seed + 2, see denseQueryVectors).
    const vectors = source.sample({ count, seed: seed + 1000 + chunk });
    const create: MemoryCreate[] = [];
    for (let i = 0; i < count; i++) {
      const n = start + i;
      const memory: Memory = {
        id: `dense-${String(n).padStart(7, '0')}`,
        namespace: 'default',
        task: `dense bench task ${n}`,
        keywords: [],
        kind: 'script',
        status: 'active',
        stats: { retrieved: 0, succeeded: 0, failed: 0 },
        provenance: { builtBy: 'offline', from: [], embedder: space.embedder },
        version: 1,
        createdAt: at,
        updatedAt: at,
        script: `1. do the steps of dense bench task ${n}`,
      };
      create.push({ memory, vectors: { task: vectors.slice(i * dimension, (i + 1) * dimension), keywords: [] } });
    }
    await store.apply({ namespace: 'default', at, space, create });
  }
  await store.close();

  const run = (minActive: number | null) => {
    const retrieveQueries = minActive === null ? Math.min(EXACT_RETRIEVE_QUERIES, queries) : queries;
    const spec: DenseRunSpec = { path, minActive, queries, retrieveQueries, dimension, seed };
    return runInChild<DenseRunTimes>('dense-store-run.js', spec);
  };
  const exact = run(null);
  rmSync(`${path}.indexes`, { recursive: true, force: true });
  const building = run(0);
  const reopened = run(0);
  return {
    memories: size,
    dimension,
    description: source.description,
    exactRetrieve: latency(exact.retrieve),
    approximateRetrieve: latency(reopened.retrieve),
    exactSearch: latency(exact.search),
    approximateSearch: latency(reopened.search),
    recallAt10: recallAgainstExact(exact.hits, reopened.hits),
    firstSearchExactMs: exact.firstSearchMs,
    firstSearchBuildingMs: building.firstSearchMs,
    firstSearchReopenMs: reopened.firstSearchMs,
    indexFileBytes: directoryBytes(`${path}.indexes`),
  };
}
