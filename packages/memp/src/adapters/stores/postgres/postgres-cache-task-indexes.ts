import type { EmbeddingSpace, VectorHit } from '../../../ports/memory-store.js';
import type { CheckedSearch } from '../shared/store-validation.js';
import { NamespaceTaskIndex, type TaskIndexIdentity, liveVectorCount } from '../sqlite/namespace-task-index.js';
import type { NamespaceVectorCache } from '../sqlite/vector-matrix-cache.js';

/** Distinct task vectors from which a missing index is built a slice at a time rather than within one search. */
export const CACHE_INDEX_BACKGROUND_BUILD_FROM = 4096;
/** Vectors a build adds between looks at the clock. */
const BUILD_CHUNK = 32;
/** Time a build takes per turn of the event loop, ms. */
const BUILD_SLICE_MS = 50;

/** What a change to a cache did, for its index: slots that got new vectors, and vectors that may have died. */
export interface CachedVectorDelta {
  added: number[];
  replaced: number[];
}

/** A task index being built a slice at a time: the digests of the live vectors when it started, and how far it got. */
interface Build {
  index: NamespaceTaskIndex;
  cache: NamespaceVectorCache;
  digests: number[];
  next: number;
  timer: NodeJS.Immediate | undefined;
}

/**
 * In-process HNSW task indexes (usearch, through the SQLite store's {@link NamespaceTaskIndex}) over PostgreSQL
 * namespaces held in `PostgresVectorCaches`, for namespaces of more than `minActive` active memories: the index
 * proposes candidate vectors, which are re-scored exactly from the cache and filtered by status there, so a search
 * can miss a neighbour but never returns a wrong score or a deprecated memory. Memory only (no file: each process
 * builds its own from the vectors it loaded). A namespace of {@link CACHE_INDEX_BACKGROUND_BUILD_FROM} or more distinct
 * vectors gets its index built {@link BUILD_SLICE_MS} ms per turn of the event loop, searching exactly (in the
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
    if (building !== undefined && sameSpace(building.index.space, space)) {
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
    if (build.timer !== undefined) clearImmediate(build.timer);
    if (this.builds.get(namespace) === build) this.builds.delete(namespace);
    build.index.close();
  }

  /**
   * Builds the index of a large namespace without stopping the event loop for it: a slice per turn, the namespace
   * searching exactly until it is complete, then a catch-up on the changes made meanwhile (the index's first
   * search brings it fully in step with the cache).
   */
  private startBuild(
    namespace: string,
    cache: NamespaceVectorCache,
    space: EmbeddingSpace,
    identity: TaskIndexIdentity,
  ): void {
    const matrix = cache.taskMatrix();
    if (matrix === undefined) return;
    const digests: number[] = [];
    for (let v = 0; v < matrix.vectors; v++) if (matrix.slotsOf(v).length > 0) digests.push(matrix.digestOf(v));
    const build: Build = {
      index: NamespaceTaskIndex.create({ space, identity, vectors: digests.length }),
      cache,
      digests,
      next: 0,
      timer: undefined,
    };
    const step = () => {
      build.timer = undefined;
      if (this.builds.get(namespace) !== build) return;
      const current = build.cache.taskMatrix();
      if (current === undefined) {
        this.abandon(namespace, build);
        return;
      }
      try {
        const started = performance.now();
        do {
          const end = Math.min(build.digests.length, build.next + BUILD_CHUNK);
          build.index.addDigests(current, build.digests.slice(build.next, end));
          build.next = end;
        } while (build.next < build.digests.length && performance.now() - started < BUILD_SLICE_MS);
        if (build.next < build.digests.length) {
          build.timer = setImmediate(step).unref();
          return;
        }
        this.builds.delete(namespace);
        build.index.catchUp(build.cache);
        this.indexes.set(namespace, build.index);
      } catch {
        // Searches stay exact; the next one starts another build.
        this.abandon(namespace, build);
      }
    };
    this.builds.set(namespace, build);
    build.timer = setImmediate(step).unref();
  }
}

function sameSpace(a: EmbeddingSpace, b: EmbeddingSpace): boolean {
  return a.embedder === b.embedder && a.dimension === b.dimension;
}
