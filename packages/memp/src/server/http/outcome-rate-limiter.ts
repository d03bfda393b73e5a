import type { Clock } from '../../core/clock.js';
import { MempError } from '../../core/errors.js';

/** How many outcome reports one key may send per minute (`POST …/outcomes`, MCP `report_outcome`). */
export interface OutcomeRateLimit {
  /** Reports per key in any 60-second window. */
  perMinute: number;
}

/** The default: 60 reports per key per minute (one a second on average; an agent reports once per episode). */
export const DEFAULT_OUTCOME_RATE_LIMIT: OutcomeRateLimit = { perMinute: 60 };

/** Counts outcome reports per key in a sliding 60-second window. */
export interface OutcomeRateLimiter {
  /**
   * Takes one report for `key`, or fails with `BUDGET_EXCEEDED` (HTTP 429) saying the limit and when to retry;
   * `retryAfter` receives the seconds to wait before the error is thrown.
   */
  take(key: string, retryAfter?: (seconds: number) => void): void;
}

/** A limiter over `clock`; `limit.perMinute` must be a positive integer (`INVALID_ARGUMENT`). */
export function createOutcomeRateLimiter(options: { limit?: OutcomeRateLimit; clock: Clock }): OutcomeRateLimiter {
  const perMinute = options.limit?.perMinute ?? DEFAULT_OUTCOME_RATE_LIMIT.perMinute;
  if (!Number.isInteger(perMinute) || perMinute < 1) {
    throw new MempError('INVALID_ARGUMENT', 'outcomeRateLimit.perMinute must be a positive integer', {
      details: { field: 'outcomeRateLimit.perMinute' },
    });
  }
  const windows = new Map<string, number[]>();
  return {
    take(key, retryAfter) {
      const now = Date.parse(options.clock.now());
      const recent = (windows.get(key) ?? []).filter((t) => now - t < 60_000);
      if (recent.length >= perMinute) {
        const seconds = Math.max(1, Math.ceil((60_000 - (now - (recent[0] as number))) / 1000));
        windows.set(key, recent);
        retryAfter?.(seconds);
        throw new MempError(
          'BUDGET_EXCEEDED',
          `too many outcome reports: this key may send ${perMinute} per minute; retry in ${seconds} s`,
          { details: { limit: perMinute, retryAfterSeconds: seconds } },
        );
      }
      recent.push(now);
      windows.set(key, recent);
    },
  };
}
