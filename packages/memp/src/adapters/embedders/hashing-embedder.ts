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

/** Number of character n-grams (n = 3…5) of a boundary-marked string of length `length`. */
function ngramCount(length: number): number {
  let count = 0;
  for (let n = MIN_NGRAM; n <= MAX_NGRAM; n++) count += Math.max(0, length - n + 1);
  return count;
}

/**
 * What one token adds to a vector, whatever its neighbours: its stem (for bigrams), whether it is a function word,
 * and its unigram and character n-gram features in the order they are added, each as a bucket and a signed weight.
 */
interface TokenFeatures {
  stem: string;
  isFunctionWord: boolean;
  buckets: Uint32Array;
  values: Float64Array;
}

function tokenFeatures(token: string, dimension: number): TokenFeatures {
  const isFunctionWord = STOP_WORDS.has(token) || PURE_NUMBER.test(token);
  const factor = isFunctionWord ? FUNCTION_WORD_FACTOR : 1;
  const tokenStem = stem(token);
  const marked = `<${token}>`;
  const count = ngramCount(marked.length);
  const buckets = new Uint32Array(1 + count);
  const values = new Float64Array(1 + count);
  const unigram = fnvString(UNIGRAM_SEED, tokenStem);
  buckets[0] = (unigram >>> 0) % dimension;
  values[0] = signOf(unigram) * (factor * UNIGRAM_WEIGHT);
  if (count > 0) {
    const weight = (factor * CHAR_NGRAM_BLOCK_WEIGHT) / Math.sqrt(count);
    let feature = 1;
    for (let start = 0; start + MIN_NGRAM <= marked.length; start++) {
      let h = CHAR_SEED;
      const end = Math.min(marked.length, start + MAX_NGRAM);
      for (let i = start; i < end; i++) {
        h = fnvStep(h, marked.charCodeAt(i));
        if (i - start + 1 >= MIN_NGRAM) {
          buckets[feature] = (h >>> 0) % dimension;
          values[feature] = signOf(h) * weight;
          feature++;
        }
      }
    }
  }
  return { stem: tokenStem, isFunctionWord, buckets, values };
}

const FEATURE_CACHE_LIMIT = 10_000;
/** Longer tokens are featurized every time, so that the cache stays small whatever the input. */
const FEATURE_CACHE_MAX_TOKEN = 64;

/**
 * Embeds texts into vectors of length `dimension` (see {@link createHashingEmbedder}). Each token's features are
 * computed once and kept (up to a bound): the vectors are bit-identical to computing them every time, because the
 * same signed weights are added to the same buckets in the same order.
 */
function createTextEmbedding(dimension: number): (text: string) => Float32Array {
  const cache = new Map<string, TokenFeatures>();
  const featuresOf = (token: string): TokenFeatures => {
    if (token.length > FEATURE_CACHE_MAX_TOKEN) return tokenFeatures(token, dimension);
    let features = cache.get(token);
    if (features === undefined) {
      features = tokenFeatures(token, dimension);
      if (cache.size >= FEATURE_CACHE_LIMIT) cache.clear();
      cache.set(token, features);
    }
    return features;
  };
  return (text) => {
    const vector = new Float32Array(dimension);
    let previousContentStem: string | undefined;
    for (const token of tokenize(text)) {
      const { stem: tokenStem, isFunctionWord, buckets, values } = featuresOf(token);
      for (let f = 0; f < buckets.length; f++) {
        const bucket = buckets[f] as number;
        vector[bucket] = (vector[bucket] as number) + (values[f] as number);
      }
      if (isFunctionWord) continue;
      if (previousContentStem !== undefined) {
        const h = fnvString(fnvStep(fnvString(BIGRAM_SEED, previousContentStem), 0x20), tokenStem);
        const bucket = (h >>> 0) % dimension;
        vector[bucket] = (vector[bucket] as number) + signOf(h) * BIGRAM_WEIGHT;
      }
      previousContentStem = tokenStem;
    }
    return normalizeInPlace(vector);
  };
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
  const embedText = createTextEmbedding(dimension);
  return {
    specificationVersion: 'v1',
    id,
    dimension,
    async embed(texts: readonly string[]): Promise<Float32Array[]> {
      return texts.map((text, index) => {
        if (typeof text !== 'string') {
          throw new MempError('INVALID_ARGUMENT', 'every text to embed must be a string', {
            details: { field: `texts[${index}]` },
          });
        }
        return embedText(text);
      });
    },
  };
}
