import { describe, expect, it } from 'vitest';
import { rebindNames } from './rebind-names.js';
import { taskNames } from './task-names.js';

describe('taskNames', () => {
  it('keeps the words that name things, in sentence order', () => {
    expect(taskNames({ task: 'put a clean mug in cabinet' })).toEqual(['mug', 'cabinet']);
    expect(taskNames({ task: 'heat some egg and put it in countertop.' })).toEqual(['egg', 'countertop']);
    expect(taskNames({ task: 'find two tissuebox and put them in toilet' })).toEqual(['tissuebox', 'toilet']);
    expect(taskNames({ task: 'examine the bowl with the desklamp' })).toEqual(['bowl', 'desklamp']);
  });
});

describe('rebindNames', () => {
  it('pairs the names of two sentences of the same phrasing', () => {
    const b = rebindNames({ memoryTask: 'put a clean apple in fridge', task: 'put a clean mug in cabinet' });
    expect([...b.map]).toEqual([
      ['apple', 'mug'],
      ['fridge', 'cabinet'],
    ]);
    expect(b.aligned).toBe(true);
    expect(b.samePhrasing).toBe(true);
  });

  it('pairs names across phrasings', () => {
    const b = rebindNames({ memoryTask: 'heat some egg and put it in countertop', task: 'put a hot potato in shelf' });
    expect([...b.map]).toEqual([
      ['egg', 'potato'],
      ['countertop', 'shelf'],
    ]);
    expect(b.samePhrasing).toBe(false);
    const look = rebindNames({
      memoryTask: 'look at alarmclock under the desklamp',
      task: 'examine the cd with the desklamp',
    });
    expect([...look.map]).toEqual([
      ['alarmclock', 'cd'],
      ['desklamp', 'desklamp'],
    ]);
  });

  it('maps shared names to themselves when the counts differ', () => {
    const b = rebindNames({ memoryTask: 'put a mug with spoon in cabinet', task: 'put a cup in cabinet' });
    expect(b.aligned).toBe(false);
    expect(b.map.get('cabinet')).toBe('cabinet');
    expect(b.map.get('mug')).toBe('cup');
  });
});
