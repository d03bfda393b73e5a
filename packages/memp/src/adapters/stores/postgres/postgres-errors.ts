import { MempError } from '../../../core/errors.js';

/** SQLSTATEs after which running the same transaction again can succeed. */
const RETRYABLE = new Set(['40001', '40P01']);

function sqlState(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const code = (error as { code: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** True when `error` is a serialization failure or deadlock, which a fresh attempt of the transaction may avoid. */
export function isRetryablePgError(error: unknown): boolean {
  const state = sqlState(error);
  return state !== undefined && RETRYABLE.has(state);
}

/**
 * Wraps a `pg` error once into a {@link MempError}: a unique violation (23505: another writer created the same
 * id first) becomes `CONFLICT`; everything else — serialization failures and deadlocks that outlived their
 * retries, lost connections, missing databases, bad credentials — becomes `STORAGE_FAILED` with the SQLSTATE
 * in `details.sqlState` (and `details.retryable` for 40001/40P01). A `MempError` passes through unchanged.
 * Messages never contain the connection string.
 */
export function wrapPgError(error: unknown, context: string): MempError {
  if (error instanceof MempError) return error;
  const state = sqlState(error);
  const reason = error instanceof Error ? error.message : String(error);
  if (state === '23505') {
    return new MempError('CONFLICT', `${context}: ${reason}`, { cause: error, details: { sqlState: state } });
  }
  const details: Record<string, unknown> = {};
  if (state !== undefined) details['sqlState'] = state;
  if (state !== undefined && RETRYABLE.has(state)) details['retryable'] = true;
  return new MempError('STORAGE_FAILED', `${context}: ${reason}`, { cause: error, details });
}
