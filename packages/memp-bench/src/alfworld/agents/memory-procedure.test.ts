import { describe, expect, it } from 'vitest';
import { createBuildPolicy } from 'memp';
import { createOfflineScriptWriter } from 'memp';
import { createTestEnvironment } from '../../testing/alfworld/alfworld-test-games.js';
import { cleanMugGame, heatEggGame, hotPotatoGame } from '../../testing/alfworld/kitchen-test-games.js';
import { ALFWORLD_ACTION_GRAMMAR } from '../environment/alfworld-action-grammar.js';
import { memoryProcedure, rebindOps, scriptLines } from './memory-procedure.js';
import { createOfflineAgent } from './offline-agent.js';

describe('memoryProcedure', () => {
  it('reads numbered script lines, ignoring cautions but keeping their action', () => {
    const script = [
      '1. go to the countertop',
      '2. take the apple from the countertop',
      '3. go to the sinkbasin',
      '4. clean the apple with the sinkbasin',
      '5. go to the fridge',
      '6. open the fridge',
      '7. move the apple to the fridge',
      'Caution: "cool the apple with the fridge" failed in a past attempt (Nothing happens.).',
    ].join('\n');
    expect(scriptLines(script).cautions).toEqual(['cool the apple with the fridge']);
    const procedure = memoryProcedure({ script });
    expect(procedure?.source).toBe('script');
    expect(procedure?.ops).toEqual([
      { kind: 'take', object: 'apple', from: { type: 'countertop' } },
      { kind: 'apply', verb: 'clean', object: 'apple', tool: { type: 'sinkbasin' } },
      { kind: 'put', object: 'apple', to: { type: 'fridge' } },
    ]);
  });

  it('follows concrete steps alone as recorded: accepted actions in order, detours kept, refused ones dropped', () => {
    const procedure = memoryProcedure({
      steps: [
        {
          action: 'go to desk 1',
          observation: 'You arrive at desk 1. On the desk 1, you see a desklamp 1, and a cd 2.',
        },
        { action: 'take desklamp 1 from desk 1', observation: 'Nothing happens.' },
        { action: 'take cd 2 from desk 1', observation: 'You pick up the cd 2 from the desk 1.' },
        { action: 'move cd 2 to shelf 1', observation: 'You move the cd 2 to the shelf 1.' },
        { action: 'take cd 2 from shelf 1', observation: 'You pick up the cd 2 from the shelf 1.' },
        { action: 'go to desk 1', observation: 'You arrive at desk 1.' },
        { action: 'use desklamp 1', observation: 'You turn on the desklamp 1.' },
      ],
    });
    expect(procedure?.source).toBe('steps');
    expect(procedure?.ops).toEqual([
      { kind: 'take', object: 'cd', from: { type: 'desk', instance: 'desk 1' } },
      { kind: 'put', object: 'cd', to: { type: 'shelf', instance: 'shelf 1' } },
      { kind: 'take', object: 'cd', from: { type: 'shelf', instance: 'shelf 1' } },
      { kind: 'use', object: 'desklamp', near: { type: 'desk', instance: 'desk 1' } },
    ]);
  });

  it('follows the script when there is one, taking only instance hints from the worked example', () => {
    const procedure = memoryProcedure({
      steps: [
        {
          action: 'go to countertop 2',
          observation: 'You arrive at countertop 2. On the countertop 2, you see a apple 1.',
        },
        { action: 'take apple 1 from countertop 2', observation: 'You pick up the apple 1 from the countertop 2.' },
        { action: 'move apple 1 to diningtable 1', observation: 'You move the apple 1 to the diningtable 1.' },
        { action: 'take apple 1 from diningtable 1', observation: 'You pick up the apple 1 from the diningtable 1.' },
        { action: 'go to sinkbasin 1', observation: 'You arrive at sinkbasin 1.' },
        { action: 'clean apple 1 with sinkbasin 1', observation: 'You clean the apple 1 using the sinkbasin 1.' },
      ],
      script: '1. take the apple from the countertop\n2. clean the apple with the sinkbasin',
    });
    expect(procedure?.source).toBe('script');
    expect(procedure?.ops).toEqual([
      { kind: 'take', object: 'apple', from: { type: 'countertop', instance: 'countertop 2' } },
      { kind: 'apply', verb: 'clean', object: 'apple', tool: { type: 'sinkbasin', instance: 'sinkbasin 1' } },
    ]);
  });

  it('gives a script without a worked example no instance hints', () => {
    const procedure = memoryProcedure({
      script: '1. take the apple from the countertop\n2. clean the apple with the sinkbasin',
    });
    expect(procedure?.ops).toEqual([
      { kind: 'take', object: 'apple', from: { type: 'countertop' } },
      { kind: 'apply', verb: 'clean', object: 'apple', tool: { type: 'sinkbasin' } },
    ]);
  });

  it('reads recorded failures (meta.failures) as cautions, in abstract form', () => {
    const procedure = memoryProcedure({
      script: '1. take the apple from the countertop\n2. move the apple to the fridge',
      meta: {
        failures: [
          { trajectory: 't1', action: 'move apple 1 to fridge 1', kind: 'not-enough' },
          { trajectory: 't2', kind: 'unfinished' },
        ],
      },
    });
    expect(procedure?.cautions).toEqual(['move the apple to the fridge']);
    expect(procedure?.failedBefore).toBe(true);
  });

  it('knows a memory failed before even when no step is blamed (a run out of steps)', () => {
    const clean = memoryProcedure({ script: '1. take the apple from the countertop' });
    expect(clean?.failedBefore).toBe(false);
    const noted = memoryProcedure({
      script:
        '1. take the apple from the countertop\nCaution: a past attempt following this procedure did not reach the goal within 50 steps.',
    });
    expect(noted?.cautions).toEqual([]);
    expect(noted?.failedBefore).toBe(true);
    const recorded = memoryProcedure({
      steps: [
        { action: 'take apple 1 from countertop 1', observation: 'You pick up the apple 1 from the countertop 1.' },
      ],
      meta: { failures: [{ trajectory: 't', kind: 'unfinished' }] },
    });
    expect(recorded?.failedBefore).toBe(true);
  });

  it("reads a lean memory (distilled worked example) built from the agent's own exploration, and the agent follows it", async () => {
    const games = [heatEggGame(), hotPotatoGame(), cleanMugGame()];
    const env = createTestEnvironment({ games });
    const agent = createOfflineAgent({ seed: 1 });
    const start = await env.reset(heatEggGame().id);
    const explored = await agent.run({ env, start, memories: [], maxSteps: 50 });
    expect(explored.success).toBe(true);
    const policy = createBuildPolicy({
      name: 'proceduralization',
      writer: createOfflineScriptWriter({ grammar: ALFWORLD_ACTION_GRAMMAR }),
      grammar: ALFWORLD_ACTION_GRAMMAR,
    });
    const trajectory = {
      id: 't1',
      namespace: 'default',
      task: explored.task,
      steps: explored.steps,
      outcome: { success: true, steps: explored.steps.length },
    };
    const built = await policy.build({ trajectory });
    expect(built.steps?.length).toBeLessThan(explored.steps.length);
    expect(built.steps?.some((s) => s.thought !== undefined)).toBe(false);
    // The script is the procedure; the distilled worked example lends it instances.
    const lean = memoryProcedure({ steps: built.steps, script: built.script });
    expect(lean?.source).toBe('script');
    expect(lean?.ops.map((op) => op.kind)).toEqual(['take', 'apply', 'put']);

    const memory = {
      id: 'm1',
      namespace: 'default',
      task: explored.task,
      keywords: [],
      kind: built.kind,
      steps: built.steps,
      script: built.script,
      status: 'active' as const,
      stats: { retrieved: 0, succeeded: 0, failed: 0 },
      provenance: { builtBy: 'offline', from: ['t1'], embedder: 'e' },
      version: 1,
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2025-01-01T00:00:00.000Z',
    };
    const again = await agent.run({
      env,
      start: await env.reset(heatEggGame().id),
      memories: [{ memory, score: 1, key: 'query' }],
      maxSteps: 50,
    });
    expect(again.success).toBe(true);
    expect(again.steps.length).toBeLessThan(explored.steps.length);
  });

  it('is undefined for a memory with no procedure', () => {
    expect(memoryProcedure({ script: 'just be careful' })).toBeUndefined();
  });
});

describe('rebindOps', () => {
  it('renames types and drops the instance hint of a renamed place', () => {
    const ops = rebindOps(
      [
        { kind: 'take', object: 'apple', from: { type: 'countertop', instance: 'countertop 2' } },
        { kind: 'put', object: 'apple', to: { type: 'fridge', instance: 'fridge 1' } },
      ],
      new Map([
        ['apple', 'mug'],
        ['fridge', 'cabinet'],
      ]),
    );
    expect(ops).toEqual([
      { kind: 'take', object: 'mug', from: { type: 'countertop', instance: 'countertop 2' } },
      { kind: 'put', object: 'mug', to: { type: 'cabinet' } },
    ]);
  });
});
