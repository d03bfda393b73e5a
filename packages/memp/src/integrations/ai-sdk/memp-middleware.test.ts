import { generateText, simulateReadableStream, stepCountIs, streamText, wrapLanguageModel } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import { MempError, isMempError } from '../../core/errors.js';
import { MEMORY_OPEN_TAG } from '../../core/render/render-memories.js';
import type { Memp } from '../../engine/create-memp.js';
import { createScriptedLanguageModel, type ScriptedCall } from '../../testing/scripted-language-model.js';
import { shippingEpisode, testMemp, testTools } from '../../testing/ai/ai-sdk-test-fixtures.js';
import { learnFromRun } from './learn-from-run.js';
import type { MempRecall } from './memp-recall.js';
import { createMempMiddleware } from './memp-middleware.js';
import { recallFromSteps } from './memp-recall.js';

const SYSTEM = 'You are a warehouse agent.';
const TASK = 'Ship order B-42: 1 x desk lamp to Lyon.';

/** memp with retrieve calls counted. */
function counting(memp: Memp): { memp: Memp; retrieves: () => number } {
  let calls = 0;
  return {
    memp: {
      ...memp,
      retrieve: (options) => {
        calls += 1;
        return memp.retrieve(options);
      },
    },
    retrieves: () => calls,
  };
}

/** Texts of the user messages of a call, part by part. */
function userParts(call: ScriptedCall): string[][] {
  return call.prompt
    .filter((m) => m.role === 'user')
    .map((m) => (m.content as Array<{ type: string; text?: string }>).map((p) => p.text ?? ''));
}

function occurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

/** A three-call agent run: two tool-call steps, then an answer. */
function threeStepModel() {
  return createScriptedLanguageModel({
    replies: [
      { text: 'Let me look.', toolCalls: [{ toolName: 'lookup', input: { query: 'desk lamp' } }] },
      { toolCalls: [{ toolName: 'lookup', input: { query: 'Lyon' } }] },
      'Shipped.',
    ],
  });
}

describe('memp middleware (AI SDK wrapLanguageModel + generateText)', () => {
  it('inserts recalled memory as a data block right after the task, once per run, stable across steps', async () => {
    const base = testMemp();
    const learned = await base.learn({ trajectory: shippingEpisode('Ship order A-17: 2 x blue mug to Berlin.', 't1') });
    const { memp, retrieves } = counting(base);
    const recalls: MempRecall[] = [];
    const middleware = createMempMiddleware({ memp, onRecall: (r) => recalls.push(r) });
    const model = threeStepModel();

    const result = await generateText({
      model: wrapLanguageModel({ model, middleware }),
      system: SYSTEM,
      prompt: TASK,
      tools: testTools,
      stopWhen: stepCountIs(5),
    });

    expect(model.doGenerateCalls).toHaveLength(3);
    expect(retrieves()).toBe(1);
    expect(recalls).toHaveLength(1);
    expect(recalls[0]?.ids).toEqual([learned.created]);
    expect(middleware.recalled()?.ids).toEqual([learned.created]);
    const blocks = new Set<string>();
    for (const call of model.doGenerateCalls) {
      // never in the system prompt, which is untouched
      expect(call.prompt[0]).toEqual({ role: 'system', content: SYSTEM });
      // the task message keeps its text and gains one separate part: the delimited data block
      const [task, ...others] = userParts(call);
      expect(others).toEqual([]);
      expect(task?.[0]).toBe(TASK);
      expect(task).toHaveLength(2);
      expect(task?.[1]).toContain(MEMORY_OPEN_TAG);
      expect(task?.[1]).toContain('Ship order A-17');
      expect(occurrences(JSON.stringify(call.prompt), MEMORY_OPEN_TAG)).toBe(1);
      blocks.add(task?.[1] ?? '');
      // the block sits in the task's message, before any model turn
      expect(call.prompt[1]?.role).toBe('user');
    }
    expect(blocks.size).toBe(1);
    // every step says what the run recalled
    for (const step of result.steps) expect(recallFromSteps([step])?.ids).toEqual([learned.created]);
    expect(recallFromSteps(result.steps)).toEqual({ task: TASK, ids: [learned.created] });
  });

  it('recalls afresh for the next run on the same wrapped model', async () => {
    const memp = testMemp();
    const middleware = createMempMiddleware({ memp });
    const model = createScriptedLanguageModel({ replies: ['first', 'second'] });
    const wrapped = wrapLanguageModel({ model, middleware });
    await generateText({ model: wrapped, prompt: TASK });
    expect(middleware.recalled()?.ids).toEqual([]);
    const learned = await memp.learn({ trajectory: shippingEpisode('Ship order A-17: 2 x blue mug to Berlin.', 't1') });
    await generateText({ model: wrapped, prompt: TASK });
    expect(middleware.recalled()?.ids).toEqual([learned.created]);
    expect(userParts(model.doGenerateCalls[0] as ScriptedCall)[0]).toEqual([TASK]);
    expect(userParts(model.doGenerateCalls[1] as ScriptedCall)[0]?.[1]).toContain(MEMORY_OPEN_TAG);
  });

  it('respects k and minScore; with nothing recalled the prompt is unchanged', async () => {
    const memp = testMemp();
    for (const [i, city] of ['Berlin', 'Paris', 'Rome'].entries()) {
      await memp.learn({ trajectory: shippingEpisode(`Ship order A-${i}: 2 x blue mug to ${city}.`, `t${i}`) });
    }
    const run = async (options: { k?: number; minScore?: number }) => {
      const middleware = createMempMiddleware({ memp, ...options });
      const model = createScriptedLanguageModel({ replies: ['ok'] });
      await generateText({ model: wrapLanguageModel({ model, middleware }), system: SYSTEM, prompt: TASK });
      return { recall: middleware.recalled(), call: model.doGenerateCalls[0] as ScriptedCall };
    };
    const two = await run({ k: 2 });
    expect(two.recall?.ids).toHaveLength(2);
    const block = userParts(two.call)[0]?.[1] ?? '';
    expect(occurrences(block, '"task_name"')).toBe(2);

    const all = await run({ k: 3 });
    const cut = (all.recall?.memories[1]?.score ?? 0) + 1e-9;
    const strict = await run({ k: 3, minScore: cut });
    expect(strict.recall?.memories.every((m) => m.score >= cut)).toBe(true);
    expect(strict.recall?.ids).toHaveLength(1);

    const none = await run({ minScore: 0.9999 });
    expect(none.recall?.ids).toEqual([]);
    expect(none.call.prompt).toEqual([
      { role: 'system', content: SYSTEM },
      { role: 'user', content: [{ type: 'text', text: TASK }] },
    ]);
  });

  it('leaves a prompt that already carries a memory block as it is, and a prompt without a task', async () => {
    const memp = testMemp();
    await memp.learn({ trajectory: shippingEpisode('Ship order A-17: 2 x blue mug to Berlin.', 't1') });
    const { memp: counted, retrieves } = counting(memp);
    const middleware = createMempMiddleware({ memp: counted });
    const model = createScriptedLanguageModel({ replies: ['ok', 'ok'] });
    const wrapped = wrapLanguageModel({ model, middleware });
    const carried = `${TASK}\n${MEMORY_OPEN_TAG}\n[]\n</procedural_memory>`;
    await generateText({ model: wrapped, prompt: carried });
    const noTask = createMempMiddleware({ memp: counted, taskFrom: () => undefined });
    await generateText({ model: wrapLanguageModel({ model, middleware: noTask }), system: SYSTEM, prompt: TASK });
    expect(retrieves()).toBe(0);
    expect(userParts(model.doGenerateCalls[0] as ScriptedCall)).toEqual([[carried]]);
    expect(model.doGenerateCalls[1]?.prompt).toEqual([
      { role: 'system', content: SYSTEM },
      { role: 'user', content: [{ type: 'text', text: TASK }] },
    ]);
    expect(noTask.recalled()).toBeUndefined();
  });

  it('taskFrom picks the task; the block follows the message that holds it', async () => {
    const memp = testMemp();
    await memp.learn({ trajectory: shippingEpisode('Ship order A-17: 2 x blue mug to Berlin.', 't1') });
    const middleware = createMempMiddleware({
      memp,
      taskFrom: (params) => {
        const texts = params.prompt
          .filter((m) => m.role === 'user')
          .map((m) => (m.content as Array<{ type: string; text?: string }>)[0]?.text ?? '');
        return texts.find((t) => t.startsWith('Ship'));
      },
    });
    const model = createScriptedLanguageModel({ replies: ['ok'] });
    await generateText({
      model: wrapLanguageModel({ model, middleware }),
      messages: [
        { role: 'user', content: 'Hello.' },
        { role: 'assistant', content: 'Hi, what do you need?' },
        { role: 'user', content: TASK },
      ],
    });
    const parts = userParts(model.doGenerateCalls[0] as ScriptedCall);
    expect(parts[0]).toEqual(['Hello.']);
    expect(parts[1]?.[0]).toBe(TASK);
    expect(parts[1]?.[1]).toContain(MEMORY_OPEN_TAG);
    expect(middleware.recalled()?.task).toBe(TASK);
  });

  it('streamText: inserts the block and records the recall on the streamed steps; learnFromRun reads it', async () => {
    const memp = testMemp();
    const learned = await memp.learn({ trajectory: shippingEpisode('Ship order A-17: 2 x blue mug to Berlin.', 't1') });
    const model = new MockLanguageModelV3({
      doStream: async () => ({
        stream: simulateReadableStream({
          chunks: [
            { type: 'text-start', id: 't' },
            { type: 'text-delta', id: 't', delta: 'Shipped B-42.' },
            { type: 'text-end', id: 't' },
            {
              type: 'finish',
              finishReason: { unified: 'stop', raw: 'stop' },
              usage: {
                inputTokens: { total: 3, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
                outputTokens: { total: 2, text: undefined, reasoning: undefined },
              },
            },
          ],
        }),
      }),
    });
    const result = streamText({
      model: wrapLanguageModel({ model, middleware: createMempMiddleware({ memp }) }),
      prompt: TASK,
    });
    expect(await result.text).toBe('Shipped B-42.');
    const prompt = model.doStreamCalls[0]?.prompt ?? [];
    expect(JSON.stringify(prompt)).toContain('procedural_memory');
    const steps = await result.steps;
    expect(recallFromSteps(steps)).toEqual({ task: TASK, ids: [learned.created] });
    const outcome = await learnFromRun({ memp, result, success: true });
    expect(outcome.created).toBeDefined();
    const { memory } = await memp.show({ id: learned.created as string });
    expect(memory.stats).toMatchObject({ retrieved: 1, succeeded: 1 });
  });

  it('renders in the requested format', async () => {
    const memp = testMemp();
    await memp.learn({ trajectory: shippingEpisode('Ship order A-17: 2 x blue mug to Berlin.', 't1') });
    const model = createScriptedLanguageModel({ replies: ['ok'] });
    await generateText({
      model: wrapLanguageModel({ model, middleware: createMempMiddleware({ memp, format: 'markdown' }) }),
      prompt: TASK,
    });
    const block = userParts(model.doGenerateCalls[0] as ScriptedCall)[0]?.[1] ?? '';
    expect(block).toContain(MEMORY_OPEN_TAG);
    expect(block).toContain('### Memory 1: Ship order A-17');
  });

  it('fails the call with the engine error when recall fails, and recalls again on the next run', async () => {
    const memp = testMemp();
    let fail = true;
    const flaky: Memp = {
      ...memp,
      retrieve: async (options) => {
        if (fail) throw new MempError('STORAGE_FAILED', 'store down');
        return memp.retrieve(options);
      },
    };
    const middleware = createMempMiddleware({ memp: flaky });
    const model = createScriptedLanguageModel({ replies: ['ok'] });
    const wrapped = wrapLanguageModel({ model, middleware });
    const error = await generateText({ model: wrapped, prompt: TASK, maxRetries: 0 }).catch((e: unknown) => e);
    expect(isMempError(error, 'STORAGE_FAILED')).toBe(true);
    expect(model.doGenerateCalls).toHaveLength(0);
    fail = false;
    expect((await generateText({ model: wrapped, prompt: TASK })).text).toBe('ok');
    expect(middleware.recalled()?.ids).toEqual([]);
  });
});
