import { MempError } from '../../core/errors.js';
import type { LlmGateway, LlmRequest } from './llm-gateway.js';

/** The verdict of an answer parser: the value, or why the answer cannot be used. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * Asks the gateway and parses the answer; a malformed or empty answer is retried ONCE, with the reason appended
 * to the prompt, and a second failure is `MempError('PROVIDER_OUTPUT_INVALID')` (details: model, what, reason,
 * attempts). Provider errors (`PROVIDER_FAILED`, `BUDGET_EXCEEDED`) pass through unchanged.
 */
export async function generateValidated<T>(options: {
  gateway: LlmGateway;
  /** A request with a `prompt` (the retry appends to it). */
  request: LlmRequest & { prompt: string };
  parse: (text: string) => ParseResult<T>;
  /** What is being asked for, for errors (`script`, `keywords`, `adjustment`). */
  what: string;
}): Promise<T> {
  const { gateway, request, parse, what } = options;
  const first = parse((await gateway.generate(request)).text);
  if (first.ok) return first.value;
  const retry = `${request.prompt}\n\nYour previous answer could not be used (${first.reason}). Answer again and follow the answer format exactly.`;
  const second = parse((await gateway.generate({ ...request, prompt: retry })).text);
  if (second.ok) return second.value;
  throw new MempError(
    'PROVIDER_OUTPUT_INVALID',
    `${gateway.modelId} gave no usable ${what} after 2 attempts: ${second.reason}`,
    {
      details: { model: gateway.modelId, what, reason: second.reason, attempts: 2 },
    },
  );
}
