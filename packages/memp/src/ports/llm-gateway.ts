import type { FinishReason, ModelMessage } from 'ai';

/** One request to the model. Give exactly one of `prompt` and `messages`. */
export interface LlmRequest {
  /** System prompt (instructions). */
  system?: string;
  /** A single user message. */
  prompt?: string;
  /** A conversation (AI SDK `ModelMessage`s), e.g. the ReAct agent's turns. */
  messages?: ModelMessage[];
  /** Sampling temperature. Default: the provider's. */
  temperature?: number;
  /** Cap on generated tokens. Default: the provider's. */
  maxOutputTokens?: number;
  /** Stop sequences (e.g. `['\nObservation:']` for ReAct). */
  stop?: string[];
  /** Cancels the call (and its retries) from outside; the gateway's own timeout applies in addition. */
  abortSignal?: AbortSignal;
}

/** Tokens of one call or of a run, as the provider reported them (0 when it reported none). */
export interface LlmTokenUsage {
  /** Prompt tokens. */
  input: number;
  /** Completion tokens. */
  output: number;
}

/** The answer to one {@link LlmRequest}. */
export interface LlmResponse {
  /** The generated text (may be empty: callers validate what they need). */
  text: string;
  /** Tokens of this call. */
  usage: LlmTokenUsage;
  /** Why the model stopped (`stop`, `length`, …). */
  finishReason: FinishReason;
}

/** Totals of a gateway since it was created: tokens and successful provider calls. */
export interface LlmUsage extends LlmTokenUsage {
  /** Provider calls that returned an answer (failed attempts are not counted; they report no tokens). */
  calls: number;
}

/**
 * The single door to a language model for everything in memp (LLM policies, the ReAct agent): it bounds
 * concurrency, times out and retries calls, enforces a token budget and counts usage. One gateway per run, shared
 * by every component, makes the budget and the usage totals cover the whole run.
 */
export interface LlmGateway {
  /**
   * The version of the LlmGateway specification this implementation follows. memp checks it where the port is handed
   * over and refuses a version it does not know (`INVALID_ARGUMENT`), so a change to the port cannot pass silently.
   */
  readonly specificationVersion: 'v1';
  /** The model id recorded as `provenance.builtBy` and in cache keys, e.g. `openai:gpt-4o-mini`. */
  readonly modelId: string;
  /**
   * Generates text. Errors (all `MempError`): `INVALID_ARGUMENT` for a request with neither or both of
   * `prompt`/`messages`; `BUDGET_EXCEEDED` when the run's token budget is already used up (no call is made);
   * `PROVIDER_FAILED` when the provider fails for good (after retries for 429/5xx/network/timeout, at once for
   * other 4xx; `details.statusCode`, `details.attempts`); `PROVIDER_OUTPUT_INVALID` when its answer is unreadable.
   */
  generate(request: LlmRequest): Promise<LlmResponse>;
  /** Tokens and calls so far (a snapshot). */
  usage(): LlmUsage;
}
