import { describe, expect, it } from 'vitest';
import { type Lesson, lessonText, type Memory, type Retrieved } from 'memp';
import { AlfworldBelief } from './alfworld-belief.js';
import { lessonProcedure } from './lesson-procedure.js';
import { planFromMemories } from './plan-from-memories.js';

const intro =
  'You are in the middle of a room. Looking quickly around you, you see a cabinet 1, a countertop 1, a fridge 1, and a drawer 1.\n\nYour task is to: cool some cup and put it in cabinet.';

function lessonMemory(id: string, task: string, lesson: Lesson): Memory {
  return {
    id,
    namespace: 'default',
    task,
    keywords: [],
    kind: 'lesson',
    script: lessonText(lesson),
    status: 'active',
    stats: { retrieved: 0, succeeded: 0, failed: 0 },
    provenance: { builtBy: 'offline', from: ['t1'], embedder: 'e' },
    version: 1,
    createdAt: 'a',
    updatedAt: 'a',
    meta: { lesson },
  };
}

const failedMug: Lesson = {
  outcome: 'failed',
  reached: ['take the keychain from the drawer'],
  refused: ['cool the mug with the sinkbasin'],
  tried: ['cool the mug with the fridge'],
  found: ['the mug @ the countertop', 'the mug @ the shelf'],
};

describe('lessonProcedure', () => {
  it('reads a lesson as a partial procedure: take where it was found, then what was attempted; detours dropped', () => {
    const procedure = lessonProcedure(lessonMemory('l1', 'cool some mug and put it in cabinet.', failedMug));
    expect(procedure?.ops).toEqual([
      { kind: 'take', object: 'mug', from: { type: 'countertop' } },
      { kind: 'apply', verb: 'cool', object: 'mug', tool: { type: 'fridge' } },
    ]);
    expect(procedure?.cautions).toEqual(['cool the mug with the sinkbasin']);
    expect(procedure?.failedBefore).toBe(true);
  });

  it('prefers what a success of the same family did (contrast) over what the failure reached', () => {
    const contrasted = {
      ...failedMug,
      tried: [],
      contrast: ['take the mug from the countertop', 'move the mug to the cabinet'],
    };
    const procedure = lessonProcedure(lessonMemory('l2', 'cool some mug and put it in cabinet.', contrasted));
    expect(procedure?.ops.map((op) => op.kind)).toEqual(['take', 'put']);
  });

  it('reads nothing from a memory that is not a lesson, or a lesson without usable entries', () => {
    const empty: Lesson = { outcome: 'failed', reached: [], refused: [], tried: [], found: [] };
    expect(lessonProcedure(lessonMemory('l3', 'cool some mug and put it in cabinet.', empty))).toBeUndefined();
    expect(lessonProcedure({ ...lessonMemory('l4', 'x', failedMug), kind: 'script' })).toBeUndefined();
  });

  it('plans lessons re-bound to the task, after every procedure, never as complete plans', () => {
    const lesson: Retrieved = {
      memory: lessonMemory('lesson', 'cool some mug and put it in cabinet.', failedMug),
      score: 0.9,
      key: 'query',
    };
    const procedure: Retrieved = {
      memory: {
        ...lessonMemory('proc', 'put some cup in cabinet.', failedMug),
        kind: 'script',
        script: '1. take the cup from the countertop\n2. move the cup to the cabinet',
        meta: {},
      },
      score: 0.5,
      key: 'query',
    };
    const plans = planFromMemories({
      memories: [procedure, lesson],
      task: 'cool some cup and put it in cabinet.',
      belief: new AlfworldBelief(intro),
      taskNames: ['cup', 'cabinet'],
    });
    // The lesson is phrased like the task (mug→cup) and scores higher, yet comes after the procedure.
    expect(plans.map((p) => [p.memoryId, p.partial, p.samePhrasing])).toEqual([
      ['proc', false, false],
      ['lesson', true, true],
    ]);
    expect(plans[1]?.ops[1]).toEqual({ kind: 'apply', verb: 'cool', object: 'cup', tool: { type: 'fridge' } });
  });
});
