import { describe, expect, it } from 'vitest';
import { TEXT_GAME_GRAMMAR } from '../../../test/fixtures/text-game-grammar.js';
import { GENERIC_ACTION_GRAMMAR } from './action-grammar.js';
import { distillSteps } from './distill-steps.js';
import { dropNeedlessChanges } from './needless-changes.js';

const g = TEXT_GAME_GRAMMAR;
const steps = (actions: string[]) => actions.map((action) => ({ action, observation: `ok: ${action}` }));
const actions = (list: ReadonlyArray<{ action: string }>) => list.map((s) => s.action);

describe('dropNeedlessChanges', () => {
  const detour = steps([
    'take tomato 1 from countertop 1',
    'cool tomato 1 with fridge 1',
    'clean tomato 1 with sinkbasin 1',
    'heat tomato 1 with microwave 1',
    'move tomato 1 to diningtable 1',
  ]);

  it('keeps the changes the task sentence asks for and drops the other changes of the goal object', () => {
    expect(actions(dropNeedlessChanges(detour, g, { task: 'heat some tomato and put it in diningtable' }))).toEqual([
      'take tomato 1 from countertop 1',
      'heat tomato 1 with microwave 1',
      'move tomato 1 to diningtable 1',
    ]);
  });

  it('without a task, or when the task names none of the verbs, keeps what the trajectory cannot rule out', () => {
    expect(dropNeedlessChanges(detour, g)).toEqual(detour);
    expect(dropNeedlessChanges(detour, g, { task: 'put a hot tomato in diningtable' })).toEqual(detour);
  });

  it('drops changes a failed test showed were not enough: put where the goal wants it, taken back, changed again', () => {
    const tested = steps([
      'take tomato 1 from countertop 1',
      'cool tomato 1 with fridge 1',
      'move tomato 1 to diningtable 1',
      'take tomato 1 from diningtable 1',
      'clean tomato 1 with sinkbasin 1',
      'move tomato 1 to diningtable 1',
      'take tomato 1 from diningtable 1',
      'heat tomato 1 with microwave 1',
      'move tomato 1 to diningtable 1',
    ]);
    const kept = actions(dropNeedlessChanges(tested, g, { task: 'put a hot tomato in diningtable' }));
    expect(kept).not.toContain('cool tomato 1 with fridge 1');
    expect(kept).not.toContain('clean tomato 1 with sinkbasin 1');
    expect(kept).toContain('heat tomato 1 with microwave 1');
    // Distilled, the tests (put then taken back) cancel too: only the path the success depended on is left.
    expect(actions(distillSteps(tested, g, { task: 'put a hot tomato in diningtable' }))).toEqual([
      'take tomato 1 from countertop 1',
      'heat tomato 1 with microwave 1',
      'move tomato 1 to diningtable 1',
    ]);
  });

  it('keeps a change that was never put to the test before the success', () => {
    const s = steps([
      'take mug 1 from desk 1',
      'clean mug 1 with sinkbasin 1',
      'move mug 1 to shelf 1',
      'take mug 1 from shelf 1',
      'move mug 1 to shelf 2',
    ]);
    expect(dropNeedlessChanges(s, g, { task: 'put a mug on a shelf' })).toEqual(s);
  });

  it('looks at every object of a two-object goal and leaves other objects alone', () => {
    const s = steps([
      'take cd 1 from desk 1',
      'clean cd 1 with sinkbasin 1',
      'move cd 1 to safe 1',
      'take cd 2 from bed 1',
      'cool cd 2 with fridge 1',
      'move cd 2 to safe 1',
    ]);
    expect(actions(dropNeedlessChanges(s, g, { task: 'clean two cd and put them in safe' }))).toEqual([
      'take cd 1 from desk 1',
      'clean cd 1 with sinkbasin 1',
      'move cd 1 to safe 1',
      'take cd 2 from bed 1',
      'move cd 2 to safe 1',
    ]);
  });

  it('changes nothing under a grammar that does not know taking and putting', () => {
    expect(dropNeedlessChanges(detour, GENERIC_ACTION_GRAMMAR, { task: 'heat some tomato' })).toEqual(detour);
  });
});

describe('distillSteps: opens and repeats', () => {
  it('drops an open nothing was taken from or put into, and repeated identical changes', () => {
    const kept = distillSteps(
      [
        { action: 'go to countertop 1', observation: 'You arrive at countertop 1.' },
        { action: 'open drawer 1', observation: 'You open the drawer 1. In it, you see nothing.' },
        { action: 'take ladle 1 from countertop 1', observation: 'You pick up the ladle 1 from the countertop 1.' },
        { action: 'go to sinkbasin 1', observation: 'You arrive at sinkbasin 1.' },
        { action: 'clean ladle 1 with sinkbasin 1', observation: 'You clean the ladle 1 using the sinkbasin 1.' },
        { action: 'clean ladle 1 with sinkbasin 1', observation: 'You clean the ladle 1 using the sinkbasin 1.' },
        { action: 'go to cabinet 1', observation: 'You arrive at cabinet 1. The cabinet 1 is closed.' },
        { action: 'open cabinet 1', observation: 'You open the cabinet 1.' },
        { action: 'move ladle 1 to cabinet 1', observation: 'You move the ladle 1 to the cabinet 1.' },
      ],
      g,
      { task: 'put a clean ladle in cabinet' },
    );
    expect(actions(kept)).toEqual([
      'go to countertop 1',
      'take ladle 1 from countertop 1',
      'go to sinkbasin 1',
      'clean ladle 1 with sinkbasin 1',
      'go to cabinet 1',
      'open cabinet 1',
      'move ladle 1 to cabinet 1',
    ]);
  });

  it('keeps the last of repeated identical actions when it is the one that reached the goal', () => {
    const kept = distillSteps(
      [
        { action: 'go to sidetable 1', observation: 'You arrive at sidetable 1.' },
        { action: 'use desklamp 1', observation: 'You turn on the desklamp 1.' },
        { action: 'go to bed 1', observation: 'You arrive at bed 1.' },
        { action: 'take book 1 from bed 1', observation: 'You pick up the book 1 from the bed 1.' },
        { action: 'go to sidetable 1', observation: 'You arrive at sidetable 1.' },
        { action: 'use desklamp 1', observation: 'You turn on the desklamp 1.' },
      ],
      g,
      { task: 'look at book under the desklamp' },
    );
    expect(actions(kept)).toEqual(['go to bed 1', 'take book 1 from bed 1', 'go to sidetable 1', 'use desklamp 1']);
  });
});
