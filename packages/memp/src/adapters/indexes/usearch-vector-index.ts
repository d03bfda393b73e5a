import { createRequire } from 'node:module';
import type * as Usearch from 'usearch';
import { z } from 'zod';
import { MempError, wrapError } from '../../core/errors.js';
import type {
  ApproximateVectorIndex,
  VectorIndexAdd,
  VectorIndexMetadata,
  VectorIndexSave,
  VectorIndexSearch,
} from '../../ports/approximate-vector-index.js';
import { readVectorIndexFile, unusableIndexFile, writeVectorIndexFile } from './vector-index-file.js';

type UsearchModule = typeof Usearch;
type NativeIndex = InstanceType<UsearchModule['Index']>;
let loadedUsearch: UsearchModule | undefined;

/**
 * usearch's CommonJS build, loaded on first use: opening a small store never loads the native library, and the
 * CommonJS build finds its binary from its own directory (the ES module build inspects the call stack for it, and
 * overflows the stack when memp is imported from `node -e` or the REPL).
 */
function usearch(): UsearchModule {
  loadedUsearch ??= createRequire(import.meta.url)('usearch') as UsearchModule;
  return loadedUsearch;
}

/** How vectors are stored inside the index (re-ranking always uses the caller's exact float32 vectors). */
export type UsearchQuantization = 'f32' | 'f16' | 'bf16' | 'i8';

const QUANTIZATION: Record<UsearchQuantization, keyof UsearchModule['ScalarKind']> = {
  f32: 'F32',
  f16: 'F16',
  bf16: 'BF16',
  i8: 'I8',
};

/**
 * HNSW settings of {@link createUsearchVectorIndex}. The defaults were chosen with `npm run bench:ann` (see the
 * bench's output): at 100k and 1M vectors of 512 and 1536 dimensions they give recall@10 ≥ 0.98 after exact
 * re-ranking of `max(40, 4k)` candidates, well under 1 ms per search.
 */
export interface UsearchTuning {
  /**
   * Scalar type of the vectors kept in the index. Default `'f16'`: half the memory of `'f32'`, and faster here
   * (float16 distance kernels); `'i8'` is faster still and smaller: with 16 edges per node it lost recall here
   * (0.97–0.98 on the hashing embedder), with 32 (the SQLite store's task index) it did not, after re-ranking.
   */
  quantization?: UsearchQuantization;
  /** HNSW edges per node (M). Default 16. More edges: better recall, bigger index, slower build. Fixed at build. */
  connectivity?: number;
  /** Beam width while inserting (efConstruction). Default 64. Fixed at build. */
  expansionAdd?: number;
  /**
   * Beam width while searching (ef); a search for `count` candidates uses `max(expansionSearch, count)`.
   * Default 64. Not stored in the file: the value given to open applies.
   */
  expansionSearch?: number;
  /**
   * Threads for {@link ApproximateVectorIndex.add} (blocking the caller). Default 1: usearch's concurrent
   * insertion (seen with 2.26.2) strands a few nodes where no search reaches them (unum-cloud/USearch#735; here
   * about 1 in 4,000 of 16-d vectors), and a second thread gained nothing measurable on this shared 2-core machine.
   * Use 2 only for a throwaway bulk build where a few unreachable vectors are acceptable.
   */
  addThreads?: number;
}

/** Options of {@link createUsearchVectorIndex}. */
export interface UsearchVectorIndexOptions extends UsearchTuning {
  /** Vector length, a positive integer. */
  dimension: number;
}

/** Options of {@link openUsearchVectorIndex}. */
export interface OpenUsearchVectorIndexOptions extends UsearchTuning {
  /** The file written by `save`. */
  path: string;
  /** The dimension the caller expects; a file of another dimension is refused (`dimension-mismatch`). */
  dimension: number;
  /**
   * Check the CRC-32 of the whole file before parsing it (default true; about 0.3 s per GB). A damaged graph
   * could crash the native library, so turn it off only for files this process just wrote.
   */
  verifyChecksum?: boolean;
}

/** What {@link openUsearchVectorIndex} returns: the index and the caller's metadata saved with it. */
export interface OpenedUsearchVectorIndex {
  index: ApproximateVectorIndex;
  metadata: VectorIndexMetadata;
}

/** The settings a file records (see `save`); the file's values win over the caller's on open. */
const SavedSettingsSchema = z.object({
  quantization: z.enum(['f32', 'f16', 'bf16', 'i8']),
  connectivity: z.number().int().positive(),
  expansionAdd: z.number().int().positive(),
});

/** The defaults of {@link UsearchTuning} (see there for the reasons). */
export const USEARCH_DEFAULT_TUNING = {
  quantization: 'f16',
  connectivity: 16,
  expansionAdd: 64,
  expansionSearch: 64,
  addThreads: 1,
} as const satisfies Required<UsearchTuning>;
const DEFAULTS = USEARCH_DEFAULT_TUNING;
const ENGINE = 'usearch';

function positiveInteger(value: number, field: string): number {
  if (!Number.isInteger(value) || value <= 0) {
    throw new MempError('INVALID_ARGUMENT', `${field} must be a positive integer`, { details: { field, value } });
  }
  return value;
}

function resolveTuning(tuning: UsearchTuning) {
  const quantization = tuning.quantization ?? DEFAULTS.quantization;
  if (!(quantization in QUANTIZATION)) {
    throw new MempError('INVALID_ARGUMENT', `quantization must be one of ${Object.keys(QUANTIZATION).join(', ')}`, {
      details: { field: 'quantization', value: quantization },
    });
  }
  return {
    quantization,
    connectivity: positiveInteger(tuning.connectivity ?? DEFAULTS.connectivity, 'connectivity'),
    expansionAdd: positiveInteger(tuning.expansionAdd ?? DEFAULTS.expansionAdd, 'expansionAdd'),
    expansionSearch: positiveInteger(tuning.expansionSearch ?? DEFAULTS.expansionSearch, 'expansionSearch'),
    addThreads: positiveInteger(tuning.addThreads ?? DEFAULTS.addThreads, 'addThreads'),
  };
}

type ResolvedTuning = ReturnType<typeof resolveTuning>;

function nativeIndex(dimension: number, tuning: ResolvedTuning): NativeIndex {
  try {
    const { Index, MetricKind, ScalarKind } = usearch();
    return new Index({
      dimensions: dimension,
      metric: MetricKind.Cos,
      quantization: ScalarKind[QUANTIZATION[tuning.quantization]],
      connectivity: tuning.connectivity,
      expansion_add: tuning.expansionAdd,
      expansion_search: tuning.expansionSearch,
      multi: false,
    });
  } catch (error) {
    throw wrapError(error, 'STORAGE_FAILED', 'cannot create the usearch index');
  }
}

/** A copy when `v` is a view into a larger buffer: usearch ignores a typed array's byte offset in places. */
function ownBuffer(v: Float32Array): Float32Array {
  return v.byteOffset === 0 && v.byteLength === v.buffer.byteLength ? v : v.slice();
}

function checkKey(key: number, field: string): bigint {
  if (!Number.isSafeInteger(key) || key < 0) {
    throw new MempError('INVALID_ARGUMENT', `${field} must be a non-negative safe integer`, {
      details: { field, value: key },
    });
  }
  return BigInt(key);
}

class UsearchVectorIndex implements ApproximateVectorIndex {
  /** The port specification this adapter follows. */
  readonly specificationVersion = 'v1' as const;
  readonly dimension: number;
  private native: NativeIndex | undefined;
  private readonly tuning: ResolvedTuning;

  constructor(native: NativeIndex, dimension: number, tuning: ResolvedTuning) {
    this.native = native;
    this.dimension = dimension;
    this.tuning = tuning;
  }

  private live(): NativeIndex {
    if (!this.native) throw new MempError('STORAGE_FAILED', 'the vector index is closed');
    return this.native;
  }

  get size(): number {
    return this.live().size();
  }

  has(key: number): boolean {
    if (!Number.isSafeInteger(key) || key < 0) return false;
    return this.live().contains(BigInt(key)) === true;
  }

  add(options: VectorIndexAdd): void {
    const native = this.live();
    const { keys, vectors } = options;
    if (!(vectors instanceof Float32Array) || vectors.length !== keys.length * this.dimension) {
      throw new MempError('INVALID_ARGUMENT', `vectors must be a Float32Array of keys.length × ${this.dimension}`, {
        details: { field: 'vectors', keys: keys.length, length: vectors?.length },
      });
    }
    if (keys.length === 0) return;
    const big = new BigUint64Array(keys.length);
    const seen = new Set<number>();
    keys.forEach((key, i) => {
      big[i] = checkKey(key, `keys[${i}]`);
      if (seen.has(key)) {
        throw new MempError('INVALID_ARGUMENT', `key ${key} appears twice`, { details: { field: `keys[${i}]` } });
      }
      seen.add(key);
    });
    const present = native.contains(big);
    const clash = (typeof present === 'boolean' ? [present] : Array.from(present)).indexOf(true);
    if (clash >= 0) {
      throw new MempError('INVALID_ARGUMENT', `key ${keys[clash]} is already in the index`, {
        details: { field: `keys[${clash}]` },
      });
    }
    for (let i = 0; i < vectors.length; i++) {
      if (!Number.isFinite(vectors[i] as number)) {
        throw new MempError('INVALID_ARGUMENT', 'vectors must hold finite numbers', {
          details: { field: `vectors[${Math.floor(i / this.dimension)}]` },
        });
      }
    }
    try {
      native.add(big, ownBuffer(vectors), this.tuning.addThreads);
    } catch (error) {
      throw wrapError(error, 'STORAGE_FAILED', 'usearch refused to add vectors');
    }
  }

  remove(key: number): boolean {
    const native = this.live();
    if (!Number.isSafeInteger(key) || key < 0) return false;
    try {
      return native.remove(BigInt(key)) === 1;
    } catch (error) {
      throw wrapError(error, 'STORAGE_FAILED', 'usearch refused to remove a vector');
    }
  }

  search(options: VectorIndexSearch): number[] {
    const native = this.live();
    const { query } = options;
    const count = positiveInteger(options.count, 'count');
    if (!(query instanceof Float32Array) || query.length !== this.dimension) {
      throw new MempError('INVALID_ARGUMENT', `query must be a Float32Array of length ${this.dimension}`, {
        details: { field: 'query', length: query?.length },
      });
    }
    if (native.size() === 0) return [];
    let found: { keys: BigUint64Array };
    try {
      found = native.search(ownBuffer(query), count, 1);
    } catch (error) {
      throw wrapError(error, 'STORAGE_FAILED', 'usearch search failed');
    }
    const out = new Array<number>(found.keys.length);
    for (let i = 0; i < found.keys.length; i++) out[i] = Number(found.keys[i]);
    return out;
  }

  save(options: VectorIndexSave): void {
    const native = this.live();
    const { quantization, connectivity, expansionAdd } = this.tuning;
    writeVectorIndexFile({
      path: options.path,
      dimension: this.dimension,
      description: {
        engine: ENGINE,
        settings: { metric: 'cos', quantization, connectivity, expansionAdd },
        size: native.size(),
        metadata: options.metadata,
      },
      writeBlob: (tempPath) => native.save(tempPath),
    });
  }

  close(): void {
    // usearch's JS binding has no explicit free: dropping the last reference lets the garbage collector
    // release the native memory.
    this.native = undefined;
  }
}

/**
 * A new, empty in-memory HNSW index (usearch, cosine metric) behind the {@link ApproximateVectorIndex} port.
 *
 * Quirks handled here: keys cross into usearch as `BigUint64Array`; typed-array views with a byte offset are copied
 * before any usearch call; a failed add leaves the index unchanged (keys and values are checked first).
 *
 * @throws MempError `INVALID_ARGUMENT` for a bad dimension or tuning value.
 */
export function createUsearchVectorIndex(options: UsearchVectorIndexOptions): ApproximateVectorIndex {
  const dimension = positiveInteger(options.dimension, 'dimension');
  const tuning = resolveTuning(options);
  return new UsearchVectorIndex(nativeIndex(dimension, tuning), dimension, tuning);
}

/**
 * Opens an index file written by {@link ApproximateVectorIndex.save}: loads it fully into memory (a memory-mapped
 * view would open faster but usearch refuses adds and removes on it, and the store must keep the index in step
 * with every write). Quantization and connectivity come from the file; `expansionSearch` and `addThreads` from
 * `options`.
 *
 * @throws MempError `NOT_FOUND` when the file does not exist; `STORAGE_FAILED` with `details.reason` when it is
 *   truncated, damaged, of another format version, written by another engine or of another dimension than
 *   `options.dimension` (see `VectorIndexFileProblem`). Never crashes on a damaged file when `verifyChecksum` is on.
 */
export function openUsearchVectorIndex(options: OpenUsearchVectorIndexOptions): OpenedUsearchVectorIndex {
  const { path } = options;
  const dimension = positiveInteger(options.dimension, 'dimension');
  const info = readVectorIndexFile({ path, verifyBlob: options.verifyChecksum ?? true });
  const { description } = info;
  if (description.engine !== ENGINE || description.settings['metric'] !== 'cos') {
    throw unusableIndexFile(path, 'engine-mismatch', `written by ${description.engine}, expected ${ENGINE}/cos`);
  }
  if (info.dimension !== dimension) {
    throw unusableIndexFile(path, 'dimension-mismatch', `dimension ${info.dimension}, expected ${dimension}`);
  }
  const saved = SavedSettingsSchema.safeParse(description.settings);
  if (!saved.success) throw unusableIndexFile(path, 'corrupt', 'unexpected usearch settings in the description');
  const tuning = resolveTuning({ ...options, ...saved.data });
  const native = nativeIndex(dimension, tuning);
  try {
    native.load(path);
  } catch (error) {
    throw unusableIndexFile(path, 'engine-refused', error instanceof Error ? error.message : String(error));
  }
  if (native.dimensions() !== dimension || native.size() !== description.size) {
    throw unusableIndexFile(path, 'corrupt', 'the loaded index does not match its description');
  }
  return { index: new UsearchVectorIndex(native, dimension, tuning), metadata: description.metadata };
}
