/**
 * The score of a memory under a keyword search (Key=AveFact), shared by every store and by the contract suite's
 * reference model. `forward` is the mean, over the query's keywords, of the best cosine to any of the memory's
 * keywords (the paper's AveFact); `backward` is the mean, over the memory's keywords, of the best cosine to any of
 * the query's keywords. The score is their harmonic mean (an F1), so a memory that lists every common task word
 * (keyword stuffing) gains coverage but loses precision: its unmatched keywords count against it. When either side
 * is not positive the score is the smaller of the two. Always within [-1, 1] for unit vectors.
 */
export function keywordMatchScore(forward: number, backward: number): number {
  if (forward <= 0 || backward <= 0) return Math.min(forward, backward);
  return (2 * forward * backward) / (forward + backward);
}
