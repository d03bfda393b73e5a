import { describe, expect, it } from 'vitest';
import { sampleStratified } from './stratified-sample.js';

/** 60 items of family a, 30 of b, 10 of c. */
const items = [
  ...Array.from({ length: 60 }, (_, i) => ({ id: `a${i}`, family: 'a' })),
  ...Array.from({ length: 30 }, (_, i) => ({ id: `b${i}`, family: 'b' })),
  ...Array.from({ length: 10 }, (_, i) => ({ id: `c${i}`, family: 'c' })),
];
const familyOf = (item: { family: string }) => item.family;
const count = (sample: ReadonlyArray<{ family: string }>, family: string) =>
  sample.filter((s) => s.family === family).length;

describe('sampleStratified', () => {
  it('keeps every family at its share of the whole', () => {
    const sample = sampleStratified({ items, size: 20, familyOf, seed: 1 });
    expect(sample).toHaveLength(20);
    expect([count(sample, 'a'), count(sample, 'b'), count(sample, 'c')]).toEqual([12, 6, 2]);
    expect(new Set(sample.map((s) => s.id)).size).toBe(20);
  });

  it('rounds by largest remainder: the sizes still add up', () => {
    const sample = sampleStratified({ items, size: 7, familyOf, seed: 3 });
    expect(sample).toHaveLength(7);
    // exact shares 4.2, 2.1, 0.7: the floors give 6, the largest remainder (c, 0.7) gets the last one
    expect([count(sample, 'a'), count(sample, 'b'), count(sample, 'c')]).toEqual([4, 2, 1]);
  });

  it('is seeded: the same seed draws the same items, another seed other ones', () => {
    const one = sampleStratified({ items, size: 10, familyOf, seed: 7 }).map((s) => s.id);
    expect(sampleStratified({ items, size: 10, familyOf, seed: 7 }).map((s) => s.id)).toEqual(one);
    expect(sampleStratified({ items, size: 10, familyOf, seed: 8 }).map((s) => s.id)).not.toEqual(one);
  });

  it('a larger size holds the items of a smaller one when the shares allow it (one shuffle per family and seed)', () => {
    const small = sampleStratified({ items, size: 10, familyOf, seed: 5 }).map((s) => s.id);
    const large = new Set(sampleStratified({ items, size: 50, familyOf, seed: 5 }).map((s) => s.id));
    expect(small.every((id) => large.has(id))).toBe(true);
  });

  it('returns everything, in order, when the size reaches the whole; refuses a negative size', () => {
    expect(sampleStratified({ items, size: 100, familyOf, seed: 1 })).toEqual(items);
    expect(sampleStratified({ items, size: 500, familyOf, seed: 1 })).toEqual(items);
    expect(() => sampleStratified({ items, size: -1, familyOf, seed: 1 })).toThrow(/non-negative/);
  });
});
