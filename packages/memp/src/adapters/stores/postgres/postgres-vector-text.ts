import { MempError } from '../../../core/errors.js';

/**
 * pgvector's text form of a vector, `[x1,x2,…]`. JavaScript prints the shortest decimal that reads back as the
 * same double, and every float32 is exactly a double, so the server's `strtof` restores the exact float32.
 */
export function vectorToPg(v: Float32Array): string {
  return `[${Array.from(v).join(',')}]`;
}

/**
 * Parses pgvector's text output into a `Float32Array` of `dimension` values. pgvector prints each float32 with
 * enough digits to read back exactly. Anything malformed fails with `STORAGE_FAILED`.
 */
export function vectorFromPg(text: unknown, dimension: number): Float32Array {
  if (typeof text !== 'string' || !text.startsWith('[') || !text.endsWith(']')) {
    throw new MempError('STORAGE_FAILED', 'a stored vector is not in pgvector text form');
  }
  const parts = text.length === 2 ? [] : text.slice(1, -1).split(',');
  if (parts.length !== dimension) {
    throw new MempError('STORAGE_FAILED', `a stored vector has ${parts.length} values, the space has ${dimension}`);
  }
  const out = new Float32Array(dimension);
  for (let i = 0; i < dimension; i++) {
    const x = Number(parts[i]);
    if (!Number.isFinite(x)) throw new MempError('STORAGE_FAILED', 'a stored vector holds a non-finite value');
    out[i] = x;
  }
  return out;
}
