import { ErrorBodySchema } from '../http-schemas.js';

const body = (description: string) => ({ description, content: { 'application/json': { schema: ErrorBodySchema } } });

/** The error responses every authenticated route may give, for the OpenAPI document. */
export const AUTHED_ERRORS = {
  400: body('INVALID_ARGUMENT: malformed JSON or a field that fails its schema'),
  401: body('UNAUTHORIZED: no key, or an unknown or revoked key'),
  403: body('FORBIDDEN: the key is for another namespace or has too weak a role'),
  413: body('PAYLOAD_TOO_LARGE: the body exceeds the server limit'),
} as const;

/** 404 NOT_FOUND. */
export const NOT_FOUND_ERROR = { 404: body('NOT_FOUND: no such memory in this namespace') } as const;
/** 409 CONFLICT. */
export const CONFLICT_ERROR = {
  409: body('CONFLICT: the memory changed since the version given (or the id exists)'),
} as const;

/** The 422 of a learn whose `Idempotency-Key` was used for another trajectory. */
export const IDEMPOTENCY_KEY_ERROR = {
  422: body('IDEMPOTENCY_KEY_REUSED: this Idempotency-Key was used for another trajectory in the last 24 hours'),
} as const;

/** A JSON response for the OpenAPI document. */
export function jsonResponse<T>(description: string, schema: T) {
  return { description, content: { 'application/json': { schema } } };
}

/** A JSON request body for the OpenAPI document, with an example body when given. */
export function jsonBody<T>(schema: T, example?: unknown) {
  return { required: true, content: { 'application/json': { schema, ...(example === undefined ? {} : { example }) } } };
}
