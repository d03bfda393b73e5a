import { APICallError } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';

type GeneratedContent = Awaited<ReturnType<MockLanguageModelV3['doGenerate']>>['content'];

/** The call options the AI SDK passes to a model (what a test inspects). */
export type ScriptedCall = MockLanguageModelV3['doGenerateCalls'][number];

/** A tool call the scripted model makes: the tool's name and its input (JSON-encoded for the AI SDK). */
export interface ScriptedToolCall {
  toolName: string;
  input: unknown;
}

/**
 * One scripted turn: plain text, or text and/or tool calls. A turn with tool calls finishes with reason
 * `tool-calls`, so a multi-step `generateText` runs the tools and calls the model again.
 */
export type ScriptedTurn = string | { text?: string; toolCalls?: ScriptedToolCall[] };

/** One scripted answer: a turn, an error to throw, or a function of the call (may wait, may throw). */
export type ScriptedReply = ScriptedTurn | Error | ((call: ScriptedCall) => ScriptedTurn | Promise<ScriptedTurn>);

/**
 * A mock language model (`ai/test`) that answers calls in order from `replies` (text, or tool calls for
 * multi-step `generateText`; tool call ids are `call_1`, `call_2`, … per model) and reports `inputTokens` /
 * `outputTokens` per call (defaults 10 / 5). When the script runs out it throws, so a test sees unexpected calls.
 */
export function createScriptedLanguageModel(options: {
  replies: ScriptedReply[];
  inputTokens?: number;
  outputTokens?: number;
  modelId?: string;
}): MockLanguageModelV3 {
  const queue = [...options.replies];
  let callIds = 0;
  return new MockLanguageModelV3({
    provider: 'scripted',
    modelId: options.modelId ?? 'scripted',
    doGenerate: async (call) => {
      const reply = queue.shift();
      if (reply === undefined) throw new Error('scripted model: no reply left');
      if (reply instanceof Error) throw reply;
      const turn = typeof reply === 'function' ? await reply(call) : reply;
      const text = typeof turn === 'string' ? turn : (turn.text ?? '');
      const toolCalls = typeof turn === 'string' ? [] : (turn.toolCalls ?? []);
      const content: GeneratedContent = text === '' ? [] : [{ type: 'text', text }];
      for (const toolCall of toolCalls) {
        callIds += 1;
        content.push({
          type: 'tool-call',
          toolCallId: `call_${callIds}`,
          toolName: toolCall.toolName,
          input: JSON.stringify(toolCall.input ?? {}),
        });
      }
      const finish = toolCalls.length > 0 ? 'tool-calls' : 'stop';
      return {
        content,
        finishReason: { unified: finish, raw: finish },
        usage: {
          inputTokens: {
            total: options.inputTokens ?? 10,
            noCache: undefined,
            cacheRead: undefined,
            cacheWrite: undefined,
          },
          outputTokens: { total: options.outputTokens ?? 5, text: undefined, reasoning: undefined },
        },
        warnings: [],
      };
    },
  });
}

/** An HTTP error as the AI SDK raises it (`APICallError`), e.g. 429, 500 or 400. */
export function httpError(statusCode: number, headers: Record<string, string> = {}): APICallError {
  return new APICallError({
    message: `HTTP ${statusCode}`,
    url: 'http://127.0.0.1/v1/chat/completions',
    requestBodyValues: {},
    statusCode,
    responseHeaders: headers,
    isRetryable: statusCode === 429 || statusCode >= 500,
  });
}

/** A network failure as the AI SDK raises it: an `APICallError` without status, marked retryable. */
export function networkError(): APICallError {
  return new APICallError({
    message: 'Cannot connect to API: connect ECONNREFUSED',
    url: 'http://127.0.0.1/v1/chat/completions',
    requestBodyValues: {},
    isRetryable: true,
  });
}

/** The whole prompt of a call as text, one `[role] content` line per message (for assertions on prompts). */
export function promptText(call: ScriptedCall): string {
  return call.prompt
    .map((message) =>
      typeof message.content === 'string'
        ? `[${message.role}] ${message.content}`
        : `[${message.role}] ${message.content.map((part) => ('text' in part ? part.text : '')).join('')}`,
    )
    .join('\n');
}
