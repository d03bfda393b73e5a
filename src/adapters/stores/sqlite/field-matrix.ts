/**
 * The vectors of one field (task or keywords) of one namespace as a flat row-major `Float32Array`, with
 * `owner[row]` the memory slot the row belongs to (`-1` for a dead row left behind by a replacement).
 * Rows of a slot need not be contiguous. Grows geometrically; compacts when half the rows are dead.
 * Identical vectors are common (many memories share a keyword such as `fridge`): `canonical[row]` is the first
 * row with the same content, so a search computes one dot product per distinct vector.
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

  constructor(options: { dimension: number; capacity: number }) {
    this.dimension = options.dimension;
    const capacity = Math.max(16, options.capacity);
    this.data = new Float32Array(capacity * options.dimension);
    this.owner = new Int32Array(capacity);
    this.canonical = new Int32Array(capacity);
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
    this.rows += 1;
  }

  /** Appends a row for `slot`. */
  append(slot: number, vector: Float32Array): void {
    this.reserve(this.rows + 1);
    this.data.set(vector, this.rows * this.dimension);
    this.owner[this.rows] = slot;
    this.indexRow(this.rows);
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
    this.data = data;
    this.owner = owner;
    this.canonical = canonical;
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
    for (let r = 0; r < this.rows; r++) this.indexRow(r);
  }
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
