import { MempError } from '../../core/errors.js';
import type { ApproximateVectorIndex } from '../../ports/approximate-vector-index.js';

/** Fewest candidates asked of the index per search, whatever `k` (see {@link searchWithRerank}). */
export const RERANK_MIN_CANDIDATES = 40;
/** Candidates asked per wanted hit (see {@link searchWithRerank}). */
export const RERANK_CANDIDATES_PER_HIT = 4;
/** How many times a search widens (×4 candidates) before giving up (see {@link searchWithRerank}). */
export const RERANK_MAX_WIDENINGS = 3;
const WIDEN_FACTOR = 4;

/** One re-ranked hit: the key and its exact score. */
export interface RerankedHit {
  key: number;
  score: number;
}

/** Options of {@link searchWithRerank}. */
export interface SearchWithRerankOptions {
  /** The approximate index proposing candidates. */
  index: Pick<ApproximateVectorIndex, 'search' | 'size'>;
  /** The query vector (the index's dimension). */
  query: Float32Array;
  /** Hits wanted, a non-negative integer. */
  k: number;
  /** False for keys that must not be returned (deprecated, deleted, unknown to the caller). Called once per key. */
  accept: (key: number) => boolean;
  /** The exact similarity of an accepted key to the query (higher is better). Called once per accepted key. */
  score: (key: number) => number;
  /** Hits scoring below this are dropped. Default: none. */
  minScore?: number;
  /** Candidates asked of the index on the first try. Default `max(40, 4·k)` (tuned with `npm run bench:ann`). */
  candidates?: number;
  /** Widenings (×4 candidates each) allowed before giving up. Default 3. */
  maxWidenings?: number;
  /**
   * Widen also when the candidates end inside a crowd: when the lowest exact score among this try's accepted
   * candidates is within this margin of the k-th best, vectors beyond the index's frontier may still belong in the
   * top k (the index orders candidates by approximate distances, which cannot tell near-duplicates apart), so ask
   * again with 4× the candidates, within `maxWidenings` (reaching that bound is not a failure). Default: off.
   */
  crowdMargin?: number;
}

/** What {@link searchWithRerank} found. */
export interface SearchWithRerankResult {
  /** At most `k` hits, best first, ties by key ascending. */
  hits: RerankedHit[];
  /**
   * False when the index could not supply enough acceptable candidates within the allowed widenings (or hid
   * some of its vectors): `hits` may then miss true neighbours and the caller should run an exact search.
   */
  complete: boolean;
  /** Candidates asked of the index on the last try. */
  asked: number;
  /** Widenings done. */
  widenings: number;
}

function nonNegativeInteger(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 0) {
    throw new MempError('INVALID_ARGUMENT', `${field} must be a non-negative integer`, { details: { field, value } });
  }
  return value;
}

/** The k-th best score of `hits` (k ≤ hits.length). */
function kthScore(hits: readonly RerankedHit[], k: number): number {
  const scores = hits.map((h) => h.score).sort((a, b) => b - a);
  return scores[k - 1] as number;
}

/**
 * The approximate search path of a store: asks the index for candidates, drops keys `accept` rejects, re-scores
 * the rest exactly with `score`, and returns the top `k` (best first, ties by key ascending).
 *
 * The search is done when `k` accepted candidates reach `minScore`, when an accepted candidate falls below
 * `minScore` (the index's frontier has passed the cut, so further candidates would score lower still, up to the
 * index's approximation), or when the index was asked for everything it holds. Otherwise it asks again with 4×
 * the candidates, at most `maxWidenings` times, and then reports `complete: false` so the caller can fall back
 * to an exact scan. With `crowdMargin`, a try that found `k` hits but whose candidates end within the margin of
 * the k-th score (the frontier is still inside a crowd of near-duplicates) widens too, within `maxWidenings`.
 * Exactness of the order among the returned hits is guaranteed; recall is the index's.
 */
export function searchWithRerank(options: SearchWithRerankOptions): SearchWithRerankResult {
  const { index, query, accept, score } = options;
  const k = nonNegativeInteger(options.k, 'k');
  const minScore = options.minScore ?? Number.NEGATIVE_INFINITY;
  const maxWidenings = nonNegativeInteger(options.maxWidenings ?? RERANK_MAX_WIDENINGS, 'maxWidenings');
  const first = options.candidates ?? Math.max(RERANK_MIN_CANDIDATES, RERANK_CANDIDATES_PER_HIT * k);
  if (!Number.isInteger(first) || first < 1) {
    throw new MempError('INVALID_ARGUMENT', 'candidates must be a positive integer', {
      details: { field: 'candidates', value: first },
    });
  }
  const size = index.size;
  if (k === 0 || size === 0) return { hits: [], complete: true, asked: 0, widenings: 0 };

  const accepted: RerankedHit[] = [];
  // The keys of earlier tries (one try's keys are distinct, so the first needs no set).
  let seen: Set<number> | undefined;
  let tried: readonly number[] = [];
  let crossed = false;
  let asked = Math.min(Math.max(first, k), size);
  let widenings = 0;
  let complete: boolean;
  for (;;) {
    const keys = index.search({ query, count: asked });
    if (tried.length > 0) {
      seen ??= new Set();
      for (const key of tried) seen.add(key);
    }
    tried = keys;
    let frontier = Number.POSITIVE_INFINITY;
    for (const key of keys) {
      if (seen?.has(key)) continue;
      if (!accept(key)) continue;
      const s = score(key);
      if (s < frontier) frontier = s;
      if (s >= minScore) accepted.push({ key, score: s });
      else crossed = true;
    }
    if (accepted.length >= k || crossed) {
      const inCrowd =
        options.crowdMargin !== undefined && !crossed && frontier >= kthScore(accepted, k) - options.crowdMargin;
      // Asked for everything and still inside the crowd: complete only if the index surfaced all it holds.
      complete = !inCrowd || asked < size || keys.length >= size;
      if (!inCrowd || asked >= size || widenings >= maxWidenings) break;
      widenings++;
      asked = Math.min(asked * WIDEN_FACTOR, size);
      continue;
    }
    if (asked >= size) {
      // Asked for everything: complete unless the index failed to surface some of what it holds.
      complete = keys.length >= size;
      break;
    }
    if (widenings >= maxWidenings) {
      complete = false;
      break;
    }
    widenings++;
    asked = Math.min(asked * WIDEN_FACTOR, size);
  }
  accepted.sort((a, b) => b.score - a.score || a.key - b.key);
  if (accepted.length > k) accepted.length = k;
  return { hits: accepted, complete, asked, widenings };
}
