import { MempError } from '../../core/errors.js';
import type { Principal } from './principal.js';

/** Longest idempotency key a caller may send (characters). */
export const MAX_CALLER_IDEMPOTENCY_KEY_CHARS = 255;

/**
 * The caller's idempotency key scoped to its API key (`<key id>/<key>`, `anonymous/<key>` on a keyless server), so
 * that two callers never see each other's keys; the engine scopes it to the namespace. `field` names the header or
 * argument in the `INVALID_ARGUMENT` error for a key that is not 1–255 printable ASCII characters without spaces.
 */
export function scopedIdempotencyKey(options: {
  principal: Principal;
  key: string | undefined;
  field: string;
}): string | undefined {
  const { key } = options;
  if (key === undefined) return undefined;
  if (!/^[\x21-\x7e]+$/.test(key) || key.length > MAX_CALLER_IDEMPOTENCY_KEY_CHARS) {
    throw new MempError(
      'INVALID_ARGUMENT',
      `${options.field} must be 1 to ${MAX_CALLER_IDEMPOTENCY_KEY_CHARS} printable ASCII characters without spaces`,
      { details: { field: options.field } },
    );
  }
  return `${options.principal.keyId ?? 'anonymous'}/${key}`;
}
