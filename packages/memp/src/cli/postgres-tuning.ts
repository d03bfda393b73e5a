import { MempError } from '../core/errors.js';

/** How the CLI tunes a PostgreSQL store (`--pool-size`, `--exact-search-max-rows`, or their environment variables). */
export interface PostgresTuning {
  /** Connections of each store's pool (`--pool-size`, `$MEMP_PG_POOL_SIZE`; the store's default is 10). */
  poolSize?: number;
  /**
   * Namespaces with at most this many searched rows are searched exactly, larger ones through the HNSW index
   * (`--exact-search-max-rows`, `$MEMP_EXACT_SEARCH_MAX_ROWS`; `Infinity`: always exact).
   */
  exactSearchMaxRows?: number;
  /**
   * Task vectors each store holds in memory for exact searches (`--vector-cache-max-rows`,
   * `$MEMP_PG_VECTOR_CACHE_MAX_ROWS`; 0: none; the store's default is 150 000).
   */
  vectorCacheMaxRows?: number;
  /**
   * Task vectors above which a namespace's task vectors go into the HNSW index (`$MEMP_PG_TASK_INDEX_FILL_ROWS` only;
   * 0: every namespace from its first write; `Infinity`: none; the store's default: 0.8 × `vectorCacheMaxRows`, 0
   * without the cache).
   */
  taskIndexFillRows?: number;
}

function parseCount(value: string, field: string, options: { min: number; infinity: boolean }): number {
  const text = value.trim();
  if (options.infinity && /^infinity$/i.test(text)) return Number.POSITIVE_INFINITY;
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < options.min) {
    const what = options.min === 0 ? 'a non-negative integer' : 'a positive integer';
    throw new MempError(
      'INVALID_ARGUMENT',
      `${field} must be ${what}${options.infinity ? ' or Infinity' : ''} (got "${value}")`,
      { details: { field } },
    );
  }
  return n;
}

/**
 * Reads the PostgreSQL tuning: each flag wins over its environment variable. Bad values fail with
 * `INVALID_ARGUMENT` naming the flag or variable. A flag given for a SQLite store (no PostgreSQL URL) fails too:
 * it would do nothing; the environment variables are ignored there, so one environment can serve both stores.
 */
export function readPostgresTuning(
  flags: { poolSize?: string; exactSearchMaxRows?: string; vectorCacheMaxRows?: string },
  env: Record<string, string | undefined>,
  usesPostgres: boolean,
): PostgresTuning {
  for (const [value, flag] of [
    [flags.poolSize, '--pool-size'],
    [flags.exactSearchMaxRows, '--exact-search-max-rows'],
    [flags.vectorCacheMaxRows, '--vector-cache-max-rows'],
  ] as const) {
    if (value !== undefined && !usesPostgres) {
      throw new MempError('INVALID_ARGUMENT', `${flag} applies to PostgreSQL only: give --database-url`, {
        details: { field: flag },
      });
    }
  }
  if (!usesPostgres) return {};
  const pool = flags.poolSize ?? env.MEMP_PG_POOL_SIZE;
  const rows = flags.exactSearchMaxRows ?? env.MEMP_EXACT_SEARCH_MAX_ROWS;
  const poolField = flags.poolSize === undefined ? 'MEMP_PG_POOL_SIZE' : '--pool-size';
  const rowsField = flags.exactSearchMaxRows === undefined ? 'MEMP_EXACT_SEARCH_MAX_ROWS' : '--exact-search-max-rows';
  const cache = flags.vectorCacheMaxRows ?? env.MEMP_PG_VECTOR_CACHE_MAX_ROWS;
  const cacheField =
    flags.vectorCacheMaxRows === undefined ? 'MEMP_PG_VECTOR_CACHE_MAX_ROWS' : '--vector-cache-max-rows';
  const fill = env.MEMP_PG_TASK_INDEX_FILL_ROWS;
  return {
    ...(fill === undefined
      ? {}
      : { taskIndexFillRows: parseCount(fill, 'MEMP_PG_TASK_INDEX_FILL_ROWS', { min: 0, infinity: true }) }),
    ...(pool === undefined ? {} : { poolSize: parseCount(pool, poolField, { min: 1, infinity: false }) }),
    ...(rows === undefined ? {} : { exactSearchMaxRows: parseCount(rows, rowsField, { min: 0, infinity: true }) }),
    ...(cache === undefined ? {} : { vectorCacheMaxRows: parseCount(cache, cacheField, { min: 0, infinity: false }) }),
  };
}
