import { fileURLToPath } from 'node:url';
import { createSqliteMemoryStore } from '../adapters/stores/sqlite/sqlite-memory-store.js';
import { createMemp } from '../composition/create-memp.js';
import type { Embedder } from '../ports/embedder.js';
import type { VectorHit } from '../ports/memory-store.js';
import { createClusteredVectorSource } from './clustered-vectors.js';
import { timed } from './retrieval-measures.js';
import { WARMUP_QUERIES } from './store-retrieval-run.js';

/** One timed run of {@link timeDenseRetrievalRun}: a store of dense synthetic vectors opened on `path`. */
export interface DenseRunSpec {
  path: string;
  /** `approximateIndex.minActive` (0 forces the index on; `null` turns it off). */
  minActive: number | null;
  /** Timed queries, after {@link WARMUP_QUERIES} warm-up ones. */
  queries: number;
  /** How many of them also time `memp.retrieve` (the exact scan of dense vectors is slow; recall needs every search). */
  retrieveQueries: number;
  dimension: number;
  /** Seed of the clustered vector source the store was filled from. */
  seed: number;
}

/** Milliseconds of each timed call, and the search hits (for recall). */
export interface DenseRunTimes {
  firstSearchMs: number;
  retrieve: number[];
  search: number[];
  hits: VectorHit[][];
}

/** The embedder id the dense bench stores its vectors under. */
export function denseEmbedderId(dimension: number): string {
  return `bench-clustered-${dimension}`;
}

/** The text of the i-th query (warm-up ones first). */
export function denseQueryText(i: number): string {
  return `dense bench query ${i}`;
}

/**
 * The query vectors: fresh samples of the same clustered source as the stored vectors, never copies of them.
 * Seeded apart from the stored ones (see `measureDenseStoreRetrieval`).
 */
export function denseQueryVectors(spec: { dimension: number; seed: number; count: number }): Float32Array {
  return createClusteredVectorSource({ dimension: spec.dimension, seed: spec.seed }).sample({
    count: spec.count,
    seed: spec.seed + 2,
  });
}

/**
 * Stands in for a remote dense embedding model: answers each query text with its precomputed vector, so the
 * figures are memp's own time (a real model's network round trip comes on top). Any other text is an error.
 */
function precomputedQueryEmbedder(dimension: number, vectors: Float32Array): Embedder {
  const rows = vectors.length / dimension;
  const byText = new Map<string, number>();
  for (let i = 0; i < rows; i++) byText.set(denseQueryText(i), i);
  return {
    specificationVersion: 'v1',
    id: denseEmbedderId(dimension),
    dimension,
    async embed(texts) {
      return texts.map((text) => {
        const row = byText.get(text);
        if (row === undefined) throw new Error(`the dense bench embedder has no vector for ${JSON.stringify(text)}`);
        return vectors.slice(row * dimension, (row + 1) * dimension);
      });
    },
  };
}

/**
 * Opens the store and times its first search (vectors loaded, index built or opened), then per query
 * `memp.retrieve` (Key=Query) and `store.search`, k = 10.
 */
export async function timeDenseRetrievalRun(spec: DenseRunSpec): Promise<DenseRunTimes> {
  const { dimension } = spec;
  const total = WARMUP_QUERIES + spec.queries;
  const vectors = denseQueryVectors({ dimension, seed: spec.seed, count: total });
  const embedder = precomputedQueryEmbedder(dimension, vectors);
  const store = createSqliteMemoryStore({
    path: spec.path,
    // Built within the first search, not in the background (see workload-retrieve-run.ts).
    approximateIndex: {
      minActive: spec.minActive ?? Number.POSITIVE_INFINITY,
      backgroundBuildFrom: Number.POSITIVE_INFINITY,
    },
  });
  const memp = createMemp({ store, embedder, update: 'vanilla', seed: 1 });
  const search = (i: number) =>
    store.search({
      namespace: 'default',
      field: 'task',
      queries: [vectors.subarray(i * dimension, (i + 1) * dimension)],
      k: 10,
    });
  const times: DenseRunTimes = { firstSearchMs: 0, retrieve: [], search: [], hits: [] };
  times.firstSearchMs = await timed(() => search(0));
  for (let i = 0; i < WARMUP_QUERIES; i++) await memp.retrieve({ task: denseQueryText(i), k: 10 });
  for (let i = WARMUP_QUERIES; i < total; i++) {
    if (i - WARMUP_QUERIES < spec.retrieveQueries) {
      times.retrieve.push(await timed(() => memp.retrieve({ task: denseQueryText(i), k: 10 })));
    }
    times.search.push(
      await timed(async () => {
        times.hits.push(await search(i));
      }),
    );
  }
  await memp.close();
  return times;
}

// A child process of the benchmark: one run, its figures as JSON on stdout.
if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === '--child') {
  const spec = JSON.parse(process.argv[3] ?? '{}') as DenseRunSpec;
  process.stdout.write(`${JSON.stringify(await timeDenseRetrievalRun(spec))}\n`);
}
