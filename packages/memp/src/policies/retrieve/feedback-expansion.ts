import type { Memory } from '../../core/memory.js';
import { lexicalTerms } from '../../core/text/lexical-terms.js';

/** Most terms {@link feedbackTerms} adds. */
export const MAX_FEEDBACK_TERMS = 8;

/**
 * Query expansion learned from the namespace (pseudo-relevance feedback): the task terms that at least two of the
 * first results share and the query lacks, so the words this namespace's tasks use for the same job join the
 * query. At most {@link MAX_FEEDBACK_TERMS}, in order of first appearance.
 */
export function feedbackTerms(top: readonly Memory[], held: ReadonlySet<string>): string[] {
  const counts = new Map<string, number>();
  for (const memory of top) for (const t of new Set(lexicalTerms(memory.task))) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts]
    .filter(([t, n]) => n >= 2 && !held.has(t))
    .map(([t]) => t)
    .slice(0, MAX_FEEDBACK_TERMS);
}
