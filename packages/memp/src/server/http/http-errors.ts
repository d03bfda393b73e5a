import { HTTPException } from 'hono/http-exception';
import { type ErrorCode, MempError, isMempError } from '../../core/errors.js';

/** The one mapping from error codes to HTTP statuses. */
export function httpStatusFor(code: ErrorCode): number {
  switch (code) {
    case 'INVALID_ARGUMENT':
      return 400;
    case 'UNAUTHORIZED':
      return 401;
    case 'FORBIDDEN':
      return 403;
    case 'NOT_FOUND':
      return 404;
    case 'CONFLICT':
    case 'EMBEDDER_MISMATCH':
      return 409;
    case 'PAYLOAD_TOO_LARGE':
      return 413;
    case 'IDEMPOTENCY_KEY_REUSED':
      return 422;
    case 'BUDGET_EXCEEDED':
      return 429;
    case 'PROVIDER_FAILED':
    case 'PROVIDER_OUTPUT_INVALID':
      return 502;
    case 'STORAGE_FAILED':
    case 'UNAVAILABLE':
      return 503;
    case 'INTERNAL':
      return 500;
  }
}

/** An error body as every route returns it. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details: Record<string, unknown> };
}

/**
 * Turns anything thrown while serving a request into a status and an error body. `MempError`s keep their code;
 * hono's own 4xx (malformed JSON, unsupported media type) become `INVALID_ARGUMENT` (or `PAYLOAD_TOO_LARGE`), a 415
 * naming the expected type in `details.expected` (every route validated by schema takes `application/json`);
 * anything else is an `INTERNAL` 500 whose body says nothing about the cause (no stack, no message).
 */
export function toErrorResponse(error: unknown): { status: number; body: ErrorBody } {
  let e: MempError;
  let status: number | undefined;
  if (isMempError(error)) e = error;
  else if (error instanceof HTTPException && error.status < 500) {
    status = error.status;
    const code: ErrorCode =
      error.status === 413 ? 'PAYLOAD_TOO_LARGE' : error.status === 401 ? 'UNAUTHORIZED' : 'INVALID_ARGUMENT';
    e =
      error.status === 415
        ? new MempError(code, 'unsupported Content-Type: send the request body as application/json', {
            details: { field: 'Content-Type', expected: 'application/json' },
          })
        : new MempError(code, error.message || 'bad request');
  } else e = new MempError('INTERNAL', 'internal error');
  return {
    status: status ?? httpStatusFor(e.code),
    body: { error: { code: e.code, message: e.message, details: jsonSafe(e.details) } },
  };
}

function jsonSafe(details: Record<string, unknown>): Record<string, unknown> {
  try {
    return JSON.parse(JSON.stringify(details)) as Record<string, unknown>;
  } catch {
    return {};
  }
}
