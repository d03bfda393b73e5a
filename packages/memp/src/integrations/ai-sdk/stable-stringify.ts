/**
 * JSON text of `value` with object keys in sorted order at every depth, so the same tool input always gives the
 * same action text (and the same memory key). Strings longer than `maxStringChars` are cut and end with `…`.
 * Values JSON cannot represent (`undefined` members, functions) are dropped as `JSON.stringify` drops them;
 * `bigint` becomes its decimal string; a cyclic reference becomes `"[cycle]"`.
 */
export function stableStringify(value: unknown, options: { maxStringChars?: number } = {}): string {
  const max = options.maxStringChars ?? Number.POSITIVE_INFINITY;
  const seen = new Set<object>();
  const normalize = (v: unknown): unknown => {
    if (typeof v === 'string') return v.length > max ? `${v.slice(0, max)}…` : v;
    if (typeof v === 'bigint') return v.toString();
    if (v === null || typeof v !== 'object') return v;
    if (seen.has(v)) return '[cycle]';
    seen.add(v);
    try {
      if (Array.isArray(v)) return v.map((item) => (item === undefined ? null : normalize(item)));
      const toJson = (v as { toJSON?: unknown }).toJSON;
      if (typeof toJson === 'function') return normalize((toJson as () => unknown).call(v));
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(v).sort()) out[key] = normalize((v as Record<string, unknown>)[key]);
      return out;
    } finally {
      seen.delete(v);
    }
  };
  return JSON.stringify(normalize(value)) ?? 'null';
}
