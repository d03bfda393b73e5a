import { z } from 'zod';
import { checkTextLimit } from '../core/check-input-limits.js';
import { MempError } from '../core/errors.js';
import type { InputLimits } from '../core/input-limits.js';
import { MemorySchema } from '../core/memory.js';
import { NamespaceSchema } from '../core/namespace.js';
import { RETRIEVAL_KEYS } from '../core/retrieved.js';
import type { Retrieved } from '../core/retrieved.js';

/**
 * Fails with `INVALID_ARGUMENT` unless `request` (the options object of the public call `method`) is an object;
 * `optional` requests may also be undefined. Public calls receive input from JavaScript callers and other
 * surfaces, so a missing or mistyped request is an input error, never a `TypeError`.
 */
export function checkRequest<T>(request: T, method: string, options: { optional?: boolean } = {}): T {
  if (request === undefined && options.optional) return request;
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    throw new MempError('INVALID_ARGUMENT', `${method} takes an options object`, {
      details: { field: '(root)', method },
    });
  }
  return request;
}

/** Fails with `INVALID_ARGUMENT` unless `value` is undefined or a finite number at least `min`, naming `field`. */
export function checkOptionalNumber(value: unknown, field: string, min = Number.NEGATIVE_INFINITY): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new MempError(
      'INVALID_ARGUMENT',
      `${field} must be a finite number${min > Number.NEGATIVE_INFINITY ? ` ≥ ${min}` : ''}`,
      {
        details: { field },
      },
    );
  }
  return value;
}

const RetrievedListSchema = z.array(z.object({ memory: MemorySchema, score: z.number(), key: z.enum(RETRIEVAL_KEYS) }));

/** Fails with `INVALID_ARGUMENT` unless `value` is a list of retrieved memories (what `retrieve` returns). */
export function checkRetrievedList(value: unknown): readonly Retrieved[] {
  const parsed = RetrievedListSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
    throw new MempError(
      'INVALID_ARGUMENT',
      `render takes the list retrieve returned: field "${field}": ${issue?.message ?? 'invalid'}`,
      {
        details: { field },
      },
    );
  }
  return value as readonly Retrieved[];
}

/** Fails with `INVALID_ARGUMENT` unless `lines` is an iterable or async iterable of lines (not a string). */
export function checkLines(lines: unknown): Iterable<string> | AsyncIterable<string> {
  const ok = typeof lines === 'object' && lines !== null && (Symbol.iterator in lines || Symbol.asyncIterator in lines);
  if (!ok) {
    throw new MempError('INVALID_ARGUMENT', 'lines must be an iterable (or async iterable) of export lines', {
      details: { field: 'lines' },
    });
  }
  return lines as Iterable<string> | AsyncIterable<string>;
}

/** Fails with `INVALID_ARGUMENT` naming `field` unless `value` is a positive integer. */
export function checkPositiveInt(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new MempError('INVALID_ARGUMENT', `${field} must be a positive integer`, { details: { field } });
  }
  return value;
}

/** Fails with `INVALID_ARGUMENT` naming the field `namespace` unless `value` is a valid namespace name. */
export function checkNamespace(value: string): string {
  const parsed = NamespaceSchema.safeParse(value);
  if (!parsed.success) {
    throw new MempError('INVALID_ARGUMENT', `invalid namespace "${value}": ${parsed.error.issues[0]?.message ?? ''}`, {
      details: { field: 'namespace' },
    });
  }
  return parsed.data;
}

/**
 * Fails with `INVALID_ARGUMENT` (field `used`) unless `value` is undefined or a list of memory ids (non-empty
 * strings); a string is refused rather than read as a list of its characters. `where` labels a batch item. With
 * `limits`, an id longer than `maxIdBytes` → `PAYLOAD_TOO_LARGE` (field `used.3`).
 */
export function checkUsedIds(value: unknown, where?: string, limits?: InputLimits): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((id) => typeof id !== 'string' || id.length === 0)) {
    throw new MempError(
      'INVALID_ARGUMENT',
      `${where === undefined ? '' : `${where}: `}used must be a list of memory ids`,
      {
        details: { field: 'used', ...(where === undefined ? {} : { where }) },
      },
    );
  }
  if (limits) {
    value.forEach((id: string, i) => {
      checkTextLimit({ text: id, field: `used.${i}`, limit: 'maxIdBytes', limits, ...(where ? { where } : {}) });
    });
  }
  return value;
}

/** Fails with `INVALID_ARGUMENT` naming `field` unless `value` is undefined or a boolean. */
export function checkOptionalBoolean(value: unknown, field: string): boolean | undefined {
  if (value !== undefined && typeof value !== 'boolean') {
    throw new MempError('INVALID_ARGUMENT', `${field} must be a boolean`, { details: { field } });
  }
  return value;
}
