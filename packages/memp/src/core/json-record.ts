import { z } from 'zod';

/** Deepest nesting accepted in free-form `meta` objects. */
export const MAX_META_DEPTH = 32;

/**
 * Why `value` cannot be stored as JSON (a cycle, nesting deeper than `maxDepth`, a function, symbol, bigint,
 * `undefined` in an array, or a non-finite number), as a dotted path and a reason; undefined when it can.
 */
function jsonProblem(value: unknown, maxDepth: number): string | undefined {
  const stack = new Set<object>();
  const walk = (v: unknown, path: string, depth: number): string | undefined => {
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return undefined;
    if (typeof v === 'number') return Number.isFinite(v) ? undefined : `${path}: not a finite number`;
    if (typeof v !== 'object') return `${path}: a ${typeof v} is not JSON`;
    if (depth > maxDepth) return `${path}: nested deeper than ${maxDepth} levels`;
    if (stack.has(v)) return `${path}: refers to itself (cycle)`;
    stack.add(v);
    const entries: Array<[string, unknown]> = Array.isArray(v) ? v.map((x, i) => [String(i), x]) : Object.entries(v);
    for (const [key, child] of entries) {
      if (child === undefined && !Array.isArray(v)) continue;
      const problem = walk(child, `${path}.${key}`, depth + 1);
      if (problem) return problem;
    }
    stack.delete(v);
    return undefined;
  };
  return walk(value, 'meta', 0);
}

/**
 * A free-form JSON object (`meta`): any keys, values that round-trip through JSON, nested at most
 * {@link MAX_META_DEPTH} levels, no cycles. Bad values are input errors, caught before any store sees them.
 */
export const JsonRecordSchema = z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
  const problem = jsonProblem(value, MAX_META_DEPTH);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
