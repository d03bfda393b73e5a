// The error classes come from @ai-sdk/provider, not from 'ai', so the core entry point does not load the AI SDK
// until a model is called (the gateway imports 'ai' lazily).
import { APICallError, JSONParseError, TypeValidationError } from '@ai-sdk/provider';

const RETRY_ERROR_MARKER = Symbol.for('vercel.ai.error.AI_RetryError');

/** The last attempt's error of an AI SDK `RetryError` (recognized by its marker, as `RetryError.isInstance` does), else the error. */
function lastAttempt(error: unknown): unknown {
  if (typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[RETRY_ERROR_MARKER] === true) {
    return (error as { lastError?: unknown }).lastError;
  }
  return error;
}

/** How a failed provider call is treated by the gateway. */
export type FailureKind = 'retryable' | 'fatal' | 'invalid-output';

/**
 * Classifies an error thrown by an AI SDK call:
 * - `retryable`: HTTP 429, HTTP 5xx, a network failure (an API call error with no status, which the AI SDK raises
 *   for refused/reset connections), or our own per-call timeout;
 * - `invalid-output`: the provider answered but the body was not valid JSON of the expected shape;
 * - `fatal`: everything else, in particular HTTP 4xx other than 429 (bad request, bad key, unknown model).
 */
export function classifyFailure(error: unknown, timedOut: boolean): FailureKind {
  if (timedOut) return 'retryable';
  const last = lastAttempt(error);
  if (JSONParseError.isInstance(last) || TypeValidationError.isInstance(last)) return 'invalid-output';
  if (APICallError.isInstance(last)) {
    if (JSONParseError.isInstance(last.cause) || TypeValidationError.isInstance(last.cause)) return 'invalid-output';
    const status = last.statusCode;
    if (status === undefined) return last.isRetryable ? 'retryable' : 'fatal';
    return status === 429 || status >= 500 ? 'retryable' : 'fatal';
  }
  return 'fatal';
}

/** The HTTP status of an AI SDK error, if it carries one. */
export function statusCodeOf(error: unknown): number | undefined {
  const last = lastAttempt(error);
  return APICallError.isInstance(last) ? last.statusCode : undefined;
}

/** A `Retry-After` header of an AI SDK error in milliseconds (seconds or HTTP-date), if present and sane. */
export function retryAfterMs(error: unknown, nowMs: number): number | undefined {
  const last = lastAttempt(error);
  if (!APICallError.isInstance(last)) return undefined;
  const headers = last.responseHeaders ?? {};
  const value = headers['retry-after'] ?? headers['Retry-After'];
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - nowMs) : undefined;
}

/**
 * Exponential backoff with jitter: attempt n (1-based) waits a uniformly random time in
 * [d/2, d] with d = min(maxMs, baseMs · 2^(n−1)), so concurrent callers spread out while the expected wait still
 * doubles. A server's `Retry-After` raises the wait (never above `maxMs`).
 */
export function backoffDelay(options: {
  attempt: number;
  baseMs: number;
  maxMs: number;
  random: () => number;
  retryAfterMs?: number;
}): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** (options.attempt - 1));
  const jittered = ceiling / 2 + (ceiling / 2) * options.random();
  return Math.min(options.maxMs, Math.max(jittered, options.retryAfterMs ?? 0));
}
