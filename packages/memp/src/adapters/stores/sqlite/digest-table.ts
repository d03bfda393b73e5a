/** Marks an empty cell of {@link DigestTable} (digests are non-negative). */
const EMPTY = -1;

/**
 * A map from 53-bit content digests (non-negative safe integers) to vector indexes, in two typed arrays with linear
 * probing. It answers the approximate index's keys during a search: a JavaScript `Map` keyed by such numbers (heap
 * numbers, not small integers) took about a microsecond per look-up at 64k vectors, several cache misses each; a
 * probe here is usually one. Entries are only added or all cleared, never removed one by one.
 */
export class DigestTable {
  private keys: Float64Array;
  private values: Int32Array;
  private mask: number;
  private count = 0;

  constructor(capacity = 16) {
    let cells = 16;
    while (cells < capacity * 2) cells *= 2;
    this.keys = new Float64Array(cells).fill(EMPTY);
    this.values = new Int32Array(cells);
    this.mask = cells - 1;
  }

  /** Number of digests held. */
  get size(): number {
    return this.count;
  }

  /** The vector of `digest`, if held. */
  get(digest: number): number | undefined {
    const keys = this.keys;
    for (let i = cellOf(digest) & this.mask; ; i = (i + 1) & this.mask) {
      const key = keys[i] as number;
      if (key === digest) return this.values[i];
      if (key === EMPTY) return undefined;
    }
  }

  /** True when `digest` is held. */
  has(digest: number): boolean {
    return this.get(digest) !== undefined;
  }

  /** Holds `vector` for `digest` unless the digest is already held (the first vector keeps it). */
  addIfAbsent(digest: number, vector: number): void {
    if (!Number.isSafeInteger(digest) || digest < 0) throw new RangeError(`digest ${digest} is not a 53-bit digest`);
    if ((this.count + 1) * 2 > this.keys.length) this.grow();
    const keys = this.keys;
    for (let i = cellOf(digest) & this.mask; ; i = (i + 1) & this.mask) {
      const key = keys[i] as number;
      if (key === digest) return;
      if (key === EMPTY) {
        keys[i] = digest;
        this.values[i] = vector;
        this.count += 1;
        return;
      }
    }
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldValues = this.values;
    this.keys = new Float64Array(oldKeys.length * 2).fill(EMPTY);
    this.values = new Int32Array(oldKeys.length * 2);
    this.mask = this.keys.length - 1;
    this.count = 0;
    for (let i = 0; i < oldKeys.length; i++) {
      const key = oldKeys[i] as number;
      if (key !== EMPTY) this.addIfAbsent(key, oldValues[i] as number);
    }
  }
}

/**
 * The starting cell of `digest`: its low 32 bits mixed (the digest's low bits are already a hash of the vector,
 * but mixing keeps the table sound for any digests a caller brings).
 */
function cellOf(digest: number): number {
  const low = digest >>> 0;
  return Math.imul(low ^ (low >>> 16), 0x45d9f3b) >>> 0;
}
