import { generateText, stepCountIs, wrapLanguageModel } from 'ai';
import { describe, expect, it } from 'vitest';
import { isMempError } from '../../core/errors.js';
import { TrajectoryInputSchema } from '../../core/trajectory.js';
import { createScriptedLanguageModel } from '../../testing/scripted-language-model.js';
import { shippingEpisode, testMemp, testTools } from '../../testing/ai/ai-sdk-test-fixtures.js';
import { learnFromRun } from './learn-from-run.js';
import { createMempMiddleware } from './memp-middleware.js';
import type { RunStep } from './run-step.js';
import { stableStringify } from './stable-stringify.js';
import {
  ACTION_ARGS_MAX_CHARS,
  ARG_STRING_MAX_CHARS,
  OBSERVATION_MAX_CHARS,
  trajectoryFromSteps,
} from './trajectory-from-steps.js';

const TASK = 'Find the desk lamp and report where it is.';

async function run() {
  const model = createScriptedLanguageModel({
    modelId: 'scripted-agent',
    replies: [
      { text: 'I will look it up.', toolCalls: [{ toolName: 'lookup', input: { query: 'desk lamp', limit: 1 } }] },
      {
        toolCalls: [
          { toolName: 'explode', input: { what: 'fly' } },
          { toolName: 'lookup', input: { limit: 2, query: 'lamp' } },
        ],
      },
      'The desk lamp is on shelf 2.',
    ],
  });
  return generateText({ model, prompt: TASK, tools: testTools, stopWhen: stepCountIs(5) });
}

describe('trajectoryFromSteps (generateText results)', () => {
  it('makes one step per tool call: sorted-key JSON actions, results and Error: observations, thoughts, the answer', async () => {
    const result = await run();
    const trajectory = trajectoryFromSteps({ task: TASK, result, success: true, reward: 1 });
    expect(TrajectoryInputSchema.safeParse(trajectory).success).toBe(true);
    expect(trajectory).toEqual({
      task: TASK,
      model: 'scripted-agent',
      outcome: { success: true, reward: 1 },
      steps: [
        {
          thought: 'I will look it up.',
          action: 'lookup({"limit":1,"query":"desk lamp"})',
          observation: '{"found":"desk lamp","where":"shelf 2"}',
        },
        { action: 'explode({"what":"fly"})', observation: 'Error: cannot fly' },
        { action: 'lookup({"limit":2,"query":"lamp"})', observation: '{"found":"lamp","where":"shelf 2"}' },
        { action: 'answer({"text":"The desk lamp is on shelf 2."})' },
      ],
    });
    const dropped = trajectoryFromSteps({
      task: TASK,
      steps: result.steps,
      success: true,
      answer: 'drop',
      model: 'm',
      env: 'shelf',
      used: ['mem_1'],
    });
    expect(dropped.steps.map((s) => s.action.split('(')[0])).toEqual(['lookup', 'explode', 'lookup']);
    expect(dropped).toMatchObject({ model: 'm', env: 'shelf', used: ['mem_1'] });
  });

  it('reads reasoning as thought, caps long arguments and observations, skips preliminary results and tools without results', () => {
    const long = 'x'.repeat(1000);
    const steps: RunStep[] = [
      {
        content: [
          { type: 'reasoning', text: 'The shelf is big.' },
          { type: 'text', text: 'Searching.' },
          { type: 'tool-call', toolCallId: 'a', toolName: 'search', input: { z: long, a: { d: 1, c: [long, long] } } },
          { type: 'tool-result', toolCallId: 'a', toolName: 'search', output: 'partial', preliminary: true },
          { type: 'tool-result', toolCallId: 'a', toolName: 'search', output: long },
          { type: 'tool-call', toolCallId: 'b', toolName: 'note', input: undefined },
          { type: 'source' },
        ],
      },
      {
        content: [
          { type: 'tool-error', toolCallId: 'c', toolName: 'ghost', error: 'unknown call' },
          { type: 'reasoning', text: 'Done thinking.' },
        ],
      },
    ];
    const trajectory = trajectoryFromSteps({ task: TASK, steps, success: false });
    const [search, note] = trajectory.steps;
    expect(trajectory.steps).toHaveLength(2);
    expect(search?.thought).toBe('The shelf is big.\nSearching.');
    expect(search?.action.startsWith('search({"a":{"c":["xxx')).toBe(true);
    expect(search?.action.length).toBe('search('.length + ACTION_ARGS_MAX_CHARS + '…)'.length);
    expect(search?.action.endsWith('…)')).toBe(true);
    expect(search?.observation).toBe(`${'x'.repeat(OBSERVATION_MAX_CHARS)}…`);
    expect(note).toEqual({ action: 'note({})' });
    expect(trajectory.outcome).toEqual({ success: false });
  });

  it('marks failed calls with Error: once, whatever the error value', () => {
    const steps: RunStep[] = [
      {
        content: [
          { type: 'tool-call', toolCallId: '1', toolName: 'a', input: {} },
          { type: 'tool-error', toolCallId: '1', toolName: 'a', error: new Error('Error: disk full') },
          { type: 'tool-call', toolCallId: '2', toolName: 'b', input: {} },
          { type: 'tool-error', toolCallId: '2', toolName: 'b', error: { code: 7, reason: 'nope' } },
        ],
      },
    ];
    expect(trajectoryFromSteps({ task: TASK, steps, success: false }).steps.map((s) => s.observation)).toEqual([
      'Error: disk full',
      'Error: {"code":7,"reason":"nope"}',
    ]);
  });

  it('refuses an empty task and missing steps with INVALID_ARGUMENT', () => {
    const codes = [
      () => trajectoryFromSteps({ task: '  ', steps: [], success: true }),
      () => trajectoryFromSteps({ task: TASK, success: true }),
    ].map((f) => {
      try {
        f();
        return 'no error';
      } catch (error) {
        return isMempError(error, 'INVALID_ARGUMENT') ? 'INVALID_ARGUMENT' : String(error);
      }
    });
    expect(codes).toEqual(['INVALID_ARGUMENT', 'INVALID_ARGUMENT']);
  });
});

describe('stableStringify', () => {
  it('sorts keys at every depth, truncates long strings, survives cycles', () => {
    const cyclic: Record<string, unknown> = { b: 1 };
    cyclic.self = cyclic;
    expect(stableStringify({ b: [{ y: 1, x: 2 }], a: 'q' })).toBe('{"a":"q","b":[{"x":2,"y":1}]}');
    expect(stableStringify({ s: 'abcdef' }, { maxStringChars: 3 })).toBe('{"s":"abc…"}');
    expect(stableStringify(cyclic)).toBe('{"b":1,"self":"[cycle]"}');
    expect(stableStringify(10n)).toBe('"10"');
    expect(stableStringify(undefined)).toBe('null');
    expect(ARG_STRING_MAX_CHARS).toBeLessThan(ACTION_ARGS_MAX_CHARS);
  });
});

describe('learnFromRun', () => {
  it('stores a memory from the run and marks the recalled memories used', async () => {
    const memp = testMemp();
    const learned = await memp.learn({
      trajectory: shippingEpisode('Find the blue mug and report where it is.', 't1'),
    });
    const model = createScriptedLanguageModel({
      replies: [{ toolCalls: [{ toolName: 'lookup', input: { query: 'desk lamp' } }] }, 'On shelf 2.'],
    });
    const result = await generateText({
      model: wrapLanguageModel({ model, middleware: createMempMiddleware({ memp }) }),
      prompt: TASK,
      tools: testTools,
      stopWhen: stepCountIs(4),
    });
    const outcome = await learnFromRun({ memp, result, success: true });
    expect(outcome.created).toBeDefined();
    const used = await memp.show({ id: learned.created as string });
    expect(used.memory.stats).toMatchObject({ retrieved: 1, succeeded: 1, failed: 0 });
    const created = await memp.show({ id: outcome.created as string });
    expect(created.memory.task).toBe(TASK);
    expect(created.memory.steps?.[0]).toEqual({
      action: 'lookup({"query":"desk lamp"})',
      observation: '{"found":"desk lamp","where":"shelf 2"}',
    });
    const stored = await memp.store.trajectory({ namespace: 'default', id: outcome.trajectoryId });
    expect(stored?.steps).toHaveLength(2);
  });

  it('records no use with used: [], and needs a task when the model was not wrapped', async () => {
    const memp = testMemp();
    const learned = await memp.learn({
      trajectory: shippingEpisode('Find the blue mug and report where it is.', 't1'),
    });
    const wrappedRun = await generateText({
      model: wrapLanguageModel({
        model: createScriptedLanguageModel({ replies: ['On shelf 2.'] }),
        middleware: createMempMiddleware({ memp }),
      }),
      prompt: TASK,
    });
    await learnFromRun({ memp, result: wrappedRun, success: false, used: [] });
    expect((await memp.show({ id: learned.created as string })).memory.stats.retrieved).toBe(0);

    const plainRun = await generateText({
      model: createScriptedLanguageModel({ replies: ['On shelf 2.'] }),
      prompt: TASK,
    });
    const error = await learnFromRun({ memp, result: plainRun, success: true }).catch((e: unknown) => e);
    expect(isMempError(error, 'INVALID_ARGUMENT')).toBe(true);
    const ok = await learnFromRun({ memp, result: plainRun, success: true, task: TASK });
    expect(ok.created).toBeDefined();
  });
});
