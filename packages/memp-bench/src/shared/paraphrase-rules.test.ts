import { describe, expect, it } from 'vitest';
import { paraphraseTask } from './paraphrase-rules.js';

describe('paraphraseTask', () => {
  it('rewords ALFWorld-style sentences by synonyms, clause order, fronting and dropped articles', () => {
    expect(paraphraseTask('heat some egg and put it in garbagecan.')).toBe(
      'place it in trash bin after you warm up egg',
    );
    expect(paraphraseTask('put a clean mug in coffeemachine.')).toBe('in coffeemachine, place washed mug');
    expect(paraphraseTask('look at vase under the desklamp.')).toBe('under reading light, inspect vase');
    expect(paraphraseTask('put two soapbar in garbagecan.')).toBe('in trash bin, place pair of bar of soap');
  });

  it('never joins or splits a compound', () => {
    expect(paraphraseTask('put a spoon in coffeemachine.')).toContain('coffeemachine');
  });
});
