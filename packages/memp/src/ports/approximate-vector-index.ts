/**
 * Caller-owned facts saved with an index file (e.g. `{ embedder, dimension, maxKey }`), given back on open so the
 * caller can decide whether the file still matches its data. Any JSON object; the index never interprets it.
 */
export type VectorIndexMetadata = Record<string, unknown>;

/** Arguments of {@link ApproximateVectorIndex.add}. */
export interface VectorIndexAdd {
  /**
   * One key per row: non-negative safe integers (< 2^53), distinct, and not already in the index. The store uses
   * its row ids (an AUTOINCREMENT column), so a key is never reused and its vector never changes.
   */
  keys: readonly number[];
  /** The rows as one flat row-major matrix: `keys.length × dimension` float32 values. */
  vectors: Float32Array;
}

/** Arguments of {@link ApproximateVectorIndex.search}. */
export interface VectorIndexSearch {
  /** The query vector, `dimension` float32 values. */
  query: Float32Array;
  /** How many candidates to return at most (a positive integer). */
  count: number;
}

/** Arguments of {@link ApproximateVectorIndex.save}. */
export interface VectorIndexSave {
  /** The file to (re)write. It is replaced atomically: readers see the old file or the new one, never a mix. */
  path: string;
  /** Caller facts stored with the index and returned when it is opened. */
  metadata: VectorIndexMetadata;
}

/**
 * An approximate nearest-neighbour index over float32 vectors with integer keys, for namespaces too large to scan
 * on every query. It only proposes candidates: callers re-rank them exactly (see `searchWithRerank`), filter keys
 * that are no longer live, and fall back to an exact scan when the index cannot supply enough.
 *
 * Similarity is cosine. Not safe for concurrent use from several threads; one process may hold several indexes.
 * After {@link close} every method except `close` throws `STORAGE_FAILED`.
 */
export interface ApproximateVectorIndex {
  /**
   * The version of the ApproximateVectorIndex specification this implementation follows. memp checks it where the port is handed
   * over and refuses a version it does not know (`INVALID_ARGUMENT`), so a change to the port cannot pass silently.
   */
  readonly specificationVersion: 'v1';
  /** Vector length, fixed at creation. */
  readonly dimension: number;
  /** Number of live (added and not removed) vectors. */
  readonly size: number;
  /** True when `key` is live in the index. */
  has(key: number): boolean;
  /**
   * Adds rows. Throws `INVALID_ARGUMENT` for a bad key, a duplicate key (in the call or already present) or a
   * matrix whose length is not `keys.length × dimension`; nothing is added then.
   */
  add(options: VectorIndexAdd): void;
  /** Removes `key` so that no later search returns it. Returns false when it was not present. */
  remove(key: number): boolean;
  /**
   * Up to `count` distinct live keys, most similar first by the index's own (approximate, possibly quantized)
   * distance. May miss true neighbours: that is the price of speed, which re-ranking and widening make up for.
   */
  search(options: VectorIndexSearch): number[];
  /** Writes the index and `metadata` to `path` atomically (temp file in the same directory, fsync, rename). */
  save(options: VectorIndexSave): void;
  /** Frees the native memory. Idempotent. */
  close(): void;
}
