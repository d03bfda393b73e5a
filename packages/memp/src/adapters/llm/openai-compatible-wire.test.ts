import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FakeChatCompletionsServer } from '../../testing/fake-chat-completions-server.js';
import { createEmbedderFromSpec } from './create-embedder-from-spec.js';
import { createLanguageModel } from './create-language-model.js';
import { createLlmGatewayFromSpec } from './create-llm-gateway-from-spec.js';
import { createLlmGateway } from './llm-gateway.js';

const ChatBody = z.object({
  model: z.string(),
  messages: z.array(z.object({ role: z.string(), content: z.string() })),
  temperature: z.number().optional(),
  max_tokens: z.number().optional(),
  stop: z.array(z.string()).optional(),
});

describe('model specs over the wire (loopback server, OpenAI chat-completions format)', () => {
  const server = new FakeChatCompletionsServer();
  let base = '';
  beforeEach(async () => {
    server.requests.length = 0;
    server.reply = () => ({ text: 'Thought: go\nAction: go to fridge 1' });
    base = await server.start();
  });
  afterEach(() => server.stop());

  it('drives openai-compatible:<baseURL>#scripted through chat completions and checks the request body', async () => {
    const model = createLanguageModel({ spec: `openai-compatible:${base}#scripted`, env: {} });
    const gateway = createLlmGateway({ model, modelId: 'openai-compatible:scripted' });
    const answer = await gateway.generate({
      system: 'You are an agent.',
      prompt: 'Your task is to: cool a mug',
      temperature: 0.2,
      maxOutputTokens: 64,
      stop: ['\nObservation:'],
    });
    expect(answer).toEqual({
      text: 'Thought: go\nAction: go to fridge 1',
      usage: { input: 12, output: 4 },
      finishReason: 'stop',
    });
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/v1/chat/completions');
    expect(request?.headers.authorization).toBeUndefined();
    expect(ChatBody.parse(request?.body)).toEqual({
      model: 'scripted',
      messages: [
        { role: 'system', content: 'You are an agent.' },
        { role: 'user', content: 'Your task is to: cool a mug' },
      ],
      temperature: 0.2,
      max_tokens: 64,
      stop: ['\nObservation:'],
    });
    expect(gateway.usage()).toEqual({ input: 12, output: 4, calls: 1 });
  });

  it('sends OPENAI_COMPATIBLE_API_KEY as a bearer token when set', async () => {
    const gateway = createLlmGatewayFromSpec({
      spec: `openai-compatible:${base}#scripted`,
      env: { OPENAI_COMPATIBLE_API_KEY: 'local-key' },
    });
    expect(gateway.modelId).toBe('openai-compatible:scripted');
    await gateway.generate({ prompt: 'hi' });
    expect(server.requests[0]?.headers.authorization).toBe('Bearer local-key');
  });

  it('sends openai: specs to /chat/completions (not /responses) with the key', async () => {
    const gateway = createLlmGatewayFromSpec({
      spec: 'openai:gpt-4o-mini',
      env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: base },
    });
    await gateway.generate({ prompt: 'hi' });
    expect(server.requests[0]?.path).toBe('/v1/chat/completions');
    expect(server.requests[0]?.headers.authorization).toBe('Bearer sk-test');
    expect(ChatBody.parse(server.requests[0]?.body).model).toBe('gpt-4o-mini');
  });

  it('retries a real 429 and 503, not a real 400', async () => {
    const waits: number[] = [];
    server.reply = (_body, index) =>
      index === 0
        ? { status: 429, body: '{"error":{"message":"slow down"}}', headers: { 'retry-after': '0' } }
        : index === 1
          ? { status: 503, body: '{"error":{"message":"busy"}}' }
          : index === 2
            ? { text: 'done' }
            : { status: 400, body: '{"error":{"message":"bad request"}}' };
    const gateway = createLlmGatewayFromSpec({
      spec: `openai-compatible:${base}#scripted`,
      env: {},
      sleep: async (ms) => void waits.push(ms),
    });
    expect((await gateway.generate({ prompt: 'x' })).text).toBe('done');
    expect(waits).toHaveLength(2);
    await expect(gateway.generate({ prompt: 'x' })).rejects.toMatchObject({
      code: 'PROVIDER_FAILED',
      details: { statusCode: 400, attempts: 1 },
    });
    expect(server.requests).toHaveLength(4);
  });

  it('retries a refused connection as a network error', async () => {
    await server.stop();
    const waits: number[] = [];
    const gateway = createLlmGatewayFromSpec({
      spec: `openai-compatible:${base}#scripted`,
      env: {},
      maxRetries: 2,
      sleep: async (ms) => void waits.push(ms),
    });
    await expect(gateway.generate({ prompt: 'x' })).rejects.toMatchObject({
      code: 'PROVIDER_FAILED',
      details: { attempts: 3 },
    });
    expect(waits).toHaveLength(2);
  });

  it('creates an embedder from an openai-compatible spec (dimension probed over the wire)', async () => {
    const embedder = await createEmbedderFromSpec({ spec: `openai-compatible:${base}#embed`, env: {} });
    expect(embedder.id).toBe('openai-compatible:embed');
    expect(embedder.dimension).toBe(3);
    expect(server.requests[0]?.path).toBe('/v1/embeddings');
  });
});
