import type { EmbeddingSpace, VectorHit } from '../../../ports/memory-store.js';
import type { CheckedSearch } from '../shared/store-validation.js';
import { NamespaceTaskIndex, type TaskIndexIdentity, liveVectorCount } from '../sqlite/namespace-task-index.js';
import { SlicedTaskIndexBuild } from '../sqlite/sliced-task-index-build.js';
import type { NamespaceVectorCache } from '../sqlite/vector-matrix-cache.js';

/** Distinct task vectors from which a missing index is built a slice at a time rather than within one search. */
export const CACHE_INDEX_BACKGROUND_BUILD_FROM = 4096;

/** What a change to a cache did, for its index: slots that got new vectors, and vectors that may have died. */
export interface CachedVectorDelta {
  added: number[];
  replaced: number[];
}

/** A task index being built a slice at a time, over the namespace's cache (replaced when the cache is reloaded). */
interface Build {
  slices: SlicedTaskIndexBuild;
  cache: NamespaceVectorCache;
}

/**
 * In-process HNSW task indexes (usearch, through the SQLite store's {@link NamespaceTaskIndex}) over PostgreSQL
 * namespaces held in `PostgresVectorCaches`, for namespaces of more than `minActive` active memories: the index
 * proposes candidate vectors, which are re-scored exactly from the cache and filtered by status there, so a search
 * can miss a neighbour but never returns a wrong score or a deprecated memory. Memory only (no file: each process
 * builds its own from the vectors it loaded). A namespace of {@link CACHE_INDEX_BACKGROUND_BUILD_FROM} or more distinct
 * vectors gets its index built a slice per turn of the event loop ({@link SlicedTaskIndexBuild}), searching exactly (in the
 * cache) until the index is complete; then it catches up on the changes the cache took in meanwhile. A build whose
 * cache was replaced (reloaded) or dropped is abandoned; the next search starts another.
 */
export class CacheTaskIndexes {
  private readonly indexes = new Map<string, NamespaceTaskIndex>();
  private readonly builds = new Map<string, Build>();

  constructor(
    /** Active memories a namespace needs before its task search goes through an index. */
    private readonly minActive: number,
    /** Distinct task vectors from which a missing index is built in slices rather than at once. */
    private readonly backgroundBuildFrom: number = CACHE_INDEX_BACKGROUND_BUILD_FROM,
  ) {}

  /**
   * The task hits of `query` through the namespace's index, or undefined when the namespace is too small for one,
   * its index is still being built, or the index could not supply enough candidates: the caller searches exactly.
   */
  search(namespace: string, cache: NamespaceVectorCache, query: CheckedSearch): VectorHit[] | undefined {
    const space = cache.space;
    const matrix = cache.taskMatrix();
    if (space === undefined || matrix === undefined || cache.activeCount <= this.minActive) return undefined;
    const held = this.indexes.get(namespace);
    // A cache reloaded since (a new object) is caught up with in full by the index's search.
    if (held !== undefined && sameSpace(held.space, space)) return held.search(cache, query);
    if (held !== undefined) this.drop(namespace);
    const building = this.builds.get(namespace);
    if (building !== undefined && sameSpace(building.slices.space, space)) {
      // A build goes on over a reloaded cache: digests it no longer holds are skipped, the rest caught up at the end.
      building.cache = cache;
      return undefined;
    }
    if (building !== undefined) this.abandon(namespace, building);
    const identity: TaskIndexIdentity = { namespace, storeId: 'postgres', directory: undefined };
    if (liveVectorCount(matrix) < this.backgroundBuildFrom) {
      const index = NamespaceTaskIndex.open({ cache, space, identity });
      this.indexes.set(namespace, index);
      return index.search(cache, query);
    }
    this.startBuild(namespace, cache, space, identity);
    return undefined;
  }

  /** Records a change the namespace's cache took in (see {@link NamespaceTaskIndex.afterChange}). */
  afterChange(namespace: string, cache: NamespaceVectorCache, delta: CachedVectorDelta): void {
    this.indexes.get(namespace)?.afterChange(cache, delta);
  }

  /** Whether the namespace's index serves searches (for tests and metrics). */
  has(namespace: string): boolean {
    return this.indexes.has(namespace);
  }

  /** Forgets the namespace's index and stops its build. */
  drop(namespace: string): void {
    const held = this.indexes.get(namespace);
    this.indexes.delete(namespace);
    held?.close();
    const building = this.builds.get(namespace);
    if (building !== undefined) this.abandon(namespace, building);
  }

  /** Stops every build and frees every index. */
  close(): void {
    for (const namespace of [...this.indexes.keys(), ...this.builds.keys()]) this.drop(namespace);
  }

  private abandon(namespace: string, build: Build): void {
    build.slices.stop();
    if (this.builds.get(namespace) === build) this.builds.delete(namespace);
  }

  /**
   * Builds the index of a large namespace a slice per turn of the event loop ({@link SlicedTaskIndexBuild}), the
   * namespace searching exactly until it is complete, then a catch-up on the changes made meanwhile (the index's
   * first search brings it fully in step with the cache).
   */
  private startBuild(
    namespace: string,
    cache: NamespaceVectorCache,
    space: EmbeddingSpace,
    identity: TaskIndexIdentity,
  ): void {
    const matrix = cache.taskMatrix();
    if (matrix === undefined) return;
    // The callbacks run from the next turn of the event loop on, once `build` is set.
    const slices = new SlicedTaskIndexBuild({
      matrix,
      space,
      identity,
      cacheNow: () => build.cache,
      onComplete: (index) => {
        if (this.builds.get(namespace) === build) this.builds.delete(namespace);
        this.indexes.set(namespace, index);
      },
      onAbandon: () => {
        if (this.builds.get(namespace) === build) this.builds.delete(namespace);
      },
    });
    const build: Build = { cache, slices };
    this.builds.set(namespace, build);
  }
}

function sameSpace(a: EmbeddingSpace, b: EmbeddingSpace): boolean {
  return a.embedder === b.embedder && a.dimension === b.dimension;
}
