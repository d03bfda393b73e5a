import type { EmbeddingSpace } from '../../../ports/memory-store.js';
import type { FieldMatrix } from './field-matrix.js';
import { NamespaceTaskIndex, type TaskIndexIdentity } from './namespace-task-index.js';
import type { NamespaceVectorCache } from './vector-matrix-cache.js';

/** Vectors a build adds between looks at the clock. */
const BUILD_CHUNK = 32;
/** Time a build takes per turn of the event loop, ms. */
export const BUILD_SLICE_MS = 50;

/**
 * A namespace's task index built without stopping the event loop for it (100,000 memories took 8–12 s to index at
 * once on 2 cores, during which a server answered nothing): the live vectors of the cache when the build starts are
 * added a slice of at most {@link BUILD_SLICE_MS} ms per turn of the event loop; the namespace is searched exactly
 * meanwhile (5–9 ms at 100k memories against about 1 through the index, so finishing soon matters more than a
 * request's wait, which a slice lengthens by at most {@link BUILD_SLICE_MS} ms). At the end the index catches up on the changes
 * the cache took in meanwhile and is handed over. Used by the SQLite store and by the PostgreSQL store's vector
 * cache.
 */
export class SlicedTaskIndexBuild {
  private readonly index: NamespaceTaskIndex;
  private readonly digests: number[] = [];
  private next = 0;
  private timer: NodeJS.Immediate | undefined;
  /** `running` until the index is handed over (`done`) or the build is given up (`stopped`). */
  private state: 'running' | 'done' | 'stopped' = 'running';
  /** The space the index is built for. */
  readonly space: EmbeddingSpace;

  /**
   * Starts building. `cacheNow` returns the namespace's cache as it is now, or undefined when the build must be
   * abandoned (the cache was dropped or changed space); `onComplete` receives the finished index, `onAbandon` is
   * told when the build gave up (the index is closed by then; the next search may start another).
   */
  constructor(options: {
    matrix: FieldMatrix;
    space: EmbeddingSpace;
    identity: TaskIndexIdentity;
    cacheNow: () => NamespaceVectorCache | undefined;
    onComplete: (index: NamespaceTaskIndex) => void;
    onAbandon: () => void;
  }) {
    const { matrix } = options;
    this.space = options.space;
    for (let v = 0; v < matrix.vectors; v++) if (matrix.slotsOf(v).length > 0) this.digests.push(matrix.digestOf(v));
    this.index = NamespaceTaskIndex.create({
      space: options.space,
      identity: options.identity,
      vectors: this.digests.length,
    });
    const step = () => {
      this.timer = undefined;
      if (this.state !== 'running') return;
      const cache = options.cacheNow();
      const current = cache?.taskMatrix();
      if (cache === undefined || current === undefined) {
        this.stop();
        options.onAbandon();
        return;
      }
      try {
        const started = performance.now();
        do {
          const end = Math.min(this.digests.length, this.next + BUILD_CHUNK);
          this.index.addDigests(current, this.digests.slice(this.next, end));
          this.next = end;
        } while (this.next < this.digests.length && performance.now() - started < BUILD_SLICE_MS);
        if (this.next < this.digests.length) {
          this.timer = setImmediate(step).unref();
          return;
        }
        this.index.catchUp(cache);
      } catch {
        // Searches stay exact; the next one starts another build.
        this.stop();
        options.onAbandon();
        return;
      }
      this.state = 'done';
      options.onComplete(this.index);
    };
    this.timer = setImmediate(step).unref();
  }

  /** Abandons the build (no callback) and frees its index; a completed build's index is the owner's to close. */
  stop(): void {
    if (this.state !== 'running') return;
    this.state = 'stopped';
    if (this.timer !== undefined) clearImmediate(this.timer);
    this.timer = undefined;
    this.index.close();
  }
}
