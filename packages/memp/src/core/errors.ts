/**
 * Stable error codes. Surfaces map each code once (HTTP status, MCP error, CLI exit code);
 * tests assert codes, never message text.
 */
export const ERROR_CODES = [
  'INVALID_ARGUMENT',
  'NOT_FOUND',
  'CONFLICT',
  'EMBEDDER_MISMATCH',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'STORAGE_FAILED',
  'PROVIDER_FAILED',
  'PROVIDER_OUTPUT_INVALID',
  'BUDGET_EXCEEDED',
  'PAYLOAD_TOO_LARGE',
  'UNAVAILABLE',
  'INTERNAL',
  'IDEMPOTENCY_KEY_REUSED',
] as const;

/** One of the project's stable error codes. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Options for {@link MempError}. */
export interface MempErrorOptions {
  /** The third-party error this one wraps, if any. */
  cause?: unknown;
  /** Structured detail for machines: the file, line and field of bad input, the ids in conflict, … */
  details?: Record<string, unknown>;
}

/**
 * The single error class of memp. Every failure that crosses a module boundary is a `MempError`
 * with a stable {@link ErrorCode}; third-party errors are wrapped once, where they enter.
 */
export class MempError extends Error {
  /** The stable machine-readable code. */
  readonly code: ErrorCode;
  /** Structured detail (file, line, field, ids, …). */
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: MempErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MempError';
    this.code = code;
    this.details = options.details ?? {};
  }
}

/** True when `error` is a {@link MempError}, optionally with the given code. */
export function isMempError(error: unknown, code?: ErrorCode): error is MempError {
  return error instanceof MempError && (code === undefined || error.code === code);
}

/**
 * Wraps any thrown value into a {@link MempError} with `code`, keeping an existing `MempError` as is.
 * Use at the point a third-party call enters the project.
 */
export function wrapError(error: unknown, code: ErrorCode, context: string): MempError {
  if (error instanceof MempError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new MempError(code, `${context}: ${reason}`, { cause: error });
}
