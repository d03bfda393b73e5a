import type { Memory } from '../../core/memory.js';

/**
 * Optional limits that keep a namespace small. Evicted memories are deprecated (revision reason `retention`, the
 * reason in its note), never deleted; their trajectories stay. Either limit may be left out.
 */
export interface RetentionRule {
  /** At most this many active memories; beyond it the least useful are evicted first (see {@link usefulness}). */
  maxActive?: number;
  /** Evict memories not used for this many days (last use, else creation). */
  expireAfterDays?: number;
}

/** One memory to evict and why. */
export interface Eviction {
  memory: Memory;
  /** `expired`: unused for longer than `expireAfterDays`; `over-limit`: beyond `maxActive`, least useful first. */
  why: 'expired' | 'over-limit';
  /** A sentence for the revision note. */
  note: string;
}

const Z = 1.96;
const DAY_MS = 86_400_000;

/**
 * The evidence that a memory helps, in [0, 1]: the Wilson lower bound (95%) of its success rate, counting each
 * trajectory it was built from (its support, `provenance.from`) as one success and each finished episode that used
 * it as recorded (`stats`). A memory that keeps failing, or one with little evidence, scores low.
 */
export function usefulness(memory: Pick<Memory, 'stats' | 'provenance'>): number {
  const n = memory.stats.retrieved + memory.provenance.from.length;
  if (n === 0) return 0;
  const p = (memory.stats.succeeded + memory.provenance.from.length) / n;
  const z2 = Z * Z;
  return (p + z2 / (2 * n) - Z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
}

/** When a memory was last used: its last recorded use, else its creation (ISO-8601). */
export function lastUse(memory: Pick<Memory, 'stats' | 'createdAt'>): string {
  return memory.stats.lastUsedAt ?? memory.createdAt;
}

/**
 * The active memories `rule` evicts at time `now`: first every memory unused for more than `expireAfterDays`, then,
 * while more than `maxActive` remain, the least useful ({@link usefulness}), the longest unused first among equals
 * (then the oldest, then by id, so the choice is deterministic).
 */
export function selectEvictions(options: {
  memories: readonly Memory[];
  rule: RetentionRule;
  now: string;
}): Eviction[] {
  const { rule } = options;
  const now = Date.parse(options.now);
  const active = options.memories.filter((m) => m.status === 'active');
  const evictions: Eviction[] = [];
  let remaining = active;
  if (rule.expireAfterDays !== undefined) {
    const cutoff = now - rule.expireAfterDays * DAY_MS;
    remaining = [];
    for (const memory of active) {
      if (Date.parse(lastUse(memory)) < cutoff) {
        evictions.push({
          memory,
          why: 'expired',
          note: `retention: unused since ${lastUse(memory)} (more than ${rule.expireAfterDays} days)`,
        });
      } else remaining.push(memory);
    }
  }
  if (rule.maxActive !== undefined && remaining.length > rule.maxActive) {
    const ranked = remaining
      .map((memory) => ({ memory, score: usefulness(memory) }))
      .sort(
        (a, b) =>
          a.score - b.score ||
          lastUse(a.memory).localeCompare(lastUse(b.memory)) ||
          a.memory.createdAt.localeCompare(b.memory.createdAt) ||
          a.memory.id.localeCompare(b.memory.id),
      );
    for (const { memory, score } of ranked.slice(0, remaining.length - rule.maxActive)) {
      evictions.push({
        memory,
        why: 'over-limit',
        note: `retention: over the limit of ${rule.maxActive} active memories; least useful (evidence ${score.toFixed(3)}, last used ${lastUse(memory)})`,
      });
    }
  }
  return evictions;
}

/** Checks a rule, returning the name of the first bad field (or undefined when it is fine). */
export function invalidRetentionField(rule: RetentionRule): string | undefined {
  if (rule.maxActive !== undefined && !(Number.isInteger(rule.maxActive) && rule.maxActive >= 1)) return 'maxActive';
  if (rule.expireAfterDays !== undefined && !(Number.isFinite(rule.expireAfterDays) && rule.expireAfterDays > 0))
    return 'expireAfterDays';
  return undefined;
}
