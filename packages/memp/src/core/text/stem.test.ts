import { describe, expect, it } from 'vitest';
import { stem } from './stem.js';

describe('stem', () => {
  it.each([
    // inflections meet
    ['heating', 'heat'],
    ['heated', 'heat'],
    ['heats', 'heat'],
    ['heat', 'heat'],
    ['cleaning', 'clean'],
    ['cleaned', 'clean'],
    ['cleans', 'clean'],
    ['cooling', 'cool'],
    ['cooled', 'cool'],
    ['putting', 'put'],
    ['puts', 'put'],
    ['slicing', 'slice'],
    ['sliced', 'slice'],
    ['slices', 'slice'],
    ['apple', 'appl'],
    ['apples', 'appl'],
    ['tomatoes', 'tomato'],
    ['tomato', 'tomato'],
    ['running', 'run'],
    ['opened', 'open'],
    ['opening', 'open'],
    // step 1a
    ['caresses', 'caress'],
    ['ponies', 'poni'],
    ['ties', 'ti'],
    ['caress', 'caress'],
    ['cats', 'cat'],
    // step 1b
    ['feed', 'feed'],
    ['agreed', 'agre'],
    ['plastered', 'plaster'],
    ['bled', 'bled'],
    ['motoring', 'motor'],
    ['sing', 'sing'],
    ['conflated', 'conflat'],
    ['troubled', 'troubl'],
    ['sized', 'size'],
    ['hopping', 'hop'],
    ['tanned', 'tan'],
    ['falling', 'fall'],
    ['hissing', 'hiss'],
    ['fizzed', 'fizz'],
    ['failing', 'fail'],
    ['filing', 'file'],
    // step 1c
    ['happy', 'happi'],
    ['sky', 'sky'],
    // steps 2-5
    ['relational', 'relat'],
    ['conditional', 'condit'],
    ['rational', 'ration'],
    ['generalization', 'gener'],
    ['hopefulness', 'hope'],
    ['callousness', 'callous'],
    ['replacement', 'replac'],
    ['adoption', 'adopt'],
    ['controlling', 'control'],
    ['roll', 'roll'],
    ['probate', 'probat'],
    ['rate', 'rate'],
    ['cease', 'ceas'],
  ])('%s → %s', (word, expected) => {
    expect(stem(word)).toBe(expected);
  });

  it('lowercases and leaves short, numeric and non-ASCII tokens alone', () => {
    expect(stem('Heating')).toBe('heat');
    expect(stem('is')).toBe('is');
    expect(stem('42')).toBe('42');
    expect(stem('drawer1')).toBe('drawer1');
    expect(stem('café')).toBe('café');
    expect(stem('')).toBe('');
  });

  it('is idempotent on common task words', () => {
    for (const word of ['heat', 'clean', 'cool', 'put', 'fridge', 'microwave', 'desklamp']) {
      expect(stem(stem(word))).toBe(stem(word));
    }
  });
});
