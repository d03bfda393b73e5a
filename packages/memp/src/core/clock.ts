/** Source of the current time, injected so tests and benchmark runs are reproducible. */
export interface Clock {
  /** Current time as an ISO-8601 string (UTC). */
  now(): string;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => new Date().toISOString() };

/**
 * A deterministic clock for tests and seeded runs: starts at `start` and advances `stepMs`
 * milliseconds on every call.
 */
export function createFixedClock(options: { start?: string; stepMs?: number } = {}): Clock {
  let t = Date.parse(options.start ?? '2025-01-01T00:00:00.000Z');
  const step = options.stepMs ?? 1000;
  return {
    now() {
      const value = new Date(t).toISOString();
      t += step;
      return value;
    },
  };
}
