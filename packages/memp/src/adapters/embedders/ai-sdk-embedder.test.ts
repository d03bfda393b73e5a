import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isMempError } from '../../core/errors.js';
import type { ErrorCode } from '../../core/errors.js';
import { createAiSdkEmbedder } from './ai-sdk-embedder.js';

const requestSchema = z.object({
  model: z.string(),
  input: z.array(z.string()),
  encoding_format: z.string().optional(),
});

interface ReceivedRequest {
  method: string;
  path: string;
  body: z.infer<typeof requestSchema>;
}

interface Reply {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

/** The fake model: text `t` embeds to `[t.length, 2, 2, 1]`, so order and normalization are checkable. */
function fakeEmbedding(text: string): number[] {
  return [text.length, 2, 2, 1];
}

function okReply(inputs: string[], embed: (text: string) => unknown = fakeEmbedding): Reply {
  return {
    status: 200,
    body: JSON.stringify({
      object: 'list',
      data: inputs.map((input, index) => ({ object: 'embedding', index, embedding: embed(input) })),
      model: 'test-embed',
      usage: { prompt_tokens: inputs.length, total_tokens: inputs.length },
    }),
  };
}

/** A loopback server speaking the OpenAI embeddings wire format; `reply` decides each answer. */
class FakeEmbeddingsServer {
  readonly requests: ReceivedRequest[] = [];
  reply: (inputs: string[]) => Reply = (inputs) => okReply(inputs);
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/v1`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = requestSchema.parse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
    this.requests.push({ method: req.method ?? '', path: req.url ?? '', body });
    const reply = this.reply(body.input);
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(reply.body);
  }
}

async function expectCode(promise: Promise<unknown>, code: ErrorCode): Promise<void> {
  await expect(promise).rejects.toSatisfy((error: unknown) => isMempError(error, code));
}

describe('createAiSdkEmbedder (OpenAI-compatible loopback server)', () => {
  const server = new FakeEmbeddingsServer();
  let model: ReturnType<ReturnType<typeof createOpenAICompatible>['embeddingModel']>;

  beforeEach(async () => {
    server.requests.length = 0;
    server.reply = (inputs) => okReply(inputs);
    const baseURL = await server.start();
    model = createOpenAICompatible({ baseURL, name: 'loopback' }).embeddingModel('test-embed');
  });

  afterEach(async () => {
    await server.stop();
  });

  it('batches texts, keeps their order and L2-normalizes the vectors', async () => {
    const embedder = await createAiSdkEmbedder({ model, id: 'loopback:test-embed', dimension: 4, batchSize: 2 });
    expect(server.requests).toHaveLength(0);
    const texts = ['a', 'bb', 'ccc', 'dddd', 'eeeee'];
    const vectors = await embedder.embed(texts);

    expect(server.requests.map((r) => r.body.input)).toEqual([['a', 'bb'], ['ccc', 'dddd'], ['eeeee']]);
    for (const request of server.requests) {
      expect(request.method).toBe('POST');
      expect(request.path).toBe('/v1/embeddings');
      expect(request.body.model).toBe('test-embed');
    }
    expect(vectors).toHaveLength(5);
    for (const [i, vector] of vectors.entries()) {
      const raw = fakeEmbedding(texts[i] as string);
      const norm = Math.hypot(...raw);
      expect(vector).toBeInstanceOf(Float32Array);
      expect(Array.from(vector)).toEqual(raw.map((x) => Math.fround(x / norm)));
    }
  });

  it('learns the dimension with one probe call when it is not given', async () => {
    const embedder = await createAiSdkEmbedder({ model, id: 'loopback:test-embed' });
    expect(embedder.dimension).toBe(4);
    expect(embedder.id).toBe('loopback:test-embed');
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.body.input).toHaveLength(1);
  });

  it('does not send empty texts and embeds them to the zero vector', async () => {
    const embedder = await createAiSdkEmbedder({ model, id: 'loopback:test-embed', dimension: 4 });
    const [empty, word, blank] = await embedder.embed(['', 'apple', '  \n']);
    expect(server.requests.map((r) => r.body.input)).toEqual([['apple']]);
    expect(Array.from(empty ?? [])).toEqual([0, 0, 0, 0]);
    expect(Array.from(blank ?? [])).toEqual([0, 0, 0, 0]);
    expect(word).toHaveLength(4);
    expect(await embedder.embed([])).toEqual([]);
    expect(server.requests).toHaveLength(1);
  });

  it('maps an HTTP 500 to PROVIDER_FAILED', async () => {
    server.reply = () => ({ status: 500, body: JSON.stringify({ error: { message: 'boom' } }) });
    const embedder = await createAiSdkEmbedder({ model, id: 'x', dimension: 4, maxRetries: 0 });
    const failure = embedder.embed(['apple']);
    await expectCode(failure, 'PROVIDER_FAILED');
    await failure.catch((error: unknown) => {
      expect(isMempError(error) && error.details['statusCode']).toBe(500);
    });
    expect(server.requests).toHaveLength(1);
  });

  it('retries a 500 maxRetries times before PROVIDER_FAILED', async () => {
    server.reply = () => ({
      status: 500,
      body: JSON.stringify({ error: { message: 'boom' } }),
      headers: { 'retry-after-ms': '1' },
    });
    const embedder = await createAiSdkEmbedder({ model, id: 'x', dimension: 4, maxRetries: 1 });
    await expectCode(embedder.embed(['apple']), 'PROVIDER_FAILED');
    expect(server.requests).toHaveLength(2);
  });

  it('maps a malformed body to PROVIDER_OUTPUT_INVALID', async () => {
    const embedder = await createAiSdkEmbedder({ model, id: 'x', dimension: 4, maxRetries: 0 });
    server.reply = () => ({ status: 200, body: 'this is not json' });
    await expectCode(embedder.embed(['apple']), 'PROVIDER_OUTPUT_INVALID');
    server.reply = () => ({ status: 200, body: JSON.stringify({ data: [{ embedding: 'nope' }] }) });
    await expectCode(embedder.embed(['apple']), 'PROVIDER_OUTPUT_INVALID');
  });

  it('rejects vectors of the wrong dimension or count with PROVIDER_OUTPUT_INVALID', async () => {
    const embedder = await createAiSdkEmbedder({ model, id: 'x', dimension: 4 });
    server.reply = (inputs) => okReply(inputs, () => [1, 2, 3]);
    await expectCode(embedder.embed(['apple']), 'PROVIDER_OUTPUT_INVALID');
    server.reply = (inputs) => okReply(inputs.slice(1));
    await expectCode(embedder.embed(['apple', 'pear']), 'PROVIDER_OUTPUT_INVALID');
  });

  it('fails the factory with the provider error when the probe fails', async () => {
    server.reply = () => ({ status: 503, body: 'unavailable' });
    await expectCode(createAiSdkEmbedder({ model, id: 'x', maxRetries: 0 }), 'PROVIDER_FAILED');
    server.reply = (inputs) => okReply(inputs, () => []);
    await expectCode(createAiSdkEmbedder({ model, id: 'x' }), 'PROVIDER_OUTPUT_INVALID');
  });

  it('maps an unreachable server to PROVIDER_FAILED', async () => {
    const embedder = await createAiSdkEmbedder({ model, id: 'x', dimension: 4, maxRetries: 0 });
    await server.stop();
    await expectCode(embedder.embed(['apple']), 'PROVIDER_FAILED');
  });

  it('rejects invalid options with INVALID_ARGUMENT without calling the provider', async () => {
    await expectCode(createAiSdkEmbedder({ model, id: '' }), 'INVALID_ARGUMENT');
    await expectCode(createAiSdkEmbedder({ model, id: 'x', dimension: 0 }), 'INVALID_ARGUMENT');
    await expectCode(createAiSdkEmbedder({ model, id: 'x', dimension: 4, batchSize: 0 }), 'INVALID_ARGUMENT');
    await expectCode(createAiSdkEmbedder({ model, id: 'x', dimension: 4, maxRetries: -1 }), 'INVALID_ARGUMENT');
    expect(server.requests).toHaveLength(0);
  });
});
