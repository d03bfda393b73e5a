/** One ranking to fuse: ids best first, and the weight of this ranking. */
export interface FusedRanking {
  ids: readonly string[];
  weight: number;
}

/** One fused result: the normalised fused score and each ranking's share of it. */
export interface FusedHit {
  id: string;
  /** Σ over rankings of `weight / (rrfK + rank)`, divided by its largest possible value (rank 1 everywhere): (0, 1]. */
  score: number;
  /** Each ranking's term of `score`, in the order the rankings were given (0 where it did not list the memory). */
  parts: number[];
}

/** Default `rrfK` of {@link reciprocalRankFusion}: the constant of Cormack, Clarke and Büttcher (SIGIR 2009). */
export const DEFAULT_RRF_K = 60;

/**
 * Reciprocal-rank fusion: a memory's fused score is the sum, over the rankings that list it, of
 * `weight / (rrfK + rank)` (rank 1 = best), normalised by the score of a memory ranked first everywhere, so it lies
 * in (0, 1] and 1 means "first in every ranking". Only ranks count, so rankings whose scores have different
 * scales (cosines, BM25) combine without calibration. Best first; ties broken by id.
 */
export function reciprocalRankFusion(rankings: readonly FusedRanking[], rrfK: number = DEFAULT_RRF_K): FusedHit[] {
  const best = rankings.reduce((sum, r) => sum + r.weight / (rrfK + 1), 0);
  const fused = new Map<string, number[]>();
  rankings.forEach((ranking, r) => {
    ranking.ids.forEach((id, i) => {
      const parts = fused.get(id) ?? rankings.map(() => 0);
      parts[r] = (parts[r] ?? 0) + ranking.weight / (rrfK + i + 1) / best;
      fused.set(id, parts);
    });
  });
  return [...fused]
    .map(([id, parts]) => ({ id, parts, score: parts.reduce((a, b) => a + b, 0) }))
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
