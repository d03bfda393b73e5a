import { describe, expect, it } from 'vitest';
import type { Trajectory } from '../../core/trajectory.js';
import { abstractAction } from './abstract-action.js';
import { TEXT_GAME_GRAMMAR } from '../../../test/fixtures/text-game-grammar.js';
import { distillSteps } from './distill-steps.js';
import { createOfflineScriptWriter } from './offline-script-writer.js';

const steps = [
  { action: 'look', observation: 'You are in the middle of a room.' },
  { action: 'go to cabinet 1', observation: 'You arrive at cabinet 1. The cabinet 1 is closed.' },
  { action: 'open cabinet 1', observation: 'You open the cabinet 1. In it, you see nothing.' },
  { action: 'close cabinet 1', observation: 'You close the cabinet 1.' },
  { action: 'go to countertop 2', observation: 'You arrive at countertop 2. On the countertop 2, you see a apple 1.' },
  { action: 'take apple 1 from countertop 2', observation: 'You pick up the apple 1 from the countertop 2.' },
  { action: 'go to stoveburner 1', observation: 'You arrive at stoveburner 1.' },
  { action: 'clean apple 1 with stoveburner 1', observation: 'Nothing happens.' },
  { action: 'go to sinkbasin 1', observation: 'You arrive at sinkbasin 1.' },
  { action: 'clean apple 1 with sinkbasin 1', observation: 'You clean the apple 1 using the sinkbasin 1.' },
  { action: 'inventory', observation: 'You are carrying: a apple 1.' },
  { action: 'go to fridge 1', observation: 'You arrive at fridge 1. The fridge 1 is closed.' },
  { action: 'open fridge 1', observation: 'You open the fridge 1.' },
  { action: 'move apple 1 to fridge 1', observation: 'You move the apple 1 to the fridge 1.' },
];

const trajectory: Trajectory = {
  id: 't1',
  namespace: 'default',
  task: 'put a clean apple in fridge',
  steps,
  outcome: { success: true, steps: steps.length },
};

describe('distillSteps', () => {
  it('drops failed actions, inspections, visits that changed nothing, and closes', () => {
    const kept = distillSteps(steps, TEXT_GAME_GRAMMAR).map((s) => s.action);
    expect(kept).toEqual([
      'go to countertop 2',
      'take apple 1 from countertop 2',
      'go to sinkbasin 1',
      'clean apple 1 with sinkbasin 1',
      'go to fridge 1',
      'open fridge 1',
      'move apple 1 to fridge 1',
    ]);
  });

  it('keeps an open only when something is then taken from or put into what was opened', () => {
    const kept = distillSteps(
      [
        { action: 'go to fridge 1' },
        { action: 'open fridge 1' },
        { action: 'take egg 1 from fridge 1' },
        { action: 'go to microwave 1' },
        { action: 'open microwave 1' },
        { action: 'heat egg 1 with microwave 1' },
      ],
      TEXT_GAME_GRAMMAR,
    ).map((s) => s.action);
    expect(kept).toEqual([
      'go to fridge 1',
      'open fridge 1',
      'take egg 1 from fridge 1',
      'go to microwave 1',
      'heat egg 1 with microwave 1',
    ]);
  });
});

describe('abstractAction', () => {
  it('replaces instance names by their type', () => {
    expect(abstractAction('take apple 1 from countertop 2', TEXT_GAME_GRAMMAR)).toBe(
      'take the apple from the countertop',
    );
    expect(abstractAction('go to sinkbasin 1', TEXT_GAME_GRAMMAR)).toBe('go to the sinkbasin');
    expect(abstractAction('look', TEXT_GAME_GRAMMAR)).toBe('look');
  });
});

describe('offline script writer', () => {
  it('renders the distilled, abstracted steps as a numbered procedure', async () => {
    const script = await createOfflineScriptWriter({ grammar: TEXT_GAME_GRAMMAR }).write({ trajectory });
    expect(script.split('\n')).toEqual([
      '1. go to the countertop',
      '2. take the apple from the countertop',
      '3. go to the sinkbasin',
      '4. clean the apple with the sinkbasin',
      '5. go to the fridge',
      '6. open the fridge',
      '7. move the apple to the fridge',
    ]);
  });

  it('writes an empty script for a trajectory with no effective step', async () => {
    const script = await createOfflineScriptWriter({ grammar: TEXT_GAME_GRAMMAR }).write({
      trajectory: {
        ...trajectory,
        steps: [
          { action: 'look', observation: 'x' },
          { action: 'jump', observation: 'Nothing happens.' },
        ],
      },
    });
    expect(script).toBe('');
  });
});
