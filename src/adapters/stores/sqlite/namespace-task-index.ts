import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { isMempError } from '../../../core/errors.js';
import type { EmbeddingSpace, VectorHit } from '../../../ports/memory-store.js';
import type { ApproximateVectorIndex } from '../../indexes/approximate-vector-index.js';
import { searchWithRerank } from '../../indexes/search-with-rerank.js';
import { createUsearchVectorIndex, openUsearchVectorIndex } from '../../indexes/usearch-vector-index.js';
import type { CheckedSearch } from '../shared/store-validation.js';
import type { NamespaceVectorCache } from './vector-matrix-cache.js';

/** Version of what an index file's metadata means; a file of another version is rebuilt. */
const INDEX_FILE_FORMAT = 1;
/** Vectors added per call while building, so the build never copies the whole matrix at once. */
const BUILD_CHUNK = 8192;
/** Extra hits re-ranked beyond k, so that ties at the k-th score are broken by id like the exact search. */
const TIE_MARGIN = 10;

/** Where a namespace's index file lives and what it must match to be reused. */
export interface TaskIndexIdentity {
  namespace: string;
  /** `store_meta.store_id`: an index file of another database is never used. */
  storeId: string;
  /** The directory of index files; undefined keeps the index in memory only (`:memory:` databases). */
  directory: string | undefined;
}

function indexPath(identity: TaskIndexIdentity): string | undefined {
  if (identity.directory === undefined) return undefined;
  const name = createHash('sha256').update(identity.namespace).digest('hex').slice(0, 24);
  return join(identity.directory, `${name}.task.usearch`);
}

/**
 * The approximate index over one namespace's task vectors (Key=Query), keyed by `memory_embeddings.key`. A key
 * names one set of vectors forever (a memory whose vectors change gets a new key), so keeping the index in step
 * with the database is adding the keys it has not seen and removing the keys that died. It only proposes
 * candidates: every hit is re-scored exactly from the namespace's cache, and deprecated, deleted or unknown keys
 * are filtered out there, so a stale entry can cost recall but never return a wrong memory or score.
 *
 * It outlives the namespace's cache: the store reports every change the cache takes in ({@link afterChange}),
 * and when the cache had to be loaded afresh, {@link catchUp} adds the keys above {@link maxKey} and rebuilds
 * when too many indexed keys died.
 * It is saved to a file beside the database (atomically) after a build and every so many additions, and on close,
 * so that opening a large store does not rebuild it.
 */
export class NamespaceTaskIndex {
  /** Largest key added. Every live key at or below it is in the index (keys grow in commit order). */
  maxKey = 0;
  /** The cache this index was last brought in step with. */
  private syncedWith: NamespaceVectorCache | undefined;
  private unsaved = 0;

  private constructor(
    private index: ApproximateVectorIndex,
    readonly space: EmbeddingSpace,
    private readonly identity: TaskIndexIdentity,
  ) {}

  /**
   * The namespace's index: the saved file when it matches (same database, space and format, and no key beyond
   * `lastKey`, the database's last assigned key), else a fresh build from `cache`. Either way in step with `cache`.
   */
  static open(options: {
    cache: NamespaceVectorCache;
    space: EmbeddingSpace;
    identity: TaskIndexIdentity;
    lastKey: number;
  }): NamespaceTaskIndex {
    const { cache, space, identity, lastKey } = options;
    const path = indexPath(identity);
    if (path !== undefined) {
      try {
        const opened = openUsearchVectorIndex({ path, dimension: space.dimension });
        const m = opened.metadata;
        const maxKey = m['maxKey'];
        const usable =
          m['format'] === INDEX_FILE_FORMAT &&
          m['storeId'] === identity.storeId &&
          m['namespace'] === identity.namespace &&
          m['embedder'] === space.embedder &&
          typeof maxKey === 'number' &&
          Number.isSafeInteger(maxKey) &&
          maxKey <= lastKey;
        if (usable) {
          const loaded = new NamespaceTaskIndex(opened.index, space, identity);
          loaded.maxKey = maxKey;
          loaded.catchUp(cache);
          return loaded;
        }
        opened.index.close();
      } catch (error) {
        // A missing, damaged or foreign file is rebuilt; anything else is a real failure.
        if (!isMempError(error, 'NOT_FOUND') && !isMempError(error, 'STORAGE_FAILED')) throw error;
      }
    }
    const built = new NamespaceTaskIndex(createUsearchVectorIndex({ dimension: space.dimension }), space, identity);
    built.addAll(cache);
    built.save();
    return built;
  }

  /** Number of vectors in the index. */
  get size(): number {
    return this.index.size;
  }

  /**
   * Brings the index in step with `cache` (a snapshot of the database): adds every key above {@link maxKey}, and
   * rebuilds from scratch when more than a fifth of the indexed keys no longer exist. Cheap when already in step.
   */
  catchUp(cache: NamespaceVectorCache): void {
    if (this.syncedWith === cache) return;
    let liveIndexed = 0;
    const fresh: number[] = [];
    for (const [slot, key] of cache.keys()) {
      if (key <= this.maxKey) liveIndexed += 1;
      else fresh.push(slot);
    }
    const dead = this.index.size - liveIndexed;
    if (dead > Math.max(64, this.index.size / 5)) {
      this.index.close();
      this.index = createUsearchVectorIndex({ dimension: this.space.dimension });
      this.maxKey = 0;
      this.addAll(cache);
      this.save();
      return;
    }
    this.addSlots(cache, fresh);
    this.syncedWith = cache;
    this.saveWhenDue();
  }

  /**
   * Records a change that `cache` already reflects (a write of this process, or of another one that the cache
   * caught up on): `added` slots got new keys, the `replaced` keys died. Only when the index was in step with
   * `cache` before; otherwise the next search catches up.
   */
  afterChange(cache: NamespaceVectorCache, change: { added: number[]; replaced: number[] }): void {
    if (this.syncedWith !== cache) return;
    for (const key of change.replaced) this.index.remove(key);
    this.addSlots(cache, change.added);
    this.saveWhenDue();
  }

  /**
   * Searches the task field through the index: candidates re-scored exactly (same arithmetic as the exact scan),
   * filtered by status, best first with ties by id. Undefined when the index could not supply enough acceptable
   * candidates: the caller then runs the exact scan.
   */
  search(cache: NamespaceVectorCache, query: CheckedSearch): VectorHit[] | undefined {
    this.catchUp(cache);
    const queries = query.queries.map((q) => Float64Array.from(q));
    const mean = new Float32Array(this.space.dimension);
    for (const q of query.queries)
      for (let i = 0; i < mean.length; i++) mean[i] = (mean[i] as number) + (q[i] as number);
    const slotOf = (key: number): number | undefined => cache.slotForKey(key);
    const result = searchWithRerank({
      index: this.index,
      query: mean,
      k: query.k + TIE_MARGIN,
      minScore: query.minScore,
      accept: (key) => {
        const slot = slotOf(key);
        return slot !== undefined && cache.hasStatus(slot, query.statuses);
      },
      score: (key) => cache.taskScore(slotOf(key) as number, queries) ?? Number.NEGATIVE_INFINITY,
    });
    if (!result.complete) return undefined;
    const hits = result.hits.map((h) => ({ id: cache.ids[slotOf(h.key) as number] as string, score: h.score }));
    hits.sort((a, b) => (a.score !== b.score ? b.score - a.score : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return hits.slice(0, query.k);
  }

  /** Saves the index (when it has a file) and frees it. */
  close(): void {
    if (this.unsaved > 0) this.save();
    this.index.close();
  }

  private addAll(cache: NamespaceVectorCache): void {
    const slots: number[] = [];
    for (const [slot] of cache.keys()) slots.push(slot);
    this.addSlots(cache, slots);
    this.syncedWith = cache;
  }

  private addSlots(cache: NamespaceVectorCache, slots: readonly number[]): void {
    const d = this.space.dimension;
    for (let start = 0; start < slots.length; start += BUILD_CHUNK) {
      const chunk = slots.slice(start, start + BUILD_CHUNK);
      const keys: number[] = [];
      const vectors = new Float32Array(chunk.length * d);
      for (const slot of chunk) {
        const key = cache.keyOf(slot);
        if (key === undefined || this.index.has(key) || !cache.copyTaskVector(slot, vectors, keys.length * d)) continue;
        keys.push(key);
        if (key > this.maxKey) this.maxKey = key;
      }
      if (keys.length > 0) this.index.add({ keys, vectors: vectors.slice(0, keys.length * d) });
      this.unsaved += keys.length;
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
        maxKey: this.maxKey,
      },
    });
  }
}
