import { describe, expect, it } from 'vitest';
import { estimateTokens } from '../../core/render/estimate-tokens.js';
import { renderSteps } from '../../core/render/memory-guidelines.js';
import type { Step } from '../../core/step.js';
import type { Trajectory } from '../../core/trajectory.js';
import { TEXT_GAME_GRAMMAR } from '../../../test/fixtures/text-game-grammar.js';
import { GENERIC_ACTION_GRAMMAR } from './action-grammar.js';
import { createBuildPolicy } from './create-build-policy.js';
import { DEFAULT_EXAMPLE_MAX_TOKENS, distillExample, keyObservation } from './distill-example.js';
import { distillSteps } from './distill-steps.js';
import { createOfflineScriptWriter } from './offline-script-writer.js';
import { generateSyntheticTrajectories } from '../../bench/synthetic-trajectories.js';
import type { TrajectoryInput } from '../../core/trajectory.js';

function asTrajectory(input: TrajectoryInput, index: number): Trajectory {
  return {
    id: input.id ?? `t${index}`,
    namespace: 'default',
    task: input.task,
    steps: input.steps,
    outcome: { success: input.outcome.success, steps: input.steps.length },
  };
}

/** A tool-calling agent's run, as the AI SDK helper records it: `toolName({...})` actions, `Error: …` on failures. */
const toolSteps: Step[] = [
  {
    thought: 'I need the order first.',
    action: 'getOrder({"id":"A-17"})',
    observation: '{"id":"A-17","item":"lamp 2","status":"shipped","carrier":"ups"}',
  },
  {
    action: 'getOrder({"id":"A-17"})',
    observation: '{"id":"A-17","item":"lamp 2","status":"shipped","carrier":"ups"}',
  },
  {
    thought: 'Following memory 1 ("refund order B-2"), I call refund.',
    action: 'refund({"order":"A-17"})',
    observation: 'Error: order A-17 is not delivered yet',
  },
  { action: 'trackParcel({"carrier":"ups","order":"A-17"})', observation: '{"delivered":false,"eta":"2025-03-02"}' },
  {
    action: '{"tool":"getOrder","args":{"id":"A-17"}}',
    observation: '{"id":"A-17","item":"lamp 2","status":"shipped","carrier":"ups"}',
  },
  { action: 'sendEmail({"to":"customer 1","text":"Your lamp 2 arrives on 2025-03-02."})', observation: 'sent' },
];
const toolRun: Trajectory = {
  id: 't-tools',
  namespace: 'default',
  task: 'tell the customer when order A-17 arrives',
  steps: toolSteps,
  outcome: { success: true, steps: toolSteps.length },
};

describe('distilling a tool-calling trajectory with the neutral grammar', () => {
  it('keeps effective calls, drops failed ones and repeated identical calls, and leaves arguments untouched', () => {
    expect(distillSteps(toolSteps, GENERIC_ACTION_GRAMMAR, { task: toolRun.task }).map((s) => s.action)).toEqual([
      'getOrder({"id":"A-17"})',
      'trackParcel({"carrier":"ups","order":"A-17"})',
      'sendEmail({"to":"customer 1","text":"Your lamp 2 arrives on 2025-03-02."})',
    ]);
  });

  it('builds a lean proceduralization: numbered calls as the script, the distilled calls with their results as the example', async () => {
    const policy = createBuildPolicy({
      name: 'proceduralization',
      writer: createOfflineScriptWriter(),
      grammar: GENERIC_ACTION_GRAMMAR,
    });
    const built = await policy.build({ trajectory: toolRun });
    expect(built.script).toBe(
      [
        '1. getOrder({"id":"A-17"})',
        '2. trackParcel({"carrier":"ups","order":"A-17"})',
        '3. sendEmail({"to":"customer 1","text":"Your lamp 2 arrives on 2025-03-02."})',
      ].join('\n'),
    );
    expect(built.steps?.map((s) => s.action)).toEqual([
      'getOrder({"id":"A-17"})',
      'trackParcel({"carrier":"ups","order":"A-17"})',
      'sendEmail({"to":"customer 1","text":"Your lamp 2 arrives on 2025-03-02."})',
    ]);
    expect(built.steps?.[1]?.observation).toBe('{"delivered":false,"eta":"2025-03-02"}');
    expect(built.steps?.every((s) => s.thought === undefined)).toBe(true);
    expect(JSON.stringify(built)).not.toContain('Following memory');
  });

  it('with the ALFWorld grammar the same calls keep their arguments (tool calls are never abstracted)', async () => {
    const script = await createOfflineScriptWriter({ grammar: TEXT_GAME_GRAMMAR }).write({ trajectory: toolRun });
    expect(script).toContain('sendEmail({"to":"customer 1","text":"Your lamp 2 arrives on 2025-03-02."})');
  });
});

describe('distillExample', () => {
  const exploring: Step[] = [
    {
      thought: 'following memory 1 ("put a mug in shelf")',
      action: 'go to cabinet 1',
      observation: 'You arrive at cabinet 1. The cabinet 1 is closed.',
    },
    { action: 'open cabinet 1', observation: 'You open the cabinet 1. The cabinet 1 is open. In it, you see nothing.' },
    { action: 'close cabinet 1', observation: 'You close the cabinet 1.' },
    {
      action: 'go to countertop 1',
      observation:
        'You arrive at countertop 1. On the countertop 1, you see a bread 1, a butterknife 2, a cellphone 1, a dishsponge 1, a fork 1, a egg 3, a knife 1, a lettuce 2, and a spatula 1.',
    },
    { action: 'take egg 3 from countertop 1', observation: 'You pick up the egg 3 from the countertop 1.' },
    { action: 'go to fridge 1', observation: 'You arrive at fridge 1. The fridge 1 is closed.' },
    { action: 'open fridge 1', observation: 'You open the fridge 1. The fridge 1 is open. In it, you see a tomato 1.' },
    { action: 'cool egg 3 with fridge 1', observation: 'You cool the egg 3 using the fridge 1.' },
    { action: 'go to microwave 1', observation: 'You arrive at microwave 1. The microwave 1 is closed.' },
    { action: 'heat egg 3 with microwave 1', observation: 'You heat the egg 3 using the microwave 1.' },
    {
      action: 'go to diningtable 1',
      observation: 'You arrive at diningtable 1. On the diningtable 1, you see a apple 1.',
    },
    { action: 'move egg 3 to diningtable 1', observation: 'You move the egg 3 to the diningtable 1.' },
  ];

  it('keeps the effective steps with their key observations: no exploration, no detour, no thoughts', () => {
    const example = distillExample({
      steps: exploring,
      grammar: TEXT_GAME_GRAMMAR,
      task: 'heat some egg and put it in diningtable',
    });
    expect(example?.map((s) => s.action)).toEqual([
      'go to countertop 1',
      'take egg 3 from countertop 1',
      'go to microwave 1',
      'heat egg 3 with microwave 1',
      'go to diningtable 1',
      'move egg 3 to diningtable 1',
    ]);
    expect(example?.some((s) => s.thought !== undefined)).toBe(false);
    expect(example?.[0]?.observation).toContain('a egg 3');
    expect(example?.[0]?.observation).toContain('…');
    expect(estimateTokens(renderSteps(example ?? []))).toBeLessThanOrEqual(DEFAULT_EXAMPLE_MAX_TOKENS);
  });

  it('holds to its cap: drops navigation observations, then all observations, then the example itself', () => {
    const task = 'heat some egg and put it in diningtable';
    const grammar = TEXT_GAME_GRAMMAR;
    const full = distillExample({ steps: exploring, grammar, task, limits: { maxTokens: 10_000 } }) ?? [];
    const withoutNavigation =
      distillExample({
        steps: exploring,
        grammar,
        task,
        limits: { maxTokens: estimateTokens(renderSteps(full)) - 1 },
      }) ?? [];
    expect(
      withoutNavigation.filter((s) => s.action.startsWith('go to')).every((s) => s.observation === undefined),
    ).toBe(true);
    expect(withoutNavigation.some((s) => s.observation !== undefined)).toBe(true);
    const bare =
      distillExample({
        steps: exploring,
        grammar,
        task,
        limits: { maxTokens: estimateTokens(renderSteps(withoutNavigation)) - 1 },
      }) ?? [];
    expect(bare.map((s) => s.action)).toEqual(full.map((s) => s.action));
    expect(bare.every((s) => s.observation === undefined)).toBe(true);
    expect(
      distillExample({ steps: exploring, grammar, task, limits: { maxTokens: estimateTokens(renderSteps(bare)) - 1 } }),
    ).toBeUndefined();
  });

  it('a proceduralization with the offline writer distils once and builds what writing and distilling apart build', async () => {
    const trajectories = [toolRun, ...generateSyntheticTrajectories({ count: 200, seed: 3 }).map(asTrajectory)];
    for (const grammar of [GENERIC_ACTION_GRAMMAR, TEXT_GAME_GRAMMAR]) {
      const writer = createOfflineScriptWriter({ grammar });
      const shared = createBuildPolicy({ name: 'proceduralization', writer, grammar, example: { maxTokens: 60 } });
      // A writer the policy cannot recognise as the offline one: it writes and distils separately.
      const opaque = { specificationVersion: 'v1' as const, id: writer.id, write: writer.write };
      const apart = createBuildPolicy({
        name: 'proceduralization',
        writer: opaque,
        grammar,
        example: { maxTokens: 60 },
      });
      for (const trajectory of trajectories) {
        const built = await shared.build({ trajectory });
        expect(built).toEqual(await apart.build({ trajectory }));
        expect(built.script).toBe(await writer.write({ trajectory }));
        expect(built.steps).toEqual(
          distillExample({ steps: trajectory.steps, grammar, task: trajectory.task, limits: { maxTokens: 60 } }),
        );
      }
    }
  });

  it('a proceduralization distils separately when the offline writer has another grammar than the policy', async () => {
    const writer = createOfflineScriptWriter({ grammar: TEXT_GAME_GRAMMAR });
    const policy = createBuildPolicy({ name: 'proceduralization', writer, grammar: GENERIC_ACTION_GRAMMAR });
    for (const trajectory of generateSyntheticTrajectories({ count: 50, seed: 4 }).map(asTrajectory)) {
      const built = await policy.build({ trajectory });
      expect(built.script).toBe(await writer.write({ trajectory }));
      expect(built.steps).toEqual(
        distillExample({ steps: trajectory.steps, grammar: GENERIC_ACTION_GRAMMAR, task: trajectory.task }),
      );
    }
  });

  it('a proceduralization whose effective actions exceed the cap keeps only its script', async () => {
    const policy = createBuildPolicy({
      name: 'proceduralization',
      writer: createOfflineScriptWriter(),
      example: { maxTokens: 5 },
    });
    const built = await policy.build({ trajectory: toolRun });
    expect(built.steps).toBeUndefined();
    expect(built.script).toContain('trackParcel');
  });
});

describe('keyObservation', () => {
  it('returns a short observation as it is, and otherwise its first clause plus what the next actions act on', () => {
    expect(keyObservation('You arrive at desk 1.', 100, ['take pen 1 from desk 1'])).toBe('You arrive at desk 1.');
    const long =
      'You arrive at desk 1. On the desk 1, you see a book 2, a book 1, a cd 3, a pen 2, a pen 1, a pencil 1, a laptop 1, and a mug 1.';
    expect(keyObservation(long, 60, ['take pen 1 from desk 1'])).toBe(
      'You arrive at desk 1. On the desk 1, … a pen 2, a pen 1, …',
    );
    expect(keyObservation(long, 60, []).length).toBeLessThanOrEqual(60);
  });
});
