/**
 * Awaits independent reads issued together and answers as if they had been awaited one after the other: their
 * values in order, or the error of the first one that failed in argument order (not the first to fail in time),
 * so issuing store reads concurrently changes no error a caller sees. Every promise is awaited, so none is left
 * rejected and unhandled.
 */
export async function allInOrder<T extends readonly unknown[] | []>(
  promises: {
    -readonly [K in keyof T]: Promise<T[K]>;
  },
): Promise<T> {
  const settled = await Promise.allSettled(promises as readonly Promise<unknown>[]);
  for (const outcome of settled) if (outcome.status === 'rejected') throw outcome.reason;
  return settled.map((outcome) => (outcome as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
