import { describe, expect, it } from 'vitest';
import { isMempError } from '../../core/errors.js';
import type { ErrorCode } from '../../core/errors.js';
import { createScriptedLanguageModel, httpError, networkError } from '../../testing/scripted-language-model.js';
import { createLlmGateway } from './llm-gateway.js';

async function expectCode(promise: Promise<unknown>, code: ErrorCode): Promise<void> {
  await expect(promise).rejects.toSatisfy((error: unknown) => isMempError(error, code));
}

function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

describe('createLlmGateway', () => {
  it('generates text, passes settings through with the AI SDK retries off, and counts usage', async () => {
    const model = createScriptedLanguageModel({ replies: ['hello', 'again'], inputTokens: 7, outputTokens: 3 });
    const gateway = createLlmGateway({ model, modelId: 'scripted:one' });
    const answer = await gateway.generate({
      system: 'be brief',
      prompt: 'hi',
      temperature: 0.2,
      maxOutputTokens: 50,
      stop: ['\nObs'],
    });
    expect(answer).toEqual({ text: 'hello', usage: { input: 7, output: 3 }, finishReason: 'stop' });
    await gateway.generate({
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', content: 'x' },
        { role: 'user', content: 'y' },
      ],
    });
    expect(gateway.usage()).toEqual({ input: 14, output: 6, calls: 2 });
    const [call] = model.doGenerateCalls;
    expect(call?.temperature).toBe(0.2);
    expect(call?.maxOutputTokens).toBe(50);
    expect(call?.stopSequences).toEqual(['\nObs']);
    expect(call?.prompt[0]).toEqual({ role: 'system', content: 'be brief' });
    expect(model.doGenerateCalls[1]?.prompt).toHaveLength(3);
  });

  it('rejects requests with neither or both of prompt and messages', async () => {
    const gateway = createLlmGateway({ model: createScriptedLanguageModel({ replies: [] }), modelId: 'm' });
    await expectCode(gateway.generate({}), 'INVALID_ARGUMENT');
    await expectCode(gateway.generate({ prompt: 'a', messages: [] }), 'INVALID_ARGUMENT');
  });

  it('rejects bad options', () => {
    const model = createScriptedLanguageModel({ replies: [] });
    for (const bad of [
      { concurrency: 0 },
      { maxRetries: -1 },
      { tokenBudget: 1.5 },
      { timeoutMs: 0 },
      { modelId: '' },
    ]) {
      expect(() => createLlmGateway({ model, modelId: 'm', ...bad })).toThrow(
        expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
      );
    }
  });

  it('never has more calls in flight than its concurrency', async () => {
    let inFlight = 0;
    let peak = 0;
    const reply = async () => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight -= 1;
      return 'ok';
    };
    const model = createScriptedLanguageModel({ replies: Array.from({ length: 12 }, () => reply) });
    const gateway = createLlmGateway({ model, modelId: 'm', concurrency: 3 });
    const answers = await Promise.all(Array.from({ length: 12 }, () => gateway.generate({ prompt: 'x' })));
    expect(answers.every((a) => a.text === 'ok')).toBe(true);
    expect(peak).toBe(3);
    expect(gateway.usage().calls).toBe(12);
  });

  it('aborts an attempt after timeoutMs and retries it', async () => {
    const hang = (call: { abortSignal?: AbortSignal }) =>
      new Promise<string>((_, reject) =>
        call.abortSignal?.addEventListener('abort', () => reject(call.abortSignal?.reason)),
      );
    const { waits, sleep } = recordingSleep();
    const model = createScriptedLanguageModel({ replies: [hang, 'late but fine'] });
    const gateway = createLlmGateway({ model, modelId: 'm', timeoutMs: 20, sleep, random: () => 0 });
    expect((await gateway.generate({ prompt: 'x' })).text).toBe('late but fine');
    expect(waits).toHaveLength(1);
  });

  it('fails with PROVIDER_FAILED when every attempt times out', async () => {
    const hang = (call: { abortSignal?: AbortSignal }) =>
      new Promise<string>((_, reject) =>
        call.abortSignal?.addEventListener('abort', () => reject(call.abortSignal?.reason)),
      );
    const model = createScriptedLanguageModel({ replies: [hang, hang] });
    const gateway = createLlmGateway({ model, modelId: 'm', timeoutMs: 10, maxRetries: 1, sleep: async () => {} });
    await expect(gateway.generate({ prompt: 'x' })).rejects.toMatchObject({
      code: 'PROVIDER_FAILED',
      details: { timedOut: true, attempts: 2 },
    });
  });

  it.each([
    ['429', () => httpError(429)],
    ['500', () => httpError(500)],
    ['503', () => httpError(503)],
    ['a network error', () => networkError()],
  ])('retries on %s with exponential backoff and jitter', async (_label, failure) => {
    const { waits, sleep } = recordingSleep();
    const model = createScriptedLanguageModel({ replies: [failure(), failure(), failure(), 'finally'] });
    const gateway = createLlmGateway({ model, modelId: 'm', sleep, random: () => 1, backoffMs: 100 });
    expect((await gateway.generate({ prompt: 'x' })).text).toBe('finally');
    expect(waits).toEqual([100, 200, 400]);
    expect(model.doGenerateCalls).toHaveLength(4);
    expect(gateway.usage().calls).toBe(1);
  });

  it('jitters each wait within [d/2, d]', async () => {
    const { waits, sleep } = recordingSleep();
    const model = createScriptedLanguageModel({ replies: [httpError(500), httpError(500), 'ok'] });
    const gateway = createLlmGateway({ model, modelId: 'm', sleep, random: () => 0, backoffMs: 100 });
    await gateway.generate({ prompt: 'x' });
    expect(waits).toEqual([50, 100]);
  });

  it('honours Retry-After on 429, capped by maxBackoffMs', async () => {
    const { waits, sleep } = recordingSleep();
    const model = createScriptedLanguageModel({
      replies: [httpError(429, { 'retry-after': '2' }), httpError(429, { 'retry-after': '999' }), 'ok'],
    });
    const gateway = createLlmGateway({
      model,
      modelId: 'm',
      sleep,
      random: () => 0,
      backoffMs: 100,
      maxBackoffMs: 5000,
    });
    await gateway.generate({ prompt: 'x' });
    expect(waits).toEqual([2000, 5000]);
  });

  it('gives up after maxRetries with PROVIDER_FAILED carrying the status', async () => {
    const { waits, sleep } = recordingSleep();
    const model = createScriptedLanguageModel({ replies: [httpError(500), httpError(500), httpError(500)] });
    const gateway = createLlmGateway({ model, modelId: 'm', sleep, maxRetries: 2 });
    await expect(gateway.generate({ prompt: 'x' })).rejects.toMatchObject({
      code: 'PROVIDER_FAILED',
      details: { statusCode: 500, attempts: 3 },
    });
    expect(waits).toHaveLength(2);
  });

  it.each([400, 401, 404, 422])('does not retry on %i', async (status) => {
    const { waits, sleep } = recordingSleep();
    const model = createScriptedLanguageModel({ replies: [httpError(status), 'never'] });
    const gateway = createLlmGateway({ model, modelId: 'm', sleep });
    await expect(gateway.generate({ prompt: 'x' })).rejects.toMatchObject({
      code: 'PROVIDER_FAILED',
      details: { statusCode: status, attempts: 1 },
    });
    expect(waits).toEqual([]);
    expect(model.doGenerateCalls).toHaveLength(1);
  });

  it('wraps a provider error once: cause is the AI SDK error', async () => {
    const original = httpError(400);
    const gateway = createLlmGateway({ model: createScriptedLanguageModel({ replies: [original] }), modelId: 'm' });
    const error = await gateway.generate({ prompt: 'x' }).catch((e: unknown) => e);
    expect(isMempError(error, 'PROVIDER_FAILED') && error.cause).toBe(original);
  });

  it('stops with BUDGET_EXCEEDED once the token budget is used, keeping the counted usage', async () => {
    const model = createScriptedLanguageModel({ replies: ['a', 'b', 'c'], inputTokens: 30, outputTokens: 10 });
    const gateway = createLlmGateway({ model, modelId: 'm', tokenBudget: 70 });
    expect((await gateway.generate({ prompt: 'x' })).text).toBe('a');
    // The call that crosses the budget still returns what was paid for.
    expect((await gateway.generate({ prompt: 'x' })).text).toBe('b');
    await expectCode(gateway.generate({ prompt: 'x' }), 'BUDGET_EXCEEDED');
    expect(model.doGenerateCalls).toHaveLength(2);
    expect(gateway.usage()).toEqual({ input: 60, output: 20, calls: 2 });
  });

  it('checks the budget again when a queued call gets its turn', async () => {
    const slow = async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return 'first';
    };
    const model = createScriptedLanguageModel({ replies: [slow, 'second'], inputTokens: 100, outputTokens: 0 });
    const gateway = createLlmGateway({ model, modelId: 'm', tokenBudget: 50, concurrency: 1 });
    const [first, second] = await Promise.allSettled([
      gateway.generate({ prompt: 'a' }),
      gateway.generate({ prompt: 'b' }),
    ]);
    expect(first.status).toBe('fulfilled');
    expect(second.status === 'rejected' && isMempError(second.reason, 'BUDGET_EXCEEDED')).toBe(true);
    expect(model.doGenerateCalls).toHaveLength(1);
  });

  it('does not retry a call the caller aborted', async () => {
    const outer = new AbortController();
    const hang = (call: { abortSignal?: AbortSignal }) =>
      new Promise<string>((_, reject) =>
        call.abortSignal?.addEventListener('abort', () => reject(call.abortSignal?.reason)),
      );
    const model = createScriptedLanguageModel({ replies: [hang, 'never'] });
    const gateway = createLlmGateway({ model, modelId: 'm', sleep: async () => {} });
    const pending = gateway.generate({ prompt: 'x', abortSignal: outer.signal });
    setTimeout(() => outer.abort(), 5);
    await expect(pending).rejects.toMatchObject({ code: 'PROVIDER_FAILED', details: { aborted: true } });
    expect(model.doGenerateCalls).toHaveLength(1);
  });
});
