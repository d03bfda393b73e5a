import { describe, expect, it } from 'vitest';
import { isMempError } from '../../core/errors.js';
import { parseActionGrammar } from './parse-action-grammar.js';

function fieldOf(value: unknown): unknown {
  try {
    parseActionGrammar(value, 'g.json');
    return 'no error';
  } catch (error) {
    return isMempError(error, 'INVALID_ARGUMENT') ? error.details?.['field'] : error;
  }
}

describe('action grammar files', () => {
  it('compiles sources case-insensitively, keeps /literal/flags, and leaves missing parts matching nothing', () => {
    const grammar = parseActionGrammar(
      { failure: ['^nothing happens'], navigation: '/^Go to /', abstractInstances: true },
      'g.json',
    );
    expect(grammar.failure[0]?.test('Nothing happens.')).toBe(true);
    expect(grammar.navigation.test('Go to desk 1')).toBe(true);
    expect(grammar.navigation.test('go to desk 1')).toBe(false);
    expect(grammar.open.test('open drawer 1')).toBe(false);
    expect(grammar.abstractInstances).toBe(true);
  });

  it('refuses what is not a grammar, naming the field', () => {
    expect(fieldOf({ failure: ['('] })).toBe('failure.0');
    expect(fieldOf({ failure: [], take: '[' })).toBe('take');
    expect(fieldOf({ failure: [], navigation: 3 })).toBe('navigation');
    expect(fieldOf({ navigation: 'x' })).toBe('failure');
    expect(fieldOf({ failure: [], nav: 'x' })).not.toBe('no error');
    expect(fieldOf('generic')).not.toBe('no error');
  });
});
