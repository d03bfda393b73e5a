import { DigestTable } from './digest-table.js';
import { decodeVectorInto } from './vector-encoding.js';

/**
 * The vectors of one field (task or keywords) of one namespace. Each distinct vector is kept once, row-major
 * in `data` (many memories share a keyword such as `fridge`, and tasks repeat); each row of the field (one per
 * memory for the task, one per keyword) points at its vector through `canonical[row]` and at its memory slot
 * through `owner[row]` (`-1` for a dead row left behind by a replacement). A search computes one dot product
 * per distinct vector. Rows of a slot need not be contiguous. Grows geometrically; compacts when half the rows
 * are dead. Sparse vectors are common too (the offline hashing embedder fills ~10% of its dimensions): while
 * every vector is sparse, the matrix also keeps each vector's non-zero entries, and a dot product touches only
 * those.
 */
export class FieldMatrix {
  /** Vector length. */
  readonly dimension: number;
  /** Distinct vectors, row-major; only the first `vectors * dimension` values are meaningful. */
  data: Float32Array;
  /** Number of distinct vectors in `data`. */
  vectors = 0;
  /** Slot of each row, `-1` when dead. */
  owner: Int32Array;
  /** The vector (index into `data`) of each row. */
  canonical: Int32Array;
  /** Rows in use (live and dead). */
  rows = 0;
  private dead = 0;
  /** Content hash → vectors with that hash. */
  private byContent = new Map<number, number[]>();
  /** Per vector: a 53-bit content digest (stable across processes: the approximate index's key). */
  private digests: number[] = [];
  /** Digest → vector. */
  private byDigest: DigestTable;
  /** Per vector: the slots of its live rows (a slot appears once per row). */
  private slotsByVector: number[][] = [];
  /** Per slot: the vector of its first live row, `-1` when none (for the task field: its only row). */
  private slotVector = new Int32Array(64).fill(-1);
  /** True while every vector is sparse enough for {@link dotSparse} (then the `nz*` arrays are kept). */
  sparse = true;
  /** First entry of each vector in `nzIndex`/`nzValue`. */
  nzStart: Int32Array;
  /** Number of non-zero entries of each vector. */
  nzCount: Int32Array;
  /** Column of each non-zero entry. */
  nzIndex = new Int32Array(1024);
  /** Value of each non-zero entry. */
  nzValue = new Float64Array(1024);
  private nzUsed = 0;
  /**
   * While sparse, once a search asked for it ({@link scoreSparse}): per dimension, the vectors with a non-zero entry
   * there and that entry (float32, as stored), in vector order. A query touches only the dimensions it uses.
   */
  private postings: Posting[] | undefined;
  private readonly scratch: Float32Array;

  constructor(options: { dimension: number; capacity: number }) {
    this.dimension = options.dimension;
    const capacity = Math.max(16, options.capacity);
    this.data = new Float32Array(capacity * options.dimension);
    this.owner = new Int32Array(capacity);
    this.canonical = new Int32Array(capacity);
    this.nzStart = new Int32Array(capacity);
    this.nzCount = new Int32Array(capacity);
    this.byDigest = new DigestTable(capacity);
    this.scratch = new Float32Array(options.dimension);
  }

  /** Capacity to reserve for `count` rows or vectors so that a few appends do not reallocate a large matrix. */
  static capacityFor(count: number): number {
    return Math.ceil(count * 1.1) + 64;
  }

  /** Two 32-bit content hashes of `vector`: FNV-1a (the dedup key) and a murmur-style one (for the digest). */
  private contentHashes(vector: Float32Array): { h: number; g: number } {
    const d = this.dimension;
    const words = new Uint32Array(vector.buffer, vector.byteOffset, d);
    let h = 0x811c9dc5;
    let g = 0x9747b28c;
    for (let i = 0; i < d; i++) {
      const w = words[i] as number;
      h = Math.imul(h ^ w, 0x01000193);
      g = Math.imul(g ^ w, 0x5bd1e995);
      g ^= g >>> 15;
    }
    return { h, g };
  }

  /** The stored vector with hash `h` equal to `vector`, if any. */
  private lookup(h: number, vector: Float32Array): number | undefined {
    const d = this.dimension;
    for (const c of this.byContent.get(h) ?? []) {
      let same = true;
      const offset = c * d;
      for (let i = 0; i < d && same; i++) same = this.data[offset + i] === vector[i];
      if (same) return c;
    }
    return undefined;
  }

  /** The index of the stored vector equal to `vector`, if any (live or not). */
  findVector(vector: Float32Array): number | undefined {
    if (vector.length !== this.dimension) return undefined;
    return this.lookup(this.contentHashes(vector).h, vector);
  }

  /** The index of a vector equal to `vector`, adding it when new. */
  addVector(vector: Float32Array): number {
    const d = this.dimension;
    const { h, g } = this.contentHashes(vector);
    const found = this.lookup(h, vector);
    if (found !== undefined) return found;
    const candidates = this.byContent.get(h);
    const index = this.vectors;
    this.reserveVectors(index + 1);
    this.data.set(vector, index * d);
    this.sparsify(index);
    this.vectors += 1;
    if (candidates !== undefined) candidates.push(index);
    else this.byContent.set(h, [index]);
    const digest = (g & 0x1fffff) * 0x100000000 + (h >>> 0);
    this.digests[index] = digest;
    this.slotsByVector[index] = [];
    // Two different vectors with one digest: the later one is not found by digest (only recall can suffer).
    this.byDigest.addIfAbsent(digest, index);
    return index;
  }

  /** Like {@link addVector} for a stored BLOB (see `vector-encoding.ts`). */
  addEncoded(blob: unknown): number {
    decodeVectorInto({ blob, dimension: this.dimension, target: this.scratch, offset: 0 });
    return this.addVector(this.scratch);
  }

  /** Appends a row of `slot` pointing at vector `vector` (an index returned by {@link addVector}). */
  addRow(slot: number, vector: number): void {
    this.reserveRows(this.rows + 1);
    this.owner[this.rows] = slot;
    this.canonical[this.rows] = vector;
    this.rows += 1;
    this.slotsByVector[vector]?.push(slot);
    if (slot >= this.slotVector.length) {
      const next = new Int32Array(Math.max(slot + 1, this.slotVector.length * 2)).fill(-1);
      next.set(this.slotVector);
      this.slotVector = next;
    }
    if (this.slotVector[slot] === -1) this.slotVector[slot] = vector;
  }

  /** Appends a row for `slot` holding `vector`. */
  append(slot: number, vector: Float32Array): void {
    this.addRow(slot, this.addVector(vector));
  }

  /** The vector of the first live row of `slot`, `-1` when it has none (for the task field: its only row). */
  vectorOf(slot: number): number {
    return slot < this.slotVector.length ? (this.slotVector[slot] as number) : -1;
  }

  /** The content digest of vector `vector` (equal vectors have equal digests, in every process). */
  digestOf(vector: number): number {
    return this.digests[vector] as number;
  }

  /** The vector with content digest `digest`, if this matrix holds it. */
  vectorWithDigest(digest: number): number | undefined {
    return this.byDigest.get(digest);
  }

  /** The slots whose live rows hold vector `vector` (do not modify). */
  slotsOf(vector: number): readonly number[] {
    return this.slotsByVector[vector] ?? [];
  }

  /** Marks every row of `slot` dead (its vectors were replaced). */
  removeSlot(slot: number): void {
    // A slot without live rows (a memory just added, or one without keywords) has nothing to mark: skip the scan
    // of every row, which a learn paid per field for each memory it created.
    if (this.vectorOf(slot) === -1) return;
    const owner = this.owner;
    for (let r = 0; r < this.rows; r++) {
      if (owner[r] === slot) {
        owner[r] = -1;
        this.dead += 1;
        const slots = this.slotsByVector[this.canonical[r] as number];
        const at = slots?.indexOf(slot) ?? -1;
        if (slots !== undefined && at >= 0) slots.splice(at, 1);
      }
    }
    if (slot < this.slotVector.length) this.slotVector[slot] = -1;
    if (this.dead > 1024 && this.dead * 2 > this.rows) this.compact();
  }

  private reserveRows(rows: number): void {
    const capacity = this.owner.length;
    if (rows <= capacity) return;
    const next = Math.max(rows, Math.ceil(capacity * 1.5));
    const owner = new Int32Array(next);
    owner.set(this.owner.subarray(0, this.rows));
    const canonical = new Int32Array(next);
    canonical.set(this.canonical.subarray(0, this.rows));
    this.owner = owner;
    this.canonical = canonical;
  }

  private reserveVectors(vectors: number): void {
    const capacity = this.nzStart.length;
    if (vectors <= capacity) return;
    const next = Math.max(vectors, Math.ceil(capacity * 1.5));
    const data = new Float32Array(next * this.dimension);
    data.set(this.data.subarray(0, this.vectors * this.dimension));
    const nzStart = new Int32Array(next);
    nzStart.set(this.nzStart.subarray(0, this.vectors));
    const nzCount = new Int32Array(next);
    nzCount.set(this.nzCount.subarray(0, this.vectors));
    this.data = data;
    this.nzStart = nzStart;
    this.nzCount = nzCount;
  }

  /** Records the non-zero entries of vector `index`, or gives up the sparse form when it is dense. */
  private sparsify(index: number): void {
    if (!this.sparse) return;
    const d = this.dimension;
    const offset = index * d;
    let count = 0;
    for (let i = 0; i < d; i++) if (this.data[offset + i] !== 0) count += 1;
    if (count > d * SPARSE_LIMIT) {
      this.sparse = false;
      this.postings = undefined;
      this.nzIndex = new Int32Array(0);
      this.nzValue = new Float64Array(0);
      this.nzUsed = 0;
      return;
    }
    if (this.nzUsed + count > this.nzIndex.length) {
      const size = Math.max(this.nzUsed + count, this.nzIndex.length * 2);
      const nzIndex = new Int32Array(size);
      nzIndex.set(this.nzIndex.subarray(0, this.nzUsed));
      const nzValue = new Float64Array(size);
      nzValue.set(this.nzValue.subarray(0, this.nzUsed));
      this.nzIndex = nzIndex;
      this.nzValue = nzValue;
    }
    this.nzStart[index] = this.nzUsed;
    this.nzCount[index] = count;
    for (let i = 0; i < d; i++) {
      const v = this.data[offset + i] as number;
      if (v === 0) continue;
      this.nzIndex[this.nzUsed] = i;
      this.nzValue[this.nzUsed] = v;
      this.nzUsed += 1;
    }
    if (this.postings !== undefined) this.post(this.postings, index);
  }

  /** Adds the non-zero entries of sparse vector `index` to `postings`. */
  private post(postings: Posting[], index: number): void {
    const start = this.nzStart[index] as number;
    const end = start + (this.nzCount[index] as number);
    for (let k = start; k < end; k++) {
      const posting = postings[this.nzIndex[k] as number] as Posting;
      if (posting.length === posting.vector.length) {
        const size = Math.max(16, posting.length * 2);
        const vector = new Int32Array(size);
        vector.set(posting.vector);
        const value = new Float32Array(size);
        value.set(posting.value);
        posting.vector = vector;
        posting.value = value;
      }
      posting.vector[posting.length] = index;
      posting.value[posting.length] = this.nzValue[k] as number;
      posting.length += 1;
    }
  }

  /**
   * Sets `scores[c]` to the dot product of every vector `c` with `query`, bit for bit what {@link dotSparse} gives
   * (the same products added in the same order: ascending dimension; the skipped terms, where the query is zero,
   * add only zeros). Only for a sparse matrix. Visits just the entries on the query's non-zero dimensions,
   * through per-dimension postings built on first use and kept up to date from then on.
   */
  scoreSparse(query: Float64Array, scores: Float64Array): void {
    let postings = this.postings;
    if (postings === undefined) {
      postings = Array.from({ length: this.dimension }, () => ({
        vector: new Int32Array(0),
        value: new Float32Array(0),
        length: 0,
      }));
      for (let c = 0; c < this.vectors; c++) this.post(postings, c);
      this.postings = postings;
    }
    scores.fill(0, 0, this.vectors);
    const d = this.dimension;
    for (let j = 0; j < d; j++) {
      const q = query[j] as number;
      if (q === 0) continue;
      const { vector, value, length } = postings[j] as Posting;
      // Four entries at a time: a posting lists each vector once, so the four sums are independent (and each
      // vector's terms are still added in ascending dimension). About a fifth less time than one at a time.
      let p = 0;
      for (; p + 3 < length; p += 4) {
        const c0 = vector[p] as number;
        const c1 = vector[p + 1] as number;
        const c2 = vector[p + 2] as number;
        const c3 = vector[p + 3] as number;
        scores[c0] = (scores[c0] as number) + (value[p] as number) * q;
        scores[c1] = (scores[c1] as number) + (value[p + 1] as number) * q;
        scores[c2] = (scores[c2] as number) + (value[p + 2] as number) * q;
        scores[c3] = (scores[c3] as number) + (value[p + 3] as number) * q;
      }
      for (; p < length; p++) {
        const c = vector[p] as number;
        scores[c] = (scores[c] as number) + (value[p] as number) * q;
      }
    }
  }

  /** Drops dead rows and the vectors no live row points at. */
  private compact(): void {
    const d = this.dimension;
    const oldData = this.data.slice(0, this.vectors * d);
    const remap = new Int32Array(this.vectors).fill(-1);
    const liveOwner: number[] = [];
    const liveVector: number[] = [];
    for (let r = 0; r < this.rows; r++) {
      const o = this.owner[r] as number;
      if (o < 0) continue;
      liveOwner.push(o);
      liveVector.push(this.canonical[r] as number);
    }
    this.rows = 0;
    this.dead = 0;
    this.vectors = 0;
    this.byContent = new Map();
    this.digests = [];
    this.byDigest = new DigestTable(liveOwner.length);
    this.slotsByVector = [];
    this.slotVector.fill(-1);
    this.sparse = true;
    this.postings = undefined;
    this.nzUsed = 0;
    for (let i = 0; i < liveOwner.length; i++) {
      const old = liveVector[i] as number;
      let index = remap[old] as number;
      if (index < 0) {
        index = this.addVector(oldData.subarray(old * d, (old + 1) * d));
        remap[old] = index;
      }
      this.addRow(liveOwner[i] as number, index);
    }
  }
}

/** The vectors with a non-zero entry on one dimension, and those entries (see `FieldMatrix.scoreSparse`). */
interface Posting {
  vector: Int32Array;
  value: Float32Array;
  length: number;
}

/** A vector counts as sparse while at most this share of its entries is non-zero. */
const SPARSE_LIMIT = 0.3;

/** Dot product of sparse vector `vector` of `matrix` with a dense `query`. */
export function dotSparse(matrix: FieldMatrix, vector: number, query: Float64Array): number {
  const index = matrix.nzIndex;
  const value = matrix.nzValue;
  const start = matrix.nzStart[vector] as number;
  const end = start + (matrix.nzCount[vector] as number);
  let sum = 0;
  for (let k = start; k < end; k++) sum += (value[k] as number) * (query[index[k] as number] as number);
  return sum;
}

/** Dot product of the row at `offset` of `data` with `query` (length `dimension`), four accumulators. */
export function dotRow(data: Float32Array, offset: number, query: Float64Array, dimension: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < dimension; i += 4) {
    const o = offset + i;
    s0 += (data[o] as number) * (query[i] as number);
    s1 += (data[o + 1] as number) * (query[i + 1] as number);
    s2 += (data[o + 2] as number) * (query[i + 2] as number);
    s3 += (data[o + 3] as number) * (query[i + 3] as number);
  }
  for (; i < dimension; i++) s0 += (data[offset + i] as number) * (query[i] as number);
  return s0 + s1 + s2 + s3;
}
