import { describe, expect, it } from 'vitest';
import { isMempError } from '../../../core/errors.js';
import { checkMemoryVectors } from './store-validation.js';

const F32_MAX = 3.4028234663852886e38;

function vector(values: number[]): Float32Array {
  return Float32Array.from(values);
}

function codeOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return isMempError(error) ? [error.code, error.details.field] : error;
  }
  return undefined;
}

describe('checkMemoryVectors', () => {
  it('refuses a non-finite value anywhere in the task or a keyword vector, naming the field', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      for (const at of [0, 2]) {
        const values = [0.5, 0.5, 0.5];
        values[at] = bad;
        expect(
          codeOf(() =>
            checkMemoryVectors({
              vectors: { task: vector(values), keywords: [] },
              keywords: [],
              dimension: 3,
              memoryId: 'm',
            }),
          ),
        ).toEqual(['INVALID_ARGUMENT', 'vectors.task']);
        expect(
          codeOf(() =>
            checkMemoryVectors({
              vectors: { task: vector([1, 0, 0]), keywords: [vector([0, 1, 0]), vector(values)] },
              keywords: ['a', 'b'],
              dimension: 3,
              memoryId: 'm',
            }),
          ),
        ).toEqual(['INVALID_ARGUMENT', 'vectors.keywords']);
      }
    }
  });

  it('accepts the largest finite floats and returns fresh unit-length copies; unit vectors are copied bit for bit', () => {
    const huge = vector([F32_MAX, -F32_MAX, F32_MAX, F32_MAX]);
    const unit = vector([0.6, 0.8, 0, 0]);
    const zero = vector([0, 0, 0, 0]);
    const checked = checkMemoryVectors({
      vectors: { task: huge, keywords: [unit, zero] },
      keywords: ['a', 'b'],
      dimension: 4,
      memoryId: 'm',
    });
    expect(Array.from(checked.task)).toEqual([0.5, -0.5, 0.5, 0.5]);
    expect(Array.from(checked.keywords[0] as Float32Array)).toEqual(Array.from(unit));
    expect(Array.from(checked.keywords[1] as Float32Array)).toEqual([0, 0, 0, 0]);
    expect(checked.task).not.toBe(huge);
    expect(checked.keywords[0]?.buffer).not.toBe(unit.buffer);
    expect(checked.keywords[1]?.buffer).not.toBe(zero.buffer);
  });
});
