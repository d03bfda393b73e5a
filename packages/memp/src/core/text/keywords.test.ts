import { describe, expect, it } from 'vitest';
import { isMempError } from '../errors.js';
import { extractKeywords } from './keywords.js';
import { STOP_WORDS } from './stop-words.js';

describe('extractKeywords', () => {
  it('keeps content words in order, without stop words and numbers', () => {
    expect(extractKeywords('put a clean apple 1 in fridge')).toEqual(['put', 'clean', 'apple', 'fridge']);
    expect(extractKeywords('look at the book under the desklamp')).toEqual(['look', 'book', 'desklamp']);
  });

  it('deduplicates words sharing a stem, keeping the first surface form', () => {
    expect(extractKeywords('Heat the egg, then put the heated egg and the eggs in the fridge')).toEqual([
      'heat',
      'egg',
      'put',
      'fridge',
    ]);
  });

  it('honours max', () => {
    expect(extractKeywords('put a clean apple 1 in fridge', { max: 2 })).toEqual(['put', 'clean']);
    expect(extractKeywords('put a clean apple', { max: 0 })).toEqual([]);
  });

  it('rejects an invalid max', () => {
    for (const max of [-1, 1.5, Number.NaN]) {
      try {
        extractKeywords('put apple', { max });
        expect.unreachable();
      } catch (error) {
        expect(isMempError(error, 'INVALID_ARGUMENT')).toBe(true);
      }
    }
  });

  it('returns nothing for empty or stop-word-only text', () => {
    expect(extractKeywords('')).toEqual([]);
    expect(extractKeywords('it is in the of and 1 2 3')).toEqual([]);
  });

  it('does not treat procedure verbs as stop words', () => {
    for (const verb of ['put', 'take', 'heat', 'cool', 'clean', 'open', 'close', 'go', 'use', 'turn', 'find', 'look']) {
      expect(STOP_WORDS.has(verb)).toBe(false);
    }
  });
});
