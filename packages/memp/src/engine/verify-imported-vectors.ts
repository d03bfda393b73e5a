import { MempError } from '../core/errors.js';
import { dot, squaredNorm } from '../core/vector.js';
import type { MemoryVectors } from '../ports/memory-store.js';
import type { ExportMemoryLine } from './export-format.js';

/**
 * Least cosine between a vector of an export file and the vector the same embedder computes for its text. An honest
 * file agrees exactly with a deterministic embedder (the offline one) and to within rounding with a provider's;
 * a vector of another text is far below it (unrelated texts score near 0, related ones rarely above 0.9).
 */
export const IMPORTED_VECTOR_MIN_COSINE = 0.99;

/**
 * Checks the vectors of an imported memory line against `computed`, the vectors the current embedder gives its
 * task and keywords, and returns `computed`: the store keeps vectors of the text, never the file's numbers.
 *
 * Why refuse rather than silently re-embed: a file of the current embedder whose vectors point away from their
 * text was edited to make a memory rank for tasks it does not match (a text "water the cactus" carrying the vector
 * of "deploy the api service to staging"); such a file is not trusted in part, the import fails (`INVALID_ARGUMENT`
 * naming the line and the field, e.g. `vectors.keywords.2`) and nothing is written. The check costs one embedding
 * of every imported text, as a re-embedding import does.
 *
 * Refused: a missing vector list, a keyword count that differs, a length other than the embedder's dimension, a value
 * that overflows float32, a zero vector (unless the text itself embeds to zero, as a text without letters or digits
 * does with the offline embedder: then the file agrees with what `learn` stores), and a direction below
 * {@link IMPORTED_VECTOR_MIN_COSINE}.
 */
export function verifiedVectors(
  line: ExportMemoryLine & { lineNumber: number },
  computed: MemoryVectors,
  source: string,
): MemoryVectors {
  const v = line.vectors;
  const where = `${source} line ${line.lineNumber}`;
  const fail = (field: string, message: string) =>
    new MempError('INVALID_ARGUMENT', `${where}: field "${field}": ${message}`, {
      details: { line: line.lineNumber, field, id: line.memory.id },
    });
  if (!v) throw fail('vectors', 'missing');
  if (v.keywords.length !== line.memory.keywords.length) {
    throw fail('vectors.keywords', `${v.keywords.length} vectors for ${line.memory.keywords.length} keywords`);
  }
  const check = (values: number[], expected: Float32Array, field: string): void => {
    if (values.length !== expected.length)
      throw fail(field, `length ${values.length}, the embedder's dimension is ${expected.length}`);
    const vector = Float32Array.from(values);
    const norm = squaredNorm(vector);
    if (!Number.isFinite(norm)) throw fail(field, 'a value overflows float32');
    const expectedNorm = squaredNorm(expected);
    if (norm === 0 || expectedNorm === 0) {
      if (norm === expectedNorm) return;
      throw fail(field, norm === 0 ? 'a zero vector' : 'its text embeds to the zero vector, the file holds another');
    }
    const cosine = dot(vector, expected) / Math.sqrt(norm * expectedNorm);
    if (!(cosine >= IMPORTED_VECTOR_MIN_COSINE)) {
      throw fail(
        field,
        `not the embedding of its text (cosine ${cosine.toFixed(3)} < ${IMPORTED_VECTOR_MIN_COSINE}): edited vectors?`,
      );
    }
  };
  check(v.task, computed.task, 'vectors.task');
  v.keywords.forEach((k, i) => {
    check(k, computed.keywords[i] as Float32Array, `vectors.keywords.${i}`);
  });
  return computed;
}
