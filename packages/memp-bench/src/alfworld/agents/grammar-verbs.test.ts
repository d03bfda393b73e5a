import { describe, expect, it } from 'vitest';
import { verbsTaskMentions } from './grammar-verbs.js';

describe('verbsTaskMentions', () => {
  it('reads the grammar verb a task sentence asks for, by the verb or the state it produces', () => {
    expect(verbsTaskMentions('put a hot apple in fridge.')).toEqual(['heat']);
    expect(verbsTaskMentions('heat some egg and put it in countertop.')).toEqual(['heat']);
    expect(verbsTaskMentions('put a clean mug in cabinet')).toEqual(['clean']);
    expect(verbsTaskMentions('cool some pan and put it in stoveburner')).toEqual(['cool']);
    expect(verbsTaskMentions('put a cold tomato in microwave')).toEqual(['cool']);
  });

  it('names none for tasks that ask for no change of state', () => {
    expect(verbsTaskMentions('put two cd in safe')).toEqual([]);
    expect(verbsTaskMentions('look at bowl under the desklamp')).toEqual([]);
  });
});
