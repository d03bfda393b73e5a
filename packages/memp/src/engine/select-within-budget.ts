import { estimateTokens } from '../core/render/estimate-tokens.js';
import { memoryGuidelines } from '../core/render/memory-guidelines.js';
import type { Retrieved } from '../core/retrieved.js';
import { MAX_LESSON_CHARS } from '../core/render/render-memories.js';

/**
 * Keeps retrieved memories, best first, while their rendered guidance fits in `maxTokens` (estimated).
 * A memory that does not fit is skipped and smaller ones after it may still be kept.
 */
export function selectWithinBudget(retrieved: readonly Retrieved[], maxTokens: number | undefined): Retrieved[] {
  if (maxTokens === undefined) return retrieved.slice();
  const kept: Retrieved[] = [];
  let used = 0;
  for (const r of retrieved) {
    const guidance = memoryGuidelines(r.memory);
    const shown = r.memory.kind === 'lesson' ? guidance.slice(0, MAX_LESSON_CHARS) : guidance;
    const cost = estimateTokens(r.memory.task) + estimateTokens(shown) + 8;
    if (used + cost > maxTokens) continue;
    kept.push(r);
    used += cost;
  }
  return kept;
}
