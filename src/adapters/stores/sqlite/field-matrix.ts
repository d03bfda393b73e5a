/**
 * The vectors of one field (task or keywords) of one namespace as a flat row-major `Float32Array`, with
 * `owner[row]` the memory slot the row belongs to (`-1` for a dead row left behind by a replacement).
 * Rows of a slot need not be contiguous. Grows geometrically; compacts when half the rows are dead.
 * Identical vectors are common (many memories share a keyword such as `fridge`): `canonical[row]` is the first
 * row with the same content, so a search computes one dot product per distinct vector.
 * Sparse vectors are common too (the offline hashing embedder fills ~10% of its dimensions): while every row is
 * sparse, the matrix also keeps each row's non-zero entries, and a dot product touches only those.
 */
export class FieldMatrix {
  /** Vector length. */
  readonly dimension: number;
  /** Row-major vectors; only the first `rows * dimension` values are meaningful. */
  data: Float32Array;
  /** Slot of each row, `-1` when dead. */
  owner: Int32Array;
  /** The first row with the same content as each row (itself when it is the first). */
  canonical: Int32Array;
  /** Rows in use (live and dead). */
  rows = 0;
  private dead = 0;
  /** Content hash → canonical rows with that hash. */
  private byContent = new Map<number, number[]>();
  /** True while every row is sparse enough for {@link dotSparse} (then the `nz*` arrays are kept). */
  sparse = true;
  /** First entry of each row in `nzIndex`/`nzValue`. */
  nzStart: Int32Array;
  /** Number of non-zero entries of each row. */
  nzCount: Int32Array;
  /** Column of each non-zero entry. */
  nzIndex = new Int32Array(1024);
  /** Value of each non-zero entry. */
  nzValue = new Float64Array(1024);
  private nzUsed = 0;

  constructor(options: { dimension: number; capacity: number }) {
    this.dimension = options.dimension;
    const capacity = Math.max(16, options.capacity);
    this.data = new Float32Array(capacity * options.dimension);
    this.owner = new Int32Array(capacity);
    this.canonical = new Int32Array(capacity);
    this.nzStart = new Int32Array(capacity);
    this.nzCount = new Int32Array(capacity);
  }

  /** Capacity to reserve for `rows` rows so that a few appends do not reallocate a large matrix. */
  static capacityFor(rows: number): number {
    return Math.ceil(rows * 1.1) + 64;
  }

  /** Appends a row for `slot`; `bytes` are little-endian float32 values (`dimension * 4` bytes). */
  appendBytes(slot: number, bytes: Uint8Array): void {
    this.reserve(this.rows + 1);
    const view = new Uint8Array(this.data.buffer, this.data.byteOffset, this.data.byteLength);
    view.set(bytes, this.rows * this.dimension * 4);
    this.owner[this.rows] = slot;
    this.indexRow(this.rows);
    this.sparsifyRow(this.rows);
    this.rows += 1;
  }

  /** Appends a row for `slot`. */
  append(slot: number, vector: Float32Array): void {
    this.reserve(this.rows + 1);
    this.data.set(vector, this.rows * this.dimension);
    this.owner[this.rows] = slot;
    this.indexRow(this.rows);
    this.sparsifyRow(this.rows);
    this.rows += 1;
  }

  /** Marks every row of `slot` dead (its vectors were replaced). */
  removeSlot(slot: number): void {
    const owner = this.owner;
    for (let r = 0; r < this.rows; r++) {
      if (owner[r] === slot) {
        owner[r] = -1;
        this.dead += 1;
      }
    }
    if (this.dead > 1024 && this.dead * 2 > this.rows) this.compact();
  }

  private reserve(rows: number): void {
    const capacity = this.owner.length;
    if (rows <= capacity) return;
    const next = Math.max(rows, Math.ceil(capacity * 1.5));
    const data = new Float32Array(next * this.dimension);
    data.set(this.data.subarray(0, this.rows * this.dimension));
    const owner = new Int32Array(next);
    owner.set(this.owner.subarray(0, this.rows));
    const canonical = new Int32Array(next);
    canonical.set(this.canonical.subarray(0, this.rows));
    const nzStart = new Int32Array(next);
    nzStart.set(this.nzStart.subarray(0, this.rows));
    const nzCount = new Int32Array(next);
    nzCount.set(this.nzCount.subarray(0, this.rows));
    this.data = data;
    this.owner = owner;
    this.canonical = canonical;
    this.nzStart = nzStart;
    this.nzCount = nzCount;
  }

  /** Records the non-zero entries of `row`, or gives up the sparse form when the row is dense. */
  private sparsifyRow(row: number): void {
    if (!this.sparse) return;
    const d = this.dimension;
    const offset = row * d;
    let count = 0;
    for (let i = 0; i < d; i++) if (this.data[offset + i] !== 0) count += 1;
    if (count > d * SPARSE_LIMIT) {
      this.sparse = false;
      this.nzIndex = new Int32Array(0);
      this.nzValue = new Float64Array(0);
      this.nzUsed = 0;
      return;
    }
    if (this.nzUsed + count > this.nzIndex.length) {
      const size = Math.max(this.nzUsed + count, this.nzIndex.length * 2);
      const index = new Int32Array(size);
      index.set(this.nzIndex.subarray(0, this.nzUsed));
      const value = new Float64Array(size);
      value.set(this.nzValue.subarray(0, this.nzUsed));
      this.nzIndex = index;
      this.nzValue = value;
    }
    this.nzStart[row] = this.nzUsed;
    this.nzCount[row] = count;
    for (let i = 0; i < d; i++) {
      const v = this.data[offset + i] as number;
      if (v === 0) continue;
      this.nzIndex[this.nzUsed] = i;
      this.nzValue[this.nzUsed] = v;
      this.nzUsed += 1;
    }
  }

  /** Sets `canonical[row]`: the first earlier row with identical content, else `row` itself. */
  private indexRow(row: number): void {
    const d = this.dimension;
    const words = new Uint32Array(this.data.buffer, this.data.byteOffset + row * d * 4, d);
    let h = 0x811c9dc5;
    for (let i = 0; i < d; i++) h = Math.imul(h ^ (words[i] as number), 0x01000193);
    const candidates = this.byContent.get(h);
    if (candidates !== undefined) {
      for (const c of candidates) {
        let same = true;
        const offset = c * d;
        for (let i = 0; i < d && same; i++) same = this.data[offset + i] === this.data[row * d + i];
        if (same) {
          this.canonical[row] = c;
          return;
        }
      }
      candidates.push(row);
    } else this.byContent.set(h, [row]);
    this.canonical[row] = row;
  }

  private compact(): void {
    const d = this.dimension;
    let w = 0;
    for (let r = 0; r < this.rows; r++) {
      const o = this.owner[r] as number;
      if (o < 0) continue;
      if (w !== r) {
        this.data.copyWithin(w * d, r * d, (r + 1) * d);
        this.owner[w] = o;
      }
      w += 1;
    }
    this.rows = w;
    this.dead = 0;
    this.byContent = new Map();
    this.sparse = true;
    this.nzUsed = 0;
    for (let r = 0; r < this.rows; r++) {
      this.indexRow(r);
      this.sparsifyRow(r);
    }
  }
}

/** A row counts as sparse while at most this share of its entries is non-zero. */
const SPARSE_LIMIT = 0.3;

/** Dot product of a sparse row (its non-zero entries `start … start + count`) with a dense `query`. */
export function dotSparse(matrix: FieldMatrix, row: number, query: Float64Array): number {
  const index = matrix.nzIndex;
  const value = matrix.nzValue;
  const start = matrix.nzStart[row] as number;
  const end = start + (matrix.nzCount[row] as number);
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
