import { describe, expect, it } from 'vitest';
import { TEXT_GAME_GRAMMAR } from '../../../test/fixtures/text-game-grammar.js';
import { distillSteps } from './distill-steps.js';
import { cancelUndoneSteps, relevantSteps, undonePairs } from './relevant-steps.js';

const g = TEXT_GAME_GRAMMAR;
const steps = (actions: string[]) => actions.map((action) => ({ action, observation: 'ok' }));

describe('undonePairs / cancelUndoneSteps', () => {
  it('drops a put that was taken back from the same place with nothing done to the object in between', () => {
    const s = steps([
      'take egg 1 from countertop 1',
      'move egg 1 to countertop 2',
      'take egg 1 from countertop 2',
      'heat egg 1 with microwave 1',
      'move egg 1 to countertop 2',
    ]);
    expect(undonePairs(s, g)).toEqual([[1, 2]]);
    expect(cancelUndoneSteps(s, g).map((x) => x.action)).toEqual([
      'take egg 1 from countertop 1',
      'heat egg 1 with microwave 1',
      'move egg 1 to countertop 2',
    ]);
  });

  it('keeps a put and a later take when the object was changed in between, or taken from elsewhere', () => {
    const s = steps(['move egg 1 to countertop 2', 'take egg 1 from countertop 3']);
    expect(undonePairs(s, g)).toEqual([]);
    const t = steps(['take egg 1 from fridge 1', 'heat egg 1 with microwave 1', 'move egg 1 to fridge 1']);
    expect(undonePairs(t, g)).toEqual([]);
  });
});

describe('relevantSteps', () => {
  it('drops a detour: using the held object on an unrelated thing (slicing bread with the knife to be cleaned)', () => {
    const s = steps([
      'take butterknife 1 from countertop 1',
      'slice bread 1 with butterknife 1',
      'clean butterknife 1 with sinkbasin 1',
      'move butterknife 1 to drawer 1',
    ]);
    expect(relevantSteps(s, g).map((x) => x.action)).toEqual([
      'take butterknife 1 from countertop 1',
      'clean butterknife 1 with sinkbasin 1',
      'move butterknife 1 to drawer 1',
    ]);
  });

  it('drops takes and puts of things unconnected to the goal, keeps both objects of a two-object task', () => {
    const s = steps([
      'take pencil 1 from desk 1',
      'move pencil 1 to shelf 1',
      'take cd 1 from desk 1',
      'move cd 1 to safe 1',
      'take cd 2 from bed 1',
      'move cd 2 to safe 1',
    ]);
    expect(relevantSteps(s, g).map((x) => x.action)).toEqual([
      'take cd 1 from desk 1',
      'move cd 1 to safe 1',
      'take cd 2 from bed 1',
      'move cd 2 to safe 1',
    ]);
  });

  it('keeps an instrument a kept action needed (not its putting away), and an action done with empty hands', () => {
    const s = steps([
      'use desklamp 1',
      'take knife 1 from drawer 1',
      'slice apple 1 with knife 1',
      'move knife 1 to drawer 1',
      'take apple 1 from countertop 1',
    ]);
    expect(relevantSteps(s, g).map((x) => x.action)).toEqual([
      'use desklamp 1',
      'take knife 1 from drawer 1',
      'slice apple 1 with knife 1',
      'take apple 1 from countertop 1',
    ]);
  });

  it('is part of distillation: the recovered path of an exploration becomes the short procedure', () => {
    const kept = distillSteps(
      [
        { action: 'go to countertop 1', observation: 'You arrive at countertop 1.' },
        { action: 'take mug 1 from countertop 1', observation: 'You pick up the mug 1 from the countertop 1.' },
        { action: 'go to cabinet 1', observation: 'You arrive at cabinet 1.' },
        { action: 'move mug 1 to cabinet 1', observation: 'You move the mug 1 to the cabinet 1.' },
        { action: 'take mug 1 from cabinet 1', observation: 'You pick up the mug 1 from the cabinet 1.' },
        { action: 'go to sinkbasin 1', observation: 'You arrive at sinkbasin 1.' },
        { action: 'clean mug 1 with sinkbasin 1', observation: 'You clean the mug 1 using the sinkbasin 1.' },
        { action: 'go to cabinet 1', observation: 'You arrive at cabinet 1.' },
        { action: 'move mug 1 to cabinet 1', observation: 'You move the mug 1 to the cabinet 1.' },
      ],
      g,
    ).map((s) => s.action);
    expect(kept).toEqual([
      'go to countertop 1',
      'take mug 1 from countertop 1',
      'go to sinkbasin 1',
      'clean mug 1 with sinkbasin 1',
      'go to cabinet 1',
      'move mug 1 to cabinet 1',
    ]);
  });
});
