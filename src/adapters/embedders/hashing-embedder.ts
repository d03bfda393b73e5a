import { MempError } from '../../core/errors.js';
import { stem } from '../../core/text/stem.js';
import { STOP_WORDS } from '../../core/text/stop-words.js';
import { tokenize } from '../../core/text/tokenize.js';
import { normalizeInPlace } from '../../core/vector.js';
import type { Embedder } from '../../ports/embedder.js';

/** Version of the hashing embedder's features; part of its id. Bump on any change that moves vectors. */
export const HASHING_EMBEDDER_VERSION = 'v1';

/** Default vector length of {@link createHashingEmbedder}. */
export const HASHING_EMBEDDER_DEFAULT_DIMENSION = 512;

/** Options for {@link createHashingEmbedder}. */
export interface HashingEmbedderOptions {
  /** Number of hash buckets = vector length, an integer in [16, 65536]. Default 512. */
  dimension?: number;
}

/** Feature weights (before L2 normalization). */
const UNIGRAM_WEIGHT = 1;
const BIGRAM_WEIGHT = 0.5;
/** L2 norm of one word's whole block of character n-grams (each n-gram gets this / √count). */
const CHAR_NGRAM_BLOCK_WEIGHT = 0.7;
/** Factor applied to every feature of a stop word or pure number. */
const FUNCTION_WORD_FACTOR = 0.2;
const MIN_NGRAM = 3;
const MAX_NGRAM = 5;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const PURE_NUMBER = /^\p{N}+$/u;

function fnvStep(hash: number, code: number): number {
  return Math.imul(hash ^ code, FNV_PRIME);
}

/** FNV-1a over the UTF-16 code units of `text`, continuing from `hash`. */
function fnvString(hash: number, text: string): number {
  let h = hash;
  for (let i = 0; i < text.length; i++) h = fnvStep(h, text.charCodeAt(i));
  return h;
}

/** FNV-1a state after a one-character feature namespace and a 0 separator. */
function namespaceSeed(namespace: string): number {
  return fnvStep(fnvString(FNV_OFFSET, namespace), 0);
}

const UNIGRAM_SEED = namespaceSeed('w');
const BIGRAM_SEED = namespaceSeed('b');
const CHAR_SEED = namespaceSeed('c');

/** Second hash (murmur3's 32-bit finalizer over a salted input), used only for the sign. */
function signOf(hash: number): number {
  let h = (hash ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return h < 0 ? -1 : 1;
}

function add(vector: Float32Array, hash: number, weight: number): void {
  const bucket = (hash >>> 0) % vector.length;
  vector[bucket] = (vector[bucket] as number) + signOf(hash) * weight;
}

const STEM_CACHE_LIMIT = 50_000;
const stemCache = new Map<string, string>();

function cachedStem(token: string): string {
  let result = stemCache.get(token);
  if (result === undefined) {
    result = stem(token);
    if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
    stemCache.set(token, result);
  }
  return result;
}

/** Number of character n-grams (n = 3…5) of a boundary-marked string of length `length`. */
function ngramCount(length: number): number {
  let count = 0;
  for (let n = MIN_NGRAM; n <= MAX_NGRAM; n++) count += Math.max(0, length - n + 1);
  return count;
}

function addCharNgrams(vector: Float32Array, token: string, factor: number): void {
  const marked = `<${token}>`;
  const count = ngramCount(marked.length);
  if (count === 0) return;
  const weight = (factor * CHAR_NGRAM_BLOCK_WEIGHT) / Math.sqrt(count);
  for (let start = 0; start + MIN_NGRAM <= marked.length; start++) {
    let h = CHAR_SEED;
    const end = Math.min(marked.length, start + MAX_NGRAM);
    for (let i = start; i < end; i++) {
      h = fnvStep(h, marked.charCodeAt(i));
      if (i - start + 1 >= MIN_NGRAM) add(vector, h, weight);
    }
  }
}

/** Embeds one text into a fresh vector of length `dimension` (see {@link createHashingEmbedder}). */
function embedText(text: string, dimension: number): Float32Array {
  const vector = new Float32Array(dimension);
  let previousContentStem: string | undefined;
  for (const token of tokenize(text)) {
    const isFunctionWord = STOP_WORDS.has(token) || PURE_NUMBER.test(token);
    const factor = isFunctionWord ? FUNCTION_WORD_FACTOR : 1;
    const tokenStem = cachedStem(token);
    add(vector, fnvString(UNIGRAM_SEED, tokenStem), factor * UNIGRAM_WEIGHT);
    addCharNgrams(vector, token, factor);
    if (isFunctionWord) continue;
    if (previousContentStem !== undefined) {
      const h = fnvString(fnvStep(fnvString(BIGRAM_SEED, previousContentStem), 0x20), tokenStem);
      add(vector, h, BIGRAM_WEIGHT);
    }
    previousContentStem = tokenStem;
  }
  return normalizeInPlace(vector);
}

/**
 * The default offline {@link Embedder}: deterministic feature hashing, no model, no downloads,
 * no I/O; the same text gives bit-identical vectors on every machine.
 *
 * Features of a text, after {@link tokenize} (lowercase letter/digit runs):
 * - **stemmed word unigrams** ({@link stem}), weight 1;
 * - **word bigrams** of consecutive *content* stems (stop words and numbers skipped), weight 0.5;
 * - **character 3-, 4- and 5-grams** of each surface word with boundary markers (`<heat>` →
 *   `<he`, `hea`, …, `eat>`), each weighted 0.7 / √(n-gram count of the word), so every word's
 *   n-gram block has norm ≈ 0.7 however long the word is. These make near-spellings and
 *   compounds meet (`garbagecan` ~ `garbage`).
 *
 * Stop words ({@link STOP_WORDS}) and pure numbers are down-weighted, not dropped: their unigram
 * and n-gram features are multiplied by 0.2, so a text made only of stop words still embeds.
 * Repeated features add up (term frequency).
 *
 * Each feature is hashed with 32-bit FNV-1a (seeded per feature kind) into one of `dimension`
 * buckets (hash mod dimension), with a ±1 sign taken from a second hash (a murmur3 finalizer of
 * the first) so that colliding features cancel rather than pile up; the sum is L2-normalized.
 *
 * A text without any letter or digit (e.g. `""`, `"?!"`) embeds to the **zero vector**: its dot
 * product with anything is 0 (never NaN). The `id` is `hashing-<version>-<dimension>`
 * (e.g. `hashing-v1-512`), so a change of features or dimension changes the embedding space id.
 *
 * @throws MempError `INVALID_ARGUMENT` when `dimension` is not an integer in [16, 65536], and from
 *   `embed` when an element of `texts` is not a string.
 */
export function createHashingEmbedder(options: HashingEmbedderOptions = {}): Embedder {
  const dimension = options.dimension ?? HASHING_EMBEDDER_DEFAULT_DIMENSION;
  if (!Number.isInteger(dimension) || dimension < 16 || dimension > 65_536) {
    throw new MempError('INVALID_ARGUMENT', 'dimension must be an integer in [16, 65536]', {
      details: { field: 'dimension', value: dimension },
    });
  }
  const id = `hashing-${HASHING_EMBEDDER_VERSION}-${dimension}`;
  return {
    id,
    dimension,
    async embed(texts: readonly string[]): Promise<Float32Array[]> {
      return texts.map((text, index) => {
        if (typeof text !== 'string') {
          throw new MempError('INVALID_ARGUMENT', 'every text to embed must be a string', {
            details: { field: `texts[${index}]` },
          });
        }
        return embedText(text, dimension);
      });
    },
  };
}
