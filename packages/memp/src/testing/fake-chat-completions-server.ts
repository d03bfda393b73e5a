import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';

const EmbeddingsBody = z.object({ input: z.array(z.string()) });
const ChatBody = z.object({ model: z.string().optional() });

/** One request the fake server received. */
export interface ReceivedChatRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** The parsed JSON body (the test checks its shape). */
  body: unknown;
}

/** What the fake server answers: a status and either assistant text (200) or a raw body. */
export interface ChatReply {
  status?: number;
  text?: string;
  body?: string;
  headers?: Record<string, string>;
  promptTokens?: number;
  completionTokens?: number;
}

/**
 * A loopback HTTP server on 127.0.0.1 speaking the OpenAI chat-completions and embeddings wire format: a scripted
 * model for end-to-end tests. `reply` decides each chat answer; embeddings are `[text.length, 1, 1]`.
 */
export class FakeChatCompletionsServer {
  readonly requests: ReceivedChatRequest[] = [];
  reply: (body: unknown, index: number) => ChatReply = () => ({ text: 'ok' });
  private server: Server | undefined;

  /** Starts listening on a free port; returns the base URL (`http://127.0.0.1:PORT/v1`). */
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
    const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const path = req.url ?? '';
    this.requests.push({ method: req.method ?? '', path, headers: req.headers, body });
    if (path.endsWith('/embeddings')) {
      const { input } = EmbeddingsBody.parse(body);
      const data = input.map((text, index) => ({ object: 'embedding', index, embedding: [text.length, 1, 1] }));
      return this.send(
        res,
        200,
        JSON.stringify({ object: 'list', data, model: 'embed', usage: { prompt_tokens: 1, total_tokens: 1 } }),
      );
    }
    const reply = this.reply(body, this.requests.length - 1);
    const status = reply.status ?? 200;
    const payload =
      reply.body ??
      JSON.stringify({
        id: `chatcmpl-${this.requests.length}`,
        object: 'chat.completion',
        created: 0,
        model: ChatBody.safeParse(body).data?.model ?? 'scripted',
        choices: [{ index: 0, message: { role: 'assistant', content: reply.text ?? '' }, finish_reason: 'stop' }],
        usage: {
          prompt_tokens: reply.promptTokens ?? 12,
          completion_tokens: reply.completionTokens ?? 4,
          total_tokens: (reply.promptTokens ?? 12) + (reply.completionTokens ?? 4),
        },
      });
    this.send(res, status, payload, reply.headers);
  }

  private send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body);
  }
}
