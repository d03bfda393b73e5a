import { describe, expect, it } from 'vitest';
import type { Memory } from '../../core/memory.js';
import type { Trajectory } from '../../core/trajectory.js';
import { TEXT_GAME_GRAMMAR } from '../../../test/fixtures/text-game-grammar.js';
import { createOfflineScriptWriter } from '../build/offline-script-writer.js';
import { createUpdatePolicy } from './create-update-policy.js';
import { shouldDeprecate } from './deprecation-rule.js';
import { createOfflineAdjuster, realFailure } from './offline-adjuster.js';
import { nameMapping, samePhrasing } from './task-phrasing.js';

const used: Memory = {
  id: 'mem_1',
  namespace: 'default',
  task: 'heat some egg and put it in countertop',
  keywords: ['heat', 'egg', 'countertop'],
  kind: 'script',
  script: '1. take the egg\n2. heat the egg with the stoveburner\n3. move the egg to the countertop',
  status: 'active',
  stats: { retrieved: 1, succeeded: 1, failed: 0 },
  provenance: { builtBy: 'offline', from: ['t0'], embedder: 'e' },
  version: 1,
  createdAt: 'a',
  updatedAt: 'a',
};

function trajectory(success: boolean, withFailure: boolean): Trajectory {
  const steps = [
    { action: 'take egg 1 from fridge 1', observation: 'You pick up the egg 1 from the fridge 1.' },
    ...(withFailure ? [{ action: 'heat egg 1 with stoveburner 1', observation: 'Nothing happens.' }] : []),
    { action: 'go to microwave 1', observation: 'You arrive at microwave 1.' },
    { action: 'heat egg 1 with microwave 1', observation: 'You heat the egg 1 using the microwave 1.' },
    { action: 'go to table 1', observation: 'You arrive at table 1.' },
    { action: 'move egg 1 to table 1', observation: 'You move the egg 1 to the table 1.' },
  ];
  return {
    id: 't1',
    namespace: 'default',
    task: 'heat some egg and put it in table',
    steps,
    outcome: { success, steps: steps.length },
  };
}

describe('update policies', () => {
  it('vanilla adds every trajectory; validation only successes', () => {
    expect(createUpdatePolicy({ name: 'vanilla' }).decide({ trajectory: trajectory(false, false), used: [] }).add).toBe(
      true,
    );
    expect(
      createUpdatePolicy({ name: 'validation' }).decide({ trajectory: trajectory(false, false), used: [] }).add,
    ).toBe(false);
    expect(
      createUpdatePolicy({ name: 'validation' }).decide({ trajectory: trajectory(true, false), used: [] }).add,
    ).toBe(true);
  });

  it('adjustment corrects used memories on failure and on recovered success, not on a clean success', () => {
    const policy = createUpdatePolicy({ name: 'adjustment', grammar: TEXT_GAME_GRAMMAR });
    expect(policy.decide({ trajectory: trajectory(false, true), used: [used] })).toEqual({
      add: false,
      adjust: [used],
    });
    expect(policy.decide({ trajectory: trajectory(true, true), used: [used] })).toEqual({ add: true, adjust: [used] });
    expect(policy.decide({ trajectory: trajectory(true, false), used: [used] })).toEqual({ add: true, adjust: [] });
    expect(
      policy.decide({ trajectory: trajectory(false, true), used: [{ ...used, status: 'deprecated' }] }).adjust,
    ).toEqual([]);
  });
});

describe('offline adjuster', () => {
  const adjuster = createOfflineAdjuster({
    grammar: TEXT_GAME_GRAMMAR,
    writer: createOfflineScriptWriter({ grammar: TEXT_GAME_GRAMMAR }),
  });

  it('replaces the script with the recovered path after a recovered success', async () => {
    const adjustment = await adjuster.adjust({ memory: used, trajectory: trajectory(true, true) });
    expect(adjustment?.content.script).toBe(
      '1. take the egg from the fridge\n2. go to the microwave\n3. heat the egg with the microwave\n4. go to the table\n5. move the egg to the table',
    );
  });

  it('replaces a worked example with the distilled recovered path (no failed step, no thoughts)', async () => {
    const memory: Memory = {
      ...used,
      kind: 'proceduralization',
      steps: [{ thought: 'old', action: 'take egg 1 from fridge 1', observation: 'ok' }],
    };
    const recovered = trajectory(true, true);
    const withThoughts = {
      ...recovered,
      steps: recovered.steps.map((s) => ({ ...s, thought: 'following memory 1 ("heat some egg")' })),
    };
    const adjustment = await adjuster.adjust({ memory, trajectory: withThoughts });
    expect(adjustment?.content.steps?.map((s) => s.action)).toEqual([
      'take egg 1 from fridge 1',
      'go to microwave 1',
      'heat egg 1 with microwave 1',
      'go to table 1',
      'move egg 1 to table 1',
    ]);
    expect(adjustment?.content.steps?.some((s) => s.thought !== undefined)).toBe(false);
  });

  it('records the failing step on a failure and adds a caution to the script', async () => {
    const adjustment = await adjuster.adjust({ memory: used, trajectory: trajectory(false, true) });
    expect(adjustment?.content.meta?.failures).toEqual([
      { trajectory: 't1', action: 'heat egg 1 with stoveburner 1', observation: 'Nothing happens.', kind: 'failed' },
    ]);
    expect(adjustment?.content.script).toContain('heat the egg with the stoveburner');
    expect(adjustment?.content.script?.split('\n')).toHaveLength(4);
  });
});

describe('offline adjuster: the real failing step', () => {
  const adjuster = createOfflineAdjuster({
    grammar: TEXT_GAME_GRAMMAR,
    writer: createOfflineScriptWriter({ grammar: TEXT_GAME_GRAMMAR }),
  });
  const put = (task: string, steps: Array<{ action: string; observation: string }>, success = false): Trajectory => ({
    id: 't2',
    namespace: 'default',
    task,
    steps,
    outcome: { success, steps: steps.length },
  });

  it('blames the put that was not enough (taken back), not the last step of a capped episode', () => {
    const t = put('put a clean mug in cabinet', [
      { action: 'take mug 1 from countertop 1', observation: 'You pick up the mug 1 from the countertop 1.' },
      { action: 'use lamp 1', observation: 'Nothing happens.' },
      { action: 'move mug 1 to cabinet 1', observation: 'You move the mug 1 to the cabinet 1.' },
      { action: 'take mug 1 from cabinet 1', observation: 'You pick up the mug 1 from the cabinet 1.' },
      { action: 'go to drawer 3', observation: 'You arrive at drawer 3.' },
    ]);
    expect(realFailure(t, TEXT_GAME_GRAMMAR)).toMatchObject({
      action: 'move mug 1 to cabinet 1',
      kind: 'not-enough',
    });
  });

  it('blames no step when the episode only ran out of steps', () => {
    const t = put('put a mug in cabinet', [{ action: 'go to drawer 3', observation: 'You arrive at drawer 3.' }]);
    expect(realFailure(t, TEXT_GAME_GRAMMAR)).toEqual({ trajectory: 't2', kind: 'unfinished' });
  });

  it("corrects a memory phrased like the task, in the memory's names; leaves a differently phrased one alone", async () => {
    const memory: Memory = {
      ...used,
      task: 'put a clean apple in fridge',
      script: '1. take the apple from the countertop\n2. move the apple to the fridge',
    };
    const t = put('put a clean mug in cabinet', [
      { action: 'take mug 1 from countertop 1', observation: 'You pick up the mug 1 from the countertop 1.' },
      { action: 'move mug 1 to cabinet 1', observation: 'You move the mug 1 to the cabinet 1.' },
      { action: 'take mug 1 from cabinet 1', observation: 'You pick up the mug 1 from the cabinet 1.' },
    ]);
    const adjustment = await adjuster.adjust({ memory, trajectory: t });
    expect(adjustment?.content.script).toContain('Caution: "move the apple to the fridge" did not finish the task');
    expect(
      await adjuster.adjust({ memory: { ...memory, task: 'put a apple in fridge' }, trajectory: t }),
    ).toBeUndefined();
    expect(
      await adjuster.adjust({
        memory: { ...memory, task: 'put a apple in fridge' },
        trajectory: { ...t, outcome: { success: true, steps: 3 } },
      }),
    ).toBeUndefined();
  });

  it('adjustment counts a put taken back as a recovery on success', () => {
    const t = put(
      'put a mug in cabinet',
      [
        { action: 'move mug 1 to cabinet 1', observation: 'You move the mug 1 to the cabinet 1.' },
        { action: 'take mug 1 from cabinet 1', observation: 'You pick up the mug 1 from the cabinet 1.' },
        { action: 'move mug 1 to cabinet 1', observation: 'You move the mug 1 to the cabinet 1.' },
      ],
      true,
    );
    expect(
      createUpdatePolicy({ name: 'adjustment', grammar: TEXT_GAME_GRAMMAR }).decide({
        trajectory: t,
        used: [used],
      }).adjust,
    ).toEqual([used]);
  });
});

describe('task phrasing', () => {
  it('compares task sentences apart from the names their procedures use', () => {
    const texts = ['take apple 1 from countertop 1', 'move mug 1 to cabinet 1', 'move the apple to the fridge'];
    expect(samePhrasing('put a hot apple in fridge', 'put a hot mug in cabinet', texts)).toBe(true);
    expect(samePhrasing('put a clean apple in fridge', 'put a hot mug in cabinet', texts)).toBe(false);
    expect(samePhrasing('put a apple in fridge', 'put a hot mug in cabinet', texts)).toBe(false);
    expect(nameMapping('put a hot mug in cabinet', 'put a hot apple in fridge', texts)).toEqual(
      new Map([
        ['mug', 'apple'],
        ['cabinet', 'fridge'],
      ]),
    );
  });
});

describe('deprecation rule', () => {
  it('deprecates after ≥ 3 hits with a success rate below 0.5', () => {
    expect(shouldDeprecate({ retrieved: 2, succeeded: 0, failed: 2 })).toBe(false);
    expect(shouldDeprecate({ retrieved: 3, succeeded: 1, failed: 2 })).toBe(true);
    expect(shouldDeprecate({ retrieved: 4, succeeded: 2, failed: 2 })).toBe(false);
  });
});
