import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { selectTopK } from './top-k.js';

describe('selectTopK', () => {
  it('equals sorting every eligible slot (score descending, then id ascending) and taking k', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(-1, 0, 0.25, 0.5, 0.5, 0.75, 1, Number.NEGATIVE_INFINITY), { maxLength: 60 }),
        fc.integer({ min: 0, max: 12 }),
        fc.constantFrom(Number.NEGATIVE_INFINITY, 0, 0.5),
        fc.integer({ min: 0, max: 1000 }),
        (values, k, minScore, salt) => {
          const scores = Float64Array.from(values);
          // Ids in an order unrelated to the slots, so that ties are settled by id, not by slot.
          const ids = values.map((_, slot) => `m${((slot * 7919 + salt) % 1009).toString().padStart(4, '0')}-${slot}`);
          const expected = values
            .map((score, slot) => ({ id: ids[slot] as string, score }))
            .filter((h) => h.score !== Number.NEGATIVE_INFINITY && h.score >= minScore)
            .sort((a, b) => (a.score !== b.score ? b.score - a.score : a.id < b.id ? -1 : 1))
            .slice(0, k);
          expect(selectTopK({ scores, count: values.length, ids, k, minScore })).toEqual(expected);
        },
      ),
    );
  });
});
