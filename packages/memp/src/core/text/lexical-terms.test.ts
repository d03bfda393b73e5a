import { describe, expect, it } from 'vitest';
import { lexicalDocument, lexicalTerms } from './lexical-terms.js';

describe('lexicalTerms', () => {
  it('stems content words and drops stop words, numbers and single letters', () => {
    expect(lexicalTerms('Put the heated apple 1 in a fridge')).toEqual(['put', 'heat', 'appl', 'heatedappl', 'fridg']);
  });

  it('joins neighbouring words so split and closed compounds share a term', () => {
    expect(lexicalTerms('soap bar')).toContain('soapbar');
    expect(lexicalTerms('soapbar')).toEqual(['soapbar']);
    expect(lexicalTerms('turn on the desk lamp')).toContain(lexicalTerms('desklamp')[0]);
  });

  it('does not join across a stop word or a number', () => {
    expect(lexicalTerms('apple in fridge')).toEqual(['appl', 'fridg']);
    expect(lexicalTerms('cabinet 2 drawer')).toEqual(['cabinet', 'drawer']);
  });

  it('keeps each term once and caps the count', () => {
    expect(lexicalTerms('egg egg egg')).toEqual(['egg', 'eggegg']);
    expect(lexicalTerms('alpha beta gamma delta', { max: 3 })).toHaveLength(3);
  });
});

describe('lexicalDocument', () => {
  it('indexes task, keywords and the procedure (script and step actions)', () => {
    const doc = lexicalDocument({
      task: 'clean mug',
      keywords: ['mug', 'sink basin'],
      script: 'rinse it',
      steps: [{ action: 'go to countertop 1' }],
    });
    expect(doc.task).toEqual(['clean', 'mug', 'cleanmug']);
    expect(doc.keywords).toEqual(['mug', 'sink', 'basin', 'sinkbasin']);
    expect(doc.procedure).toEqual(['rins', 'go', 'countertop']);
  });
});
