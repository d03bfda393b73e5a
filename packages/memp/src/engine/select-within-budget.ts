import { estimateTokens } from '../core/render/estimate-tokens.js';
import { memoryGuidelines } from '../core/render/memory-guidelines.js';
import type { Retrieved } from '../core/retrieved.js';

/**
 * Keeps retrieved memories, best first, while their rendered guidance fits in `maxTokens` (estimated).
 * A memory that does not fit is skipped and smaller ones after it may still be kept.
 */
export function selectWithinBudget(retrieved: readonly Retrieved[], maxTokens: number | undefined): Retrieved[] {
  if (maxTokens === undefined) return retrieved.slice();
  const kept: Retrieved[] = [];
  let used = 0;
  for (const r of retrieved) {
    const cost = estimateTokens(r.memory.task) + estimateTokens(memoryGuidelines(r.memory)) + 8;
    if (used + cost > maxTokens) continue;
    kept.push(r);
    used += cost;
  }
  return kept;
}
