import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { isMempError, MempError } from '../../../core/errors.js';
import type { ApproximateVectorIndex } from '../../../ports/approximate-vector-index.js';
import type { EmbeddingSpace, VectorHit } from '../../../ports/memory-store.js';
import { RERANK_MIN_CANDIDATES, searchWithRerank } from '../../indexes/search-with-rerank.js';
import {
  createUsearchVectorIndex,
  openUsearchVectorIndex,
  type UsearchTuning,
} from '../../indexes/usearch-vector-index.js';
import type { CheckedSearch } from '../shared/store-validation.js';
import type { FieldMatrix } from './field-matrix.js';
import { type NamespaceVectorCache, statusMask } from './vector-matrix-cache.js';

/**
 * Version of what an index file's keys, metadata and build settings mean; a file of another version is rebuilt.
 * 3: built with {@link TASK_INDEX_TUNING}.
 */
const INDEX_FILE_FORMAT = 3;
/** Vectors added per call while building, so the build never copies the whole matrix at once. */
const BUILD_CHUNK = 8192;
/**
 * How the task index is built, and its wide search beam. int8 vectors, 32 edges per node and a build beam of 128
 * rather than the adapter's f16 / 16 / 64: in `npm run bench:core` (100k memories of the offline embedder) recall@10
 * went from 0.988 to 0.999, search p50 from 0.24 to 0.20 ms and the file from 52 to 35 MB; in `npm run bench:ann` it
 * is what keeps recall@10 ≥ 0.98 under 1 ms at 1M clustered vectors (candidates are re-ranked exactly, so int8's
 * coarse distances only choose candidates). Search beam 128 rather than 64: recall 0.975 → 0.984 at 1M. Smaller
 * indexes search with a narrower beam ({@link taskIndexSearchTuning}); high-dimensional ones have fewer edges
 * ({@link taskIndexConnectivity}).
 */
export const TASK_INDEX_TUNING = {
  quantization: 'i8',
  connectivity: 32,
  expansionAdd: 128,
  expansionSearch: 128,
} as const satisfies UsearchTuning;

/** Dimensions from which the task index is built with {@link HIGH_DIMENSION_CONNECTIVITY} edges per node. */
export const HIGH_DIMENSION_FROM = 1024;
/**
 * Edges per node of task indexes of dense high-dimensional vectors (1536-d embedding models). Each step of a search
 * computes a distance to every neighbour (twice the edges on the bottom layer), and a 1536-d distance costs three
 * times a 512-d one: with 16 edges rather than 32, 50,000 clustered 1536-d vectors searched in 424 rather than
 * 540 µs (ef 64, 40 candidates) and the 40 candidates still held every true top-10 neighbour of 200 queries.
 */
export const HIGH_DIMENSION_CONNECTIVITY = 16;

/** Edges per node of a new task index of `dimension` (a saved file keeps the value it was built with). */
export function taskIndexConnectivity(dimension: number): number {
  return dimension >= HIGH_DIMENSION_FROM ? HIGH_DIMENSION_CONNECTIVITY : TASK_INDEX_TUNING.connectivity;
}

/** How widely the task index searches: its beam (ef) and the candidates re-ranked per wanted hit. */
export interface TaskIndexSearchTuning {
  expansionSearch: number;
  candidatesPerHit: number;
}

/** Vectors from which the task index searches with the wide beam (see {@link taskIndexSearchTuning}). */
export const WIDE_SEARCH_FROM_VECTORS = 150_000;

/**
 * The search settings for an index of `vectors` distinct vectors, chosen when it is opened or rebuilt (usearch
 * fixes the beam then; an index that grows past the bound in one process keeps its beam until reopened). An HNSW
 * graph needs a wider beam as it grows: at 1M memories (211k vectors) ef 128 and 4 candidates per hit keep
 * recall@10 at 0.997. Below {@link WIDE_SEARCH_FROM_VECTORS}, half the beam loses nothing measurable and costs
 * much less in high dimensions: at 100k clustered 1536-d vectors recall@10 is 0.9978 either way, p50 0.58 ms
 * against 0.87 ms (`npm run bench:ann -- --cases clustered:100000:1536 --ef 64,128 --candidates 40,80`). There,
 * 1.25 candidates per wanted hit (at least {@link RERANK_MIN_CANDIDATES}): a retrieve asks for a pool of 43 (k = 10)
 * and serves its first 10, which the beam of 64 orders well, and the quarter more absorbs the fifth of dead vectors
 * an index may hold before it is rebuilt (rejected candidates would otherwise make the search ask again for four
 * times as many). Two per hit (106 candidates, a beam of 106) gave recall@10 through `memp.retrieve` of 0.9980 /
 * 0.9998 on 100k near-duplicate memories (512-d / 1,536-d) against 0.9956 / 0.9996, for about 0.2 ms more a
 * retrieve (docs/performance.md).
 */
export function taskIndexSearchTuning(vectors: number): TaskIndexSearchTuning {
  return vectors >= WIDE_SEARCH_FROM_VECTORS
    ? { expansionSearch: TASK_INDEX_TUNING.expansionSearch, candidatesPerHit: 4 }
    : { expansionSearch: 64, candidatesPerHit: 1.25 };
}
/** Extra vectors re-ranked beyond k, so that ties at the k-th score are broken by id like the exact search. */
const TIE_MARGIN = 10;

/** Where a namespace's index file lives and what it must match to be reused. */
export interface TaskIndexIdentity {
  namespace: string;
  /** `store_meta.store_id`: an index file of another database is not used. */
  storeId: string;
  /** The directory of index files; undefined keeps the index in memory only (`:memory:` databases). */
  directory: string | undefined;
}

/** Distinct vectors that some memory still holds. */
export function liveVectorCount(matrix: FieldMatrix): number {
  let live = 0;
  for (let v = 0; v < matrix.vectors; v++) if (matrix.slotsOf(v).length > 0) live += 1;
  return live;
}

function indexPath(identity: TaskIndexIdentity): string | undefined {
  if (identity.directory === undefined) return undefined;
  const name = createHash('sha256').update(identity.namespace).digest('hex').slice(0, 24);
  return join(identity.directory, `${name}.task.usearch`);
}

function taskMatrixOf(cache: NamespaceVectorCache): FieldMatrix {
  const matrix = cache.taskMatrix();
  if (matrix === undefined) {
    throw new MempError('STORAGE_FAILED', 'the task vectors must be loaded before the task index is used');
  }
  return matrix;
}

/**
 * The approximate index over one namespace's task vectors (Key=Query). It holds each distinct task vector once,
 * keyed by its content digest ({@link FieldMatrix.digestOf}), so the same key means the same vector in every
 * process and a saved file stays valid whatever was written since: keeping it in step is adding the live vectors
 * it lacks (and rebuilding once too many of its vectors died). Tasks repeat a lot (many memories per vector),
 * and duplicates also make HNSW graphs worse, so indexing distinct vectors is smaller, faster to build and finds
 * more. It only proposes candidates: each candidate vector is re-scored exactly from the cache and expanded to the
 * memories holding it, filtered by status there, so a stale entry can cost recall but never return a wrong memory
 * or score. Saved to a file beside the database (atomically) after a build and every so many additions, and on
 * close, so that reopening a large store does not rebuild it.
 */
export class NamespaceTaskIndex {
  /** The cache this index was last brought fully in step with. */
  private syncedWith: NamespaceVectorCache | undefined;
  /** Vectors that may have died since the last full sync (an upper bound). */
  private suspectedDead = 0;
  private unsaved = 0;
  /** Reused by every search (searches are synchronous): the query as float64 for exact scores, and as float32. */
  private readonly query64: Float64Array;
  private readonly query32: Float32Array;

  private constructor(
    private index: ApproximateVectorIndex,
    private searchTuning: TaskIndexSearchTuning,
    readonly space: EmbeddingSpace,
    private readonly identity: TaskIndexIdentity,
  ) {
    this.query64 = new Float64Array(space.dimension);
    this.query32 = new Float32Array(space.dimension);
  }

  /**
   * The namespace's index: the saved file when it was written for this database, namespace and space, else a
   * fresh build from `cache` (whose task field must be loaded). Either way in step with `cache`.
   */
  static open(options: {
    cache: NamespaceVectorCache;
    space: EmbeddingSpace;
    identity: TaskIndexIdentity;
  }): NamespaceTaskIndex {
    const saved = NamespaceTaskIndex.openSaved(options);
    if (saved !== undefined) return saved;
    const built = NamespaceTaskIndex.create({ ...options, vectors: liveVectorCount(taskMatrixOf(options.cache)) });
    built.catchUp(options.cache);
    built.save();
    return built;
  }

  /**
   * The namespace's saved index file, brought in step with `cache`, when it was written for this database,
   * namespace and space; undefined when there is none (or it is damaged or foreign) and the index must be built.
   */
  static openSaved(options: {
    cache: NamespaceVectorCache;
    space: EmbeddingSpace;
    identity: TaskIndexIdentity;
  }): NamespaceTaskIndex | undefined {
    const { cache, space, identity } = options;
    const searchTuning = taskIndexSearchTuning(liveVectorCount(taskMatrixOf(cache)));
    const path = indexPath(identity);
    if (path !== undefined) {
      try {
        const opened = openUsearchVectorIndex({
          path,
          dimension: space.dimension,
          expansionSearch: searchTuning.expansionSearch,
        });
        const m = opened.metadata;
        const usable =
          m['format'] === INDEX_FILE_FORMAT &&
          m['storeId'] === identity.storeId &&
          m['namespace'] === identity.namespace &&
          m['embedder'] === space.embedder;
        if (usable) {
          const loaded = new NamespaceTaskIndex(opened.index, searchTuning, space, identity);
          loaded.catchUp(cache);
          return loaded;
        }
        opened.index.close();
      } catch (error) {
        // A missing, damaged or foreign file is rebuilt; anything else is a real failure.
        if (!isMempError(error, 'NOT_FOUND') && !isMempError(error, 'STORAGE_FAILED')) throw error;
      }
    }
    return undefined;
  }

  /**
   * An empty index for a namespace of about `vectors` distinct live vectors (which sets its search beam), to fill
   * with {@link addDigests} and bring in step with {@link catchUp}.
   */
  static create(options: { space: EmbeddingSpace; identity: TaskIndexIdentity; vectors: number }): NamespaceTaskIndex {
    const { space, identity } = options;
    const searchTuning = taskIndexSearchTuning(options.vectors);
    return new NamespaceTaskIndex(
      createUsearchVectorIndex({
        dimension: space.dimension,
        ...TASK_INDEX_TUNING,
        connectivity: taskIndexConnectivity(space.dimension),
        expansionSearch: searchTuning.expansionSearch,
      }),
      searchTuning,
      space,
      identity,
    );
  }

  /**
   * Adds the vectors of `matrix` with these content digests that some memory still holds and the index lacks (a
   * slice of a build spread over many turns of the event loop); digests the matrix no longer holds are skipped.
   */
  addDigests(matrix: FieldMatrix, digests: readonly number[]): void {
    const missing: number[] = [];
    for (const digest of digests) {
      const v = matrix.vectorWithDigest(digest);
      if (v !== undefined && matrix.slotsOf(v).length > 0 && !this.index.has(digest)) missing.push(v);
    }
    this.addVectors(matrix, missing);
  }

  /** Number of vectors in the index. */
  get size(): number {
    return this.index.size;
  }

  /**
   * Brings the index fully in step with `cache` when it was not (a cache loaded afresh) or when many of its
   * vectors may have died: adds every live vector it lacks, and rebuilds from scratch when more than a fifth of
   * its vectors are dead. One digest look-up per distinct vector; nothing when already in step.
   */
  catchUp(cache: NamespaceVectorCache): void {
    if (this.syncedWith === cache && this.suspectedDead <= Math.max(64, this.index.size / 5)) return;
    const matrix = taskMatrixOf(cache);
    const missing: number[] = [];
    let liveIndexed = 0;
    for (let v = 0; v < matrix.vectors; v++) {
      if (matrix.slotsOf(v).length === 0) continue;
      if (this.index.has(matrix.digestOf(v))) liveIndexed += 1;
      else missing.push(v);
    }
    const dead = this.index.size - liveIndexed;
    if (dead > Math.max(64, this.index.size / 5)) {
      this.index.close();
      this.searchTuning = taskIndexSearchTuning(liveIndexed + missing.length);
      this.index = createUsearchVectorIndex({
        dimension: this.space.dimension,
        ...TASK_INDEX_TUNING,
        connectivity: taskIndexConnectivity(this.space.dimension),
        expansionSearch: this.searchTuning.expansionSearch,
      });
      missing.length = 0;
      for (let v = 0; v < matrix.vectors; v++) if (matrix.slotsOf(v).length > 0) missing.push(v);
      this.unsaved = Number.POSITIVE_INFINITY;
    }
    this.addVectors(matrix, missing);
    this.syncedWith = cache;
    this.suspectedDead = 0;
    this.saveWhenDue();
  }

  /**
   * Records a change that `cache` already reflects (a write of this process, or of another one that the cache
   * caught up on): `added` slots got new vectors, `replaced` counts vectors that may have lost their last memory.
   * Only when the index was in step with `cache` before; otherwise the next search catches up.
   */
  afterChange(cache: NamespaceVectorCache, change: { added: readonly number[]; replaced: readonly number[] }): void {
    if (this.syncedWith !== cache) return;
    const matrix = taskMatrixOf(cache);
    // A set: memories added together may share one new vector, which goes in once.
    const missing = new Set<number>();
    for (const slot of change.added) {
      const v = matrix.vectorOf(slot);
      if (v >= 0 && !this.index.has(matrix.digestOf(v))) missing.add(v);
    }
    this.addVectors(matrix, [...missing]);
    this.suspectedDead += change.replaced.length;
    this.saveWhenDue();
  }

  /**
   * Searches the task field through the index: candidate vectors re-scored exactly (same arithmetic as the exact
   * scan) and expanded to the memories holding them with one of the searched statuses, best first with ties by
   * id. Undefined when the index could not supply enough candidates: the caller then runs the exact scan.
   */
  search(cache: NamespaceVectorCache, query: CheckedSearch): VectorHit[] | undefined {
    this.catchUp(cache);
    const matrix = taskMatrixOf(cache);
    // One query (the common case) reuses this index's buffers; several are averaged for the index.
    const single = query.queries.length === 1 ? query.queries[0] : undefined;
    let queries: Float64Array[];
    let mean: Float32Array;
    if (single !== undefined) {
      this.query64.set(single);
      this.query32.set(single);
      queries = [this.query64];
      mean = this.query32;
    } else {
      queries = query.queries.map((q) => Float64Array.from(q));
      mean = new Float32Array(this.space.dimension);
      for (const q of query.queries)
        for (let i = 0; i < mean.length; i++) mean[i] = (mean[i] as number) + (q[i] as number);
    }
    const mask = statusMask(query.statuses);
    const searched = (slot: number): boolean => cache.hasStatusIn(slot, mask);
    const anySearched = (slots: readonly number[]): boolean => {
      for (let i = 0; i < slots.length; i++) if (cache.hasStatusIn(slots[i] as number, mask)) return true;
      return false;
    };
    // searchWithRerank scores a key right after accepting it: one map look-up serves both calls.
    let lastDigest = -1;
    let lastVector = -1;
    const vectorOf = (digest: number): number => {
      if (digest !== lastDigest) {
        lastDigest = digest;
        lastVector = matrix.vectorWithDigest(digest) ?? -1;
      }
      return lastVector;
    };
    const result = searchWithRerank({
      index: this.index,
      query: mean,
      k: query.k + TIE_MARGIN,
      candidates: Math.max(
        RERANK_MIN_CANDIDATES,
        Math.ceil(this.searchTuning.candidatesPerHit * (query.k + TIE_MARGIN)),
      ),
      minScore: query.minScore,
      accept: (digest) => {
        const v = vectorOf(digest);
        return v >= 0 && anySearched(matrix.slotsOf(v));
      },
      score: (digest) => cache.taskVectorScore(vectorOf(digest), queries),
    });
    if (!result.complete) return undefined;
    // A stored vector equal to the query (the same task text again, common for agents) is the best possible hit;
    // HNSW can miss it inside a dense cluster of near-duplicates, so it is always a candidate.
    const same = query.queries.length === 1 ? matrix.findVector(query.queries[0] as Float32Array) : undefined;
    const vectorHits = result.hits;
    if (same !== undefined && !vectorHits.some((h) => h.key === matrix.digestOf(same))) {
      const score = cache.taskVectorScore(same, queries);
      if (score >= query.minScore && anySearched(matrix.slotsOf(same))) {
        vectorHits.push({ key: matrix.digestOf(same), score });
      }
    }
    const hits: VectorHit[] = [];
    for (const h of vectorHits) {
      for (const slot of matrix.slotsOf(vectorOf(h.key))) {
        if (searched(slot)) hits.push(cache.hitOf(slot, h.score));
      }
    }
    hits.sort((a, b) => (a.score !== b.score ? b.score - a.score : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return hits.slice(0, query.k);
  }

  /** Saves the index (when it has a file and unsaved additions) and frees it. */
  close(): void {
    if (this.unsaved > 0) this.save();
    this.index.close();
  }

  private addVectors(matrix: FieldMatrix, vectors: readonly number[]): void {
    const d = this.space.dimension;
    for (let start = 0; start < vectors.length; start += BUILD_CHUNK) {
      const chunk = vectors.slice(start, start + BUILD_CHUNK);
      const rows = new Float32Array(chunk.length * d);
      chunk.forEach((v, i) => {
        rows.set(matrix.data.subarray(v * d, (v + 1) * d), i * d);
      });
      this.index.add({ keys: chunk.map((v) => matrix.digestOf(v)), vectors: rows });
      this.unsaved += chunk.length;
    }
  }

  private saveWhenDue(): void {
    if (this.unsaved > Math.max(1000, this.index.size / 10)) this.save();
  }

  private save(): void {
    const path = indexPath(this.identity);
    this.unsaved = 0;
    if (path === undefined || this.identity.directory === undefined) return;
    mkdirSync(this.identity.directory, { recursive: true });
    this.index.save({
      path,
      metadata: {
        format: INDEX_FILE_FORMAT,
        storeId: this.identity.storeId,
        namespace: this.identity.namespace,
        embedder: this.space.embedder,
        dimension: this.space.dimension,
      },
    });
  }
}
