import type { z } from 'zod';
import { MempError } from '../../core/errors.js';

/** Parses `value` with `schema`, or throws `INVALID_ARGUMENT` naming the first bad field and listing the issues. */
export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, where = 'request'): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw invalidFromZod(parsed.error, where);
}

/** An `INVALID_ARGUMENT` error describing a zod error: the first field in the message, every issue in details. */
export function invalidFromZod(error: z.ZodError, where: string): MempError {
  const issue = error.issues[0];
  const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
  return new MempError('INVALID_ARGUMENT', `invalid ${where}: field "${field}": ${issue?.message ?? 'invalid value'}`, {
    details: {
      field,
      issues: error.issues.slice(0, 20).map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
    },
  });
}
