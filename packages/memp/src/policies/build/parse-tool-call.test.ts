import { describe, expect, it } from 'vitest';
import { abstractAction } from './abstract-action.js';
import { GENERIC_ACTION_GRAMMAR } from './action-grammar.js';
import { TEXT_GAME_GRAMMAR } from '../../../test/fixtures/text-game-grammar.js';
import { actionKey, parseToolCall } from './parse-tool-call.js';

describe('parseToolCall', () => {
  it('reads name(JSON), name(free text), name() and JSON actions', () => {
    expect(parseToolCall('search({"q":"page 2","limit":3})')).toEqual({
      name: 'search',
      rawArgs: '{"q":"page 2","limit":3}',
      args: { q: 'page 2', limit: 3 },
    });
    expect(parseToolCall('  readFile(notes/todo 1.md) ')).toEqual({ name: 'readFile', rawArgs: 'notes/todo 1.md' });
    expect(parseToolCall('listFiles()')).toEqual({ name: 'listFiles', rawArgs: '' });
    expect(parseToolCall('{"tool":"search","args":{"q":"x"}}')).toEqual({
      name: 'search',
      rawArgs: '{"q":"x"}',
      args: { q: 'x' },
    });
    expect(parseToolCall('{"name":"search","arguments":"{\\"q\\":\\"x\\"}"}')).toEqual({
      name: 'search',
      rawArgs: '{"q":"x"}',
      args: { q: 'x' },
    });
  });

  it('is not fooled by plain actions, prose with parentheses or JSON that is not a call', () => {
    expect(parseToolCall('go to desk 1')).toBeUndefined();
    expect(parseToolCall('take the apple (the red one)')).toBeUndefined();
    expect(parseToolCall('{"q":"x"}')).toBeUndefined();
    expect(parseToolCall('{not json')).toBeUndefined();
  });

  it('compares calls by name and arguments whatever the key order or spelling', () => {
    expect(actionKey('f({"a":1,"b":{"d":2,"c":3}})')).toBe(actionKey('{"tool":"f","args":{"b":{"c":3,"d":2},"a":1}}'));
    expect(actionKey('f({"a":1})')).not.toBe(actionKey('f({"a":2})'));
    expect(actionKey('go  to   desk 1')).toBe('go to desk 1');
  });
});

describe('abstractAction', () => {
  it('never rewrites tool arguments or JSON, under any grammar', () => {
    for (const grammar of [GENERIC_ACTION_GRAMMAR, TEXT_GAME_GRAMMAR]) {
      expect(abstractAction('getPage({"book": "dune 2", "page 3": 4})', grammar)).toBe(
        'getPage({"book": "dune 2", "page 3": 4})',
      );
      expect(abstractAction('{"tool":"getPage","args":{"book":"dune 2"}}', grammar)).toBe('getPage({"book":"dune 2"})');
    }
  });

  it('abstracts instance numbers only when the grammar says names carry them', () => {
    expect(abstractAction('take apple 1 from countertop 2', GENERIC_ACTION_GRAMMAR)).toBe(
      'take apple 1 from countertop 2',
    );
    expect(abstractAction('take apple 1 from countertop 2', TEXT_GAME_GRAMMAR)).toBe(
      'take the apple from the countertop',
    );
  });
});
