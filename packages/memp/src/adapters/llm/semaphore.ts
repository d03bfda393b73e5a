/** A counting semaphore: at most `permits` holders at a time, waiters served first come, first served. */
export interface Semaphore {
  /** Waits for a permit and returns the function that gives it back (call it exactly once). */
  acquire(): Promise<() => void>;
  /** Holders right now (for tests and diagnostics). */
  readonly active: number;
}

/** Creates a {@link Semaphore} with `permits` (a positive integer) permits. */
export function createSemaphore(options: { permits: number }): Semaphore {
  let active = 0;
  const waiting: Array<() => void> = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else active -= 1;
  };
  const grant = (): (() => void) => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release();
    };
  };
  return {
    get active() {
      return active;
    },
    acquire() {
      if (active < options.permits) {
        active += 1;
        return Promise.resolve(grant());
      }
      // A released permit passes straight to the next waiter, so `active` stays the same.
      return new Promise((resolve) => waiting.push(() => resolve(grant())));
    },
  };
}
