import { MempError } from '../../../core/errors.js';

/**
 * How the SQLite store writes a vector into a BLOB, losslessly. The first byte names the form:
 * - `DENSE` (1): the `dimension` float32 values, little-endian (4·d + 1 bytes);
 * - `SPARSE` (2): a uint32 count n, then n uint16 column numbers in increasing order, then their n float32
 *   values (6·n + 5 bytes), for vectors whose zero entries make that shorter than the dense form.
 * The offline hashing embedder fills about a tenth of its 512 columns, so its vectors shrink to about a sixth.
 * Values are never rounded: decoding gives back the very float32 values that were encoded.
 */
export const VECTOR_FORM = { DENSE: 1, SPARSE: 2 } as const;

const SPARSE_HEADER = 5;
const MAX_SPARSE_DIMENSION = 65_536;

/** Encodes `vector` in the shorter of the dense and the sparse form. */
export function encodeVector(vector: Float32Array): Buffer {
  const d = vector.length;
  let nonZero = 0;
  for (let i = 0; i < d; i++) if (vector[i] !== 0) nonZero += 1;
  if (d <= MAX_SPARSE_DIMENSION && SPARSE_HEADER + 6 * nonZero < 1 + 4 * d) {
    const out = Buffer.allocUnsafe(SPARSE_HEADER + 6 * nonZero);
    out[0] = VECTOR_FORM.SPARSE;
    out.writeUInt32LE(nonZero, 1);
    let at = 0;
    for (let i = 0; i < d; i++) {
      const v = vector[i] as number;
      if (v === 0) continue;
      out.writeUInt16LE(i, SPARSE_HEADER + 2 * at);
      out.writeFloatLE(v, SPARSE_HEADER + 2 * nonZero + 4 * at);
      at += 1;
    }
    return out;
  }
  const out = Buffer.allocUnsafe(1 + 4 * d);
  out[0] = VECTOR_FORM.DENSE;
  Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).copy(out, 1);
  return out;
}

function malformed(reason: string): MempError {
  return new MempError('STORAGE_FAILED', `stored vector is malformed: ${reason}`);
}

/**
 * Decodes a BLOB written by {@link encodeVector} into `target` at `offset` (the `dimension` values there are
 * overwritten, zeros included). Throws `STORAGE_FAILED` when the BLOB is not a vector of `dimension` values.
 */
export function decodeVectorInto(options: {
  blob: unknown;
  dimension: number;
  target: Float32Array;
  offset: number;
}): void {
  const { blob, dimension, target, offset } = options;
  if (!(blob instanceof Uint8Array) || blob.byteLength < 1) throw malformed('not a BLOB');
  const bytes = Buffer.isBuffer(blob) ? blob : Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  if (bytes[0] === VECTOR_FORM.DENSE) {
    if (bytes.byteLength !== 1 + 4 * dimension) throw malformed(`expected ${dimension} float32 values`);
    for (let i = 0; i < dimension; i++) target[offset + i] = bytes.readFloatLE(1 + 4 * i);
    return;
  }
  if (bytes[0] !== VECTOR_FORM.SPARSE || bytes.byteLength < SPARSE_HEADER) throw malformed('unknown form');
  const count = bytes.readUInt32LE(1);
  if (bytes.byteLength !== SPARSE_HEADER + 6 * count || count > dimension) throw malformed('bad sparse length');
  target.fill(0, offset, offset + dimension);
  let previous = -1;
  for (let k = 0; k < count; k++) {
    const column = bytes.readUInt16LE(SPARSE_HEADER + 2 * k);
    if (column <= previous || column >= dimension) throw malformed('bad sparse column');
    previous = column;
    target[offset + column] = bytes.readFloatLE(SPARSE_HEADER + 2 * count + 4 * k);
  }
}

/** Decodes a BLOB written by {@link encodeVector} into a fresh vector of `dimension` values. */
export function decodeVector(blob: unknown, dimension: number): Float32Array {
  const target = new Float32Array(dimension);
  decodeVectorInto({ blob, dimension, target, offset: 0 });
  return target;
}

/**
 * A 53-bit content digest of an encoded vector (two 32-bit hashes over its bytes), to find an identical stored
 * vector by index. Not cryptographic: equal digests are confirmed by comparing the bytes.
 */
export function vectorDigest(encoded: Uint8Array): number {
  let h = 0x811c9dc5;
  let g = 0x9747b28c;
  for (let i = 0; i < encoded.length; i++) {
    const b = encoded[i] as number;
    h = Math.imul(h ^ b, 0x01000193);
    g = Math.imul(g ^ b, 0x5bd1e995);
    g ^= g >>> 15;
  }
  return (g & 0x1fffff) * 0x100000000 + (h >>> 0);
}
