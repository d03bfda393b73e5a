import type { MemoryStats } from '../../core/memory.js';

/**
 * When a memory stops working: after at least `minHits` uses, a success rate below `maxSuccessRate`
 * deprecates it (kept with its history, no longer retrieved). Paper defaults: 3 hits, 0.5.
 */
export interface DeprecationRule {
  minHits: number;
  maxSuccessRate: number;
}

/** The paper's rule: ≥ 3 hits and a success rate < 0.5. */
export const DEFAULT_DEPRECATION_RULE: DeprecationRule = { minHits: 3, maxSuccessRate: 0.5 };

/** True when a memory with these stats should be deprecated under `rule`. */
export function shouldDeprecate(stats: MemoryStats, rule: DeprecationRule = DEFAULT_DEPRECATION_RULE): boolean {
  if (stats.retrieved < rule.minHits) return false;
  return stats.succeeded / stats.retrieved < rule.maxSuccessRate;
}
