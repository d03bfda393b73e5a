import type { ErrorCode } from '../core/errors.js';

/** CLI exit code for success. */
export const EXIT_OK = 0;
/** CLI exit code for any failure that is not the user's input. */
export const EXIT_FAILURE = 1;
/** CLI exit code for bad input: invalid or too large files or arguments, unknown ids, conflicts with what is stored, a missing API key. */
export const EXIT_BAD_INPUT = 2;

/** Maps an error code to the CLI's exit code (the one place this mapping lives). */
export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case 'INVALID_ARGUMENT':
    case 'NOT_FOUND':
    case 'CONFLICT':
    case 'EMBEDDER_MISMATCH':
    case 'UNAUTHORIZED':
    case 'PAYLOAD_TOO_LARGE':
    case 'IDEMPOTENCY_KEY_REUSED':
      return EXIT_BAD_INPUT;
    default:
      return EXIT_FAILURE;
  }
}
