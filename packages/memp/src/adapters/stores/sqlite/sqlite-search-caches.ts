import type { EmbeddingSpace, MemoryKindAndStatus, VectorHit, VectorSearch } from '../../../ports/memory-store.js';
import type { FieldMatrix } from './field-matrix.js';
import type { ChangePlan } from '../shared/plan-change.js';
import { checkSearch } from '../shared/store-validation.js';
import { type CacheDelta, refreshNamespaceCache } from './sqlite-cache-refresh.js';
import type { SqliteDatabase } from './sqlite-database.js';
import type { SqliteStatements } from './sqlite-statements.js';
import { loadFieldMatrix, loadNamespaceCache, readGeneration } from './sqlite-vector-loader.js';
import type { GenerationStep } from './sqlite-writes.js';
import { NamespaceTaskIndex, type TaskIndexIdentity, liveVectorCount } from './namespace-task-index.js';
import { SlicedTaskIndexBuild } from './sliced-task-index-build.js';
import type { NamespaceVectorCache } from './vector-matrix-cache.js';

/**
 * The SQLite store's search side: per-namespace `Float32Array` matrices cached in this process and, for large
 * namespaces, their task index. A per-namespace change counter (generation), read on every search, keeps them
 * current: writes of this process patch the cache; after writes of others it re-reads just the memories they
 * changed (`search_changes`), or loads afresh.
 */
export class SqliteSearchCaches {
  private readonly caches = new Map<string, NamespaceVectorCache>();
  private readonly taskIndexes = new Map<string, NamespaceTaskIndex>();
  /** Task indexes being built a slice at a time (their namespaces search exactly meanwhile). */
  private readonly builds = new Map<string, SlicedTaskIndexBuild>();

  constructor(
    private readonly database: SqliteDatabase,
    private readonly st: SqliteStatements,
    /** Active memories a namespace needs before its task search goes through an index. */
    private readonly minActive: number,
    /** Where index files live; undefined keeps them in memory. */
    private readonly indexDirectory: string | undefined,
    /** Distinct task vectors from which a missing index is built in slices rather than at once. */
    private readonly backgroundBuildFrom: number,
  ) {}

  /** Exact (or, on a large namespace's task field, indexed and re-scored) search on a current cache. */
  search(namespace: string, query: VectorSearch): VectorHit[] {
    const field = query.field === 'keywords' ? 'keywords' : 'task';
    const cache = this.current(namespace, field);
    return this.database.guard(() => {
      const checked = checkSearch(query, cache.space);
      if (field === 'task') {
        const hits = this.taskIndexFor(namespace, cache)?.search(cache, checked);
        if (hits !== undefined) return hits;
      }
      return cache.search(checked);
    });
  }

  /**
   * The kind and status of `ids` from the namespace's cache when it is current (one single-row read), else
   * undefined (the caller reads them from the table).
   */
  kinds(namespace: string, ids: readonly string[]): Map<string, MemoryKindAndStatus> | undefined {
    const cached = this.caches.get(namespace);
    if (cached === undefined) return undefined;
    const generation = this.database.guard(() => readGeneration(this.st, namespace));
    return cached.generation === generation ? cached.kindsOf(ids) : undefined;
  }

  /** Patches the namespace's cache (and index) with a change this process just committed. */
  afterChange(plan: ChangePlan, generation: GenerationStep): void {
    this.afterWrite(plan.namespace, generation, (cache) => {
      if (plan.newSpace !== undefined) return undefined;
      const delta: CacheDelta = { added: [], replaced: [] };
      for (const [id, p] of plan.memories) {
        if (!p.searchChanged) continue;
        const slot = cache.upsert(id, p.memory.status, p.memory.kind);
        if (p.vectors === undefined) continue;
        const old = cache.vectorVersion(slot);
        cache.replaceVectors(slot, p.vectors, generation.after);
        delta.added.push(slot);
        if (old !== undefined) delta.replaced.push(old);
      }
      for (const id of plan.deleted) {
        const old = cache.remove(id);
        if (old !== undefined) delta.replaced.push(old);
      }
      return delta;
    });
  }

  /** Drops the namespace's cache after this process re-embedded it (the next search loads afresh). */
  afterReembed(namespace: string, generation: GenerationStep): void {
    this.afterWrite(namespace, generation, () => undefined);
  }

  /** Forgets every cache, stops every build and closes every index. */
  close(): void {
    this.caches.clear();
    try {
      for (const build of this.builds.values()) build.stop();
      for (const index of this.taskIndexes.values()) index.close();
    } finally {
      this.builds.clear();
      this.taskIndexes.clear();
    }
  }

  /**
   * Brings the cache of `namespace` in step with a write this process just committed: `patch` applies it when the
   * cache was current before the write. A cache that missed writes of other processes first is left as it is: the
   * next search catches it up from `search_changes`, this write included (dropping it, as before, made every
   * process sharing a file reload the whole namespace after nearly every write it made once writes interleaved).
   * When `patch` gives up (undefined), the cache is dropped.
   */
  private afterWrite(
    namespace: string,
    generation: GenerationStep,
    patch: (cache: NamespaceVectorCache) => CacheDelta | undefined,
  ): void {
    const cache = this.caches.get(namespace);
    if (cache === undefined || generation.before === generation.after) return;
    if (cache.generation !== generation.before) return;
    const delta = patch(cache);
    if (delta === undefined) {
      this.caches.delete(namespace);
      return;
    }
    cache.generation = generation.after;
    this.taskIndexes.get(namespace)?.afterChange(cache, delta);
  }

  /**
   * The namespace's cache with `field` built, current as of the database's latest commit: patched with just the
   * memories other connections changed since it was loaded when it can be, else loaded afresh.
   */
  private current(namespace: string, field: 'task' | 'keywords'): NamespaceVectorCache {
    const { st } = this;
    // Fast path: one indexed single-row read, no transaction.
    const cached = this.caches.get(namespace);
    const generation = this.database.guard(() => readGeneration(st, namespace));
    if (cached !== undefined && cached.generation === generation && cached.field(field) !== undefined) return cached;
    return this.database.read(() => {
      let cache = this.caches.get(namespace);
      if (cache !== undefined && cache.generation !== readGeneration(st, namespace)) {
        const delta = refreshNamespaceCache(st, namespace, cache);
        if (delta === undefined) cache = undefined;
        else this.taskIndexes.get(namespace)?.afterChange(cache, delta);
      }
      if (cache === undefined) {
        cache = loadNamespaceCache(st, namespace);
        this.caches.set(namespace, cache);
      }
      if (cache.field(field) === undefined) cache.setField(field, loadFieldMatrix(st, namespace, cache, field));
      return cache;
    });
  }

  /** The namespace's task index when it is large enough for one (opened or built on first use). */
  private taskIndexFor(namespace: string, cache: NamespaceVectorCache): NamespaceTaskIndex | undefined {
    const space = cache.space;
    if (space === undefined || cache.activeCount < this.minActive) return undefined;
    let index = this.taskIndexes.get(namespace);
    if (index !== undefined && (index.space.embedder !== space.embedder || index.space.dimension !== space.dimension)) {
      index.close();
      this.taskIndexes.delete(namespace);
      index = undefined;
    }
    if (index === undefined) {
      if (this.builds.has(namespace)) return undefined;
      const storeId = this.database.read(() => String(this.st.storeId.pluck().get()));
      const identity = { namespace, storeId, directory: this.indexDirectory };
      const matrix = cache.taskMatrix();
      if (matrix === undefined || liveVectorCount(matrix) < this.backgroundBuildFrom) {
        index = NamespaceTaskIndex.open({ cache, space, identity });
      } else {
        index = NamespaceTaskIndex.openSaved({ cache, space, identity });
        if (index === undefined) {
          this.startBuild({ namespace, cache, space, identity });
          return undefined;
        }
      }
      this.taskIndexes.set(namespace, index);
    }
    return index;
  }

  /**
   * Builds the task index of a large namespace a slice per turn of the event loop ({@link SlicedTaskIndexBuild}),
   * the namespace searching exactly until it is complete; then it serves. A build
   * whose namespace's cache was dropped or changed space is abandoned (the next search starts another).
   */
  private startBuild(options: {
    namespace: string;
    cache: NamespaceVectorCache;
    space: EmbeddingSpace;
    identity: TaskIndexIdentity;
  }): void {
    const { namespace, cache, space, identity } = options;
    const build = new SlicedTaskIndexBuild({
      matrix: cache.taskMatrix() as FieldMatrix,
      space,
      identity,
      cacheNow: () => {
        const current = this.caches.get(namespace);
        const same = current?.space?.embedder === space.embedder && current?.space?.dimension === space.dimension;
        return same ? current : undefined;
      },
      onComplete: (index) => {
        if (this.builds.get(namespace) === build) this.builds.delete(namespace);
        this.taskIndexes.set(namespace, index);
      },
      onAbandon: () => {
        if (this.builds.get(namespace) === build) this.builds.delete(namespace);
      },
    });
    this.builds.set(namespace, build);
  }
}
