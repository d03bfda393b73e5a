import type { Memory } from '../../core/memory.js';
import { lexicalTerms, procedureTexts } from '../../core/text/lexical-terms.js';

/** Default {@link collapseNearDuplicates} threshold. */
export const DEFAULT_DUPLICATE_THRESHOLD = 0.8;

/** The terms two memories are compared by: their task's and procedure's normalised terms. */
export function duplicateSignature(memory: Pick<Memory, 'task' | 'script' | 'steps'>): Set<string> {
  return new Set(lexicalTerms([memory.task, ...procedureTexts(memory)], { max: 2000 }));
}

/** Jaccard similarity of two term sets (1 for two empty sets). */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const term of a) if (b.has(term)) shared += 1;
  return shared / (a.size + b.size - shared);
}

/**
 * Duplicate collapse: walks `ranked` (best first) and keeps a memory unless the Jaccard similarity of its
 * {@link duplicateSignature} with one already kept is at least `threshold`, until `k` are kept. So k results carry k
 * different procedures when the namespace has them. Returns the kept ones, in order.
 */
export function collapseNearDuplicates<T extends { memory: Memory }>(
  ranked: readonly T[],
  k: number,
  threshold: number = DEFAULT_DUPLICATE_THRESHOLD,
): T[] {
  const kept: Array<{ item: T; signature: Set<string> }> = [];
  for (const item of ranked) {
    if (kept.length >= k) break;
    const signature = duplicateSignature(item.memory);
    if (kept.some((other) => jaccard(other.signature, signature) >= threshold)) continue;
    kept.push({ item, signature });
  }
  return kept.map((entry) => entry.item);
}
