import type { Memory } from '../../core/memory.js';

/** How retrieval orders its candidates: by similarity alone, or by similarity and the track record. */
export const RANKINGS = ['similarity', 'utility'] as const;
/** How retrieval orders its candidates. */
export type Ranking = (typeof RANKINGS)[number];

/** Weight of the utility estimate against cosine similarity in the `utility` ranking. */
export const UTILITY_WEIGHT = 0.2;

/** The evidence a memory has when followed: episodes that used it and succeeded, and that used it and failed. */
export interface MemoryEvidence {
  successes: number;
  failures: number;
}

/**
 * The evidence of `memory` when followed. Every estimate reads the counters through this one function, so it can
 * switch to counts of distinct sources (attributed evidence) in one place. Today: `stats.succeeded` and
 * `stats.failed`.
 */
export function memoryEvidence(memory: Pick<Memory, 'stats'>): MemoryEvidence {
  return { successes: memory.stats.succeeded, failures: memory.stats.failed };
}

/**
 * An optimistic estimate of the chance that following a memory succeeds: the mean plus one standard deviation of
 * the Beta(1 + successes, 1 + failures) posterior (uniform prior), capped at 1. A memory with no evidence gets
 * about 0.79, above the mean of one with an even record, so new memories are tried and earn evidence; five
 * successes give about 0.98, five failures about 0.26. Deterministic: no sampling, no seed needed.
 */
export function utilityEstimate(evidence: MemoryEvidence): number {
  const a = 1 + evidence.successes;
  const b = 1 + evidence.failures;
  const mean = a / (a + b);
  const variance = (a * b) / ((a + b) ** 2 * (a + b + 1));
  return Math.min(1, mean + Math.sqrt(variance));
}

/**
 * Candidates (best similarity first) re-ranked by `similarity + UTILITY_WEIGHT · (estimate − 0.5)`
 * ({@link utilityEstimate}): among equally similar memories, the one that succeeded when followed comes first; a
 * memory that kept failing falls behind a slightly less similar one with a record. Ties keep the similarity order.
 */
export function rankByUtility<T extends { memory: Pick<Memory, 'stats'>; score: number }>(
  candidates: readonly T[],
): T[] {
  const keyed = candidates.map((c, index) => ({
    c,
    index,
    value: c.score + UTILITY_WEIGHT * (utilityEstimate(memoryEvidence(c.memory)) - 0.5),
  }));
  keyed.sort((x, y) => y.value - x.value || x.index - y.index);
  return keyed.map((k) => k.c);
}
