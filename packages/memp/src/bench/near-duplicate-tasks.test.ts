import { describe, expect, it } from 'vitest';
import { generateNearDuplicateTasks, taskTemplates } from './near-duplicate-tasks.js';

const train = [
  { sentence: 'put two candle in drawer.', object: 'candle', receptacle: 'drawer' },
  { sentence: 'put two book in shelf.', object: 'book', receptacle: 'shelf' },
  { sentence: 'heat some egg and put it in fridge.', object: 'egg', receptacle: 'fridge' },
  { sentence: 'look at bowl under the desklamp.', object: 'bowl', receptacle: 'desklamp' },
];

describe('near-duplicate tasks', () => {
  it('turns each train sentence into a template with its object and receptacle as slots', () => {
    const { byTask, distinct } = taskTemplates(train);
    expect(distinct).toBe(3);
    expect(byTask.map((t) => t.text)).toEqual([
      'put two {o} in {r}.',
      'put two {o} in {r}.',
      'heat some {o} and put it in {r}.',
      'look at {o} under the {r}.',
    ]);
    expect(byTask[0]?.objects).toEqual(['candle', 'book']);
    expect(byTask[3]?.receptacles).toEqual(['desklamp']);
  });

  it('fills templates only with fillers seen with them, with instance numbers and some rewording, seeded', () => {
    const tasks = generateNearDuplicateTasks({ tasks: train, count: 2000, seed: 3 });
    expect(generateNearDuplicateTasks({ tasks: train, count: 2000, seed: 3 })).toEqual(tasks);
    const plain =
      /^(put two (candle|book)( \d+)? in (drawer|shelf)( \d+)?|heat some egg( \d+)? and put it in fridge( \d+)?|look at bowl( \d+)? under the desklamp( \d+)?)\.$/;
    const plainShare = tasks.filter((t) => plain.test(t)).length / tasks.length;
    expect(plainShare).toBeGreaterThan(0.7);
    expect(plainShare).toBeLessThan(0.9);
    expect(tasks.some((t) => /candle \d+ in drawer \d+/.test(t))).toBe(true);
    expect(tasks.some((t) => t.includes('heat some candle'))).toBe(false);
    expect(new Set(tasks).size).toBeGreaterThan(200);
  });
});
