import { describe, expect, it } from 'vitest';
import type { Memory } from 'memp';
import type { Retrieved } from 'memp';
import { AlfworldBelief } from './alfworld-belief.js';
import { planFromMemories } from './plan-from-memories.js';
import { requestedCount } from './task-names.js';

const intro =
  'You are in the middle of a room. Looking quickly around you, you see a cabinet 1, a countertop 1, a fridge 1, and a sinkbasin 1.\n\nYour task is to: put a clean mug in cabinet.';

function retrieved(id: string, task: string, script: string, score: number): Retrieved {
  const memory: Memory = {
    id,
    namespace: 'default',
    task,
    keywords: [],
    kind: 'script',
    script,
    status: 'active',
    stats: { retrieved: 0, succeeded: 0, failed: 0 },
    provenance: { builtBy: 'offline', from: [], embedder: 'e' },
    version: 1,
    createdAt: 'a',
    updatedAt: 'a',
  };
  return { memory, score, key: 'query' };
}

describe('planFromMemories', () => {
  it('puts memories phrased like the task first, and among them those whose steps did not fail before', () => {
    const procedure =
      '1. take the apple from the countertop\n2. clean the apple with the sinkbasin\n3. move the apple to the fridge';
    const memories = [
      retrieved(
        'other',
        'put a apple in fridge',
        '1. take the apple from the countertop\n2. move the apple to the fridge',
        0.9,
      ),
      retrieved(
        'flagged',
        'put a clean apple in fridge',
        `${procedure}\nCaution: "move the apple to the fridge" did not finish the task in a past attempt.`,
        0.8,
      ),
      retrieved('clean', 'put a clean apple in fridge', procedure, 0.7),
    ];
    const belief = new AlfworldBelief(intro);
    const plans = planFromMemories({
      memories,
      task: 'put a clean mug in cabinet',
      belief,
      taskNames: ['mug', 'cabinet'],
    });
    expect(plans.map((p) => [p.memoryId, p.samePhrasing, p.flagged])).toEqual([
      ['clean', true, false],
      ['flagged', true, true],
      ['other', false, false],
    ]);
  });

  it('flags a memory whose past attempt ran out of steps, though no step is blamed', () => {
    const procedure =
      '1. take the apple from the countertop\n2. clean the apple with the sinkbasin\n3. move the apple to the fridge';
    const memories = [
      retrieved(
        'ran-out',
        'put a clean apple in fridge',
        `${procedure}\nCaution: a past attempt following this procedure did not reach the goal within 50 steps.`,
        0.9,
      ),
      retrieved('clean', 'put a clean apple in fridge', procedure, 0.7),
    ];
    const plans = planFromMemories({
      memories,
      task: 'put a clean mug in cabinet',
      belief: new AlfworldBelief(intro),
      taskNames: ['mug', 'cabinet'],
    });
    expect(plans.map((p) => [p.memoryId, p.flagged])).toEqual([
      ['clean', false],
      ['ran-out', true],
    ]);
  });
});

describe('requestedCount', () => {
  it('reads the numeral of the task sentence', () => {
    expect(requestedCount('put two cd in safe')).toBe(2);
    expect(requestedCount('find two pillow and put them in sofa')).toBe(2);
    expect(requestedCount('put a clean mug in cabinet')).toBe(1);
  });
});
