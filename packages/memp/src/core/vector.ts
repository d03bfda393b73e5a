/** Dot product of two equal-length vectors (the cosine when both are L2-normalized). */
export function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}

/** Scales `v` in place to unit length; a zero vector stays zero. Returns `v`. */
export function normalizeInPlace(v: Float32Array): Float32Array {
  let norm = 0;
  for (let i = 0; i < v.length; i++) norm += (v[i] as number) * (v[i] as number);
  if (norm === 0) return v;
  const inv = 1 / Math.sqrt(norm);
  for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) * inv;
  return v;
}

/** Encodes a vector as little-endian float32 bytes (for storage). */
export function vectorToBytes(v: Float32Array): Buffer {
  return Buffer.from(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength));
}

/** Decodes little-endian float32 bytes into a fresh vector. */
export function bytesToVector(bytes: Uint8Array): Float32Array {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float32Array(copy.buffer);
}

/**
 * A unit-length copy of `v` (a zero vector stays zero). A vector already of unit length (to 1e-6) is copied
 * unchanged, so vectors that were normalised before round-trip bit for bit. Pass `squaredNormOfV`
 * ({@link squaredNorm}) when it is already known.
 */
export function unitCopy(v: Float32Array, squaredNormOfV: number = squaredNorm(v)): Float32Array {
  const copy = new Float32Array(v);
  if (Math.abs(squaredNormOfV - 1) <= 1e-6) return copy;
  return normalizeInPlace(copy);
}

/**
 * The sum of the squares of `v`'s elements, in double precision. Finite exactly when every element is: a float32
 * squared is below 1.2e77, so no sum of up to 2^32 of them overflows.
 */
export function squaredNorm(v: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += (v[i] as number) * (v[i] as number);
  return sum;
}
