import { describe, expect, it } from 'vitest';
import { isMempError } from '../core/errors.js';
import { readPostgresTuning } from './postgres-tuning.js';

function failure(fn: () => unknown): { code?: string; field?: unknown; message?: string } {
  try {
    fn();
  } catch (error) {
    if (isMempError(error)) return { code: error.code, field: error.details?.['field'], message: error.message };
    throw error;
  }
  throw new Error('expected a failure');
}

describe('PostgreSQL tuning from flags and environment', () => {
  it('reads flags over the environment, Infinity for always exact', () => {
    expect(readPostgresTuning({}, {}, true)).toEqual({});
    expect(readPostgresTuning({}, { MEMP_PG_POOL_SIZE: '24', MEMP_EXACT_SEARCH_MAX_ROWS: '0' }, true)).toEqual({
      poolSize: 24,
      exactSearchMaxRows: 0,
    });
    expect(
      readPostgresTuning(
        { poolSize: '4', exactSearchMaxRows: 'Infinity' },
        { MEMP_PG_POOL_SIZE: '24', MEMP_EXACT_SEARCH_MAX_ROWS: '5' },
        true,
      ),
    ).toEqual({ poolSize: 4, exactSearchMaxRows: Number.POSITIVE_INFINITY });
    expect(readPostgresTuning({}, { MEMP_PG_VECTOR_CACHE_MAX_ROWS: '0' }, true)).toEqual({ vectorCacheMaxRows: 0 });
    expect(readPostgresTuning({ vectorCacheMaxRows: '5000' }, { MEMP_PG_VECTOR_CACHE_MAX_ROWS: '0' }, true)).toEqual({
      vectorCacheMaxRows: 5000,
    });
    expect(readPostgresTuning({}, { MEMP_PG_TASK_INDEX_FILL_ROWS: '0' }, true)).toEqual({ taskIndexFillRows: 0 });
    expect(readPostgresTuning({}, { MEMP_PG_TASK_INDEX_FILL_ROWS: 'Infinity' }, true)).toEqual({
      taskIndexFillRows: Number.POSITIVE_INFINITY,
    });
    expect(failure(() => readPostgresTuning({}, { MEMP_PG_TASK_INDEX_FILL_ROWS: '-2' }, true))).toMatchObject({
      code: 'INVALID_ARGUMENT',
      field: 'MEMP_PG_TASK_INDEX_FILL_ROWS',
    });
    expect(failure(() => readPostgresTuning({ vectorCacheMaxRows: '-1' }, {}, true))).toMatchObject({
      code: 'INVALID_ARGUMENT',
      field: '--vector-cache-max-rows',
    });
  });

  it('names the flag or variable of a bad value', () => {
    expect(failure(() => readPostgresTuning({ poolSize: '0' }, {}, true))).toMatchObject({
      code: 'INVALID_ARGUMENT',
      field: '--pool-size',
    });
    expect(failure(() => readPostgresTuning({}, { MEMP_PG_POOL_SIZE: 'ten' }, true))).toMatchObject({
      field: 'MEMP_PG_POOL_SIZE',
    });
    expect(failure(() => readPostgresTuning({ exactSearchMaxRows: '-3' }, {}, true))).toMatchObject({
      field: '--exact-search-max-rows',
    });
    expect(failure(() => readPostgresTuning({}, { MEMP_EXACT_SEARCH_MAX_ROWS: '1.5' }, true))).toMatchObject({
      field: 'MEMP_EXACT_SEARCH_MAX_ROWS',
    });
  });

  it('refuses the flags for SQLite and ignores the variables there', () => {
    expect(failure(() => readPostgresTuning({ poolSize: '4' }, {}, false)).message).toContain('PostgreSQL only');
    expect(readPostgresTuning({}, { MEMP_PG_POOL_SIZE: '4', MEMP_EXACT_SEARCH_MAX_ROWS: 'x' }, false)).toEqual({});
  });
});
