import { MempError } from '../core/errors.js';
import { type RandomSource, createSeededRandom } from '../core/random.js';

/**
 * How `learn` retries when a concurrent writer changed a memory it updates (`CONFLICT` from the store): up to
 * `attempts` plans and commits, waiting between them a random delay in [0, min(maxDelayMs, baseDelayMs · 2^(n−1)))
 * before the n-th retry ("full jitter": writers that collided spread out instead of colliding again in step).
 */
export interface ConflictRetryOptions {
  /** Most attempts, the first included. Default 8. */
  attempts?: number;
  /** Cap of the first delay, in ms; doubled for each further retry. Default 10. */
  baseDelayMs?: number;
  /** Cap of any delay, in ms. Default 1 000 (so the default waits at most about 1.3 s in all). */
  maxDelayMs?: number;
  /** Waits `ms` milliseconds. Default: a timer. Inject one to test without waiting. */
  sleep?: (ms: number) => Promise<void>;
  /** Uniform numbers in [0, 1) for the jitter. Default: seeded from the engine's `seed` when given, else `Math.random`. */
  random?: RandomSource;
}

/** {@link ConflictRetryOptions} resolved: every field set. */
export type ConflictRetry = Required<ConflictRetryOptions>;

const DEFAULTS = { attempts: 8, baseDelayMs: 10, maxDelayMs: 1_000 };

/** Resolves retry options over the defaults; a bad number → `INVALID_ARGUMENT` naming it (`conflictRetry.attempts`). */
export function resolveConflictRetry(
  options: ConflictRetryOptions | undefined,
  seed: number | undefined,
): ConflictRetry {
  const given = options ?? {};
  const numbers = {
    attempts: given.attempts ?? DEFAULTS.attempts,
    baseDelayMs: given.baseDelayMs ?? DEFAULTS.baseDelayMs,
    maxDelayMs: given.maxDelayMs ?? DEFAULTS.maxDelayMs,
  };
  for (const [field, value] of Object.entries(numbers)) {
    const ok = field === 'attempts' ? Number.isInteger(value) && value >= 1 : Number.isFinite(value) && value >= 0;
    if (!ok) {
      throw new MempError(
        'INVALID_ARGUMENT',
        `conflictRetry.${field} must be a ${field === 'attempts' ? 'positive integer' : 'finite number ≥ 0'}`,
        {
          details: { field: `conflictRetry.${field}` },
        },
      );
    }
  }
  return {
    ...numbers,
    sleep: given.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    random: given.random ?? (seed === undefined ? Math.random : createSeededRandom(seed)),
  };
}

/** The delay before retry number `n` (1 for the first retry), in ms: full jitter under the doubling cap. */
export function conflictRetryDelay(retry: ConflictRetry, n: number): number {
  const cap = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (n - 1));
  return retry.random() * cap;
}
