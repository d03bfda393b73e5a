import { describe, expect, it } from 'vitest';
import { tokenize } from './tokenize.js';

describe('tokenize', () => {
  it('lowercases and splits on everything but letters and digits', () => {
    expect(tokenize('Put a clean Apple 1 in fridge.')).toEqual(['put', 'a', 'clean', 'apple', '1', 'in', 'fridge']);
    expect(tokenize('go to countertop-2; take knife_1!')).toEqual([
      'go',
      'to',
      'countertop',
      '2',
      'take',
      'knife',
      '1',
    ]);
  });

  it('keeps numbers and letter-digit runs as tokens', () => {
    expect(tokenize('drawer1 3.5 x')).toEqual(['drawer1', '3', '5', 'x']);
  });

  it('drops apostrophes inside words', () => {
    expect(tokenize("Don't touch the agent’s cup")).toEqual(['dont', 'touch', 'the', 'agents', 'cup']);
  });

  it('handles empty, whitespace-only and punctuation-only text', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize('  \n\t ')).toEqual([]);
    expect(tokenize('?!... --')).toEqual([]);
  });

  it('keeps letters of other scripts', () => {
    expect(tokenize('Café à Zürich')).toEqual(['café', 'à', 'zürich']);
  });
});
