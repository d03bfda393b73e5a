import type { LanguageModel } from 'ai';
import { MempError } from '../../core/errors.js';
import type { LlmGateway, LlmRequest, LlmResponse, LlmUsage } from '../../ports/llm-gateway.js';
import { backoffDelay, classifyFailure, retryAfterMs, statusCodeOf } from './retry-backoff.js';
import { createSemaphore } from './semaphore.js';

// The gateway's interface is a port (the engine and agents depend on it, not on this adapter); re-exported here.
export type { LlmGateway, LlmRequest, LlmResponse, LlmTokenUsage, LlmUsage } from '../../ports/llm-gateway.js';

/** Options of {@link createLlmGateway}. */
export interface LlmGatewayOptions {
  /** The AI SDK model, e.g. from `createLanguageModel({ spec })`. */
  model: LanguageModel;
  /** Stable id of the model, e.g. `openai:gpt-4o-mini` (see `parseModelSpec(...).id`). */
  modelId: string;
  /** Provider calls in flight at most. Default 4. */
  concurrency?: number;
  /** Time limit of one attempt in milliseconds (aborts the request). Default 60 000. */
  timeoutMs?: number;
  /** Retries after the first attempt, for 429 / 5xx / network errors / timeouts only. Default 3. */
  maxRetries?: number;
  /**
   * Token budget of the run (input + output over all calls). A call starts only while the total is below it;
   * the call that crosses it still returns its answer (it was paid for) and later calls fail with
   * `BUDGET_EXCEEDED`. Calls already in flight finish. Default: no budget.
   */
  tokenBudget?: number;
  /** Backoff base in ms: retry n waits in [b·2^(n−1)/2, b·2^(n−1)]. Default 500. */
  backoffMs?: number;
  /** Longest single backoff wait in ms (also caps `Retry-After`). Default 30 000. */
  maxBackoffMs?: number;
  /** Waits `ms` between retries. Default: a timer. Inject for tests. */
  sleep?: (ms: number) => Promise<void>;
  /** Uniform random number in [0, 1) for jitter. Default `Math.random`. */
  random?: () => number;
  /** Current time in ms since the epoch (to read HTTP-date `Retry-After`). Default `Date.now`. */
  now?: () => number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function checkNumber(value: number | undefined, field: string, min: number, integer: boolean): void {
  if (value === undefined) return;
  if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    throw new MempError('INVALID_ARGUMENT', `${field} must be ${integer ? 'an integer' : 'a number'} ≥ ${min}`, {
      details: { field, value },
    });
  }
}

/**
 * Creates an {@link LlmGateway} around an AI SDK language model. The AI SDK's own retries are disabled
 * (`maxRetries: 0`) so the gateway's are the only ones; a semaphore holds a permit only while an attempt is in
 * flight (not while backing off); each attempt gets its own `timeoutMs` abort timer.
 *
 * @example
 * const gateway = createLlmGateway({ model: createLanguageModel({ spec: 'openai:gpt-4o-mini' }), modelId: 'openai:gpt-4o-mini', tokenBudget: 2_000_000 });
 * const { text, usage } = await gateway.generate({ system, messages, temperature: 0, stop: ['\nObservation:'] });
 * const { input, output, calls } = gateway.usage(); // for summary.json
 */
export function createLlmGateway(options: LlmGatewayOptions): LlmGateway {
  if (typeof options.modelId !== 'string' || options.modelId.trim() === '') {
    throw new MempError('INVALID_ARGUMENT', 'modelId must be a non-empty string', { details: { field: 'modelId' } });
  }
  checkNumber(options.concurrency, 'concurrency', 1, true);
  checkNumber(options.timeoutMs, 'timeoutMs', 1, false);
  checkNumber(options.maxRetries, 'maxRetries', 0, true);
  checkNumber(options.tokenBudget, 'tokenBudget', 1, true);
  checkNumber(options.backoffMs, 'backoffMs', 0, false);
  checkNumber(options.maxBackoffMs, 'maxBackoffMs', 0, false);
  return new RetryingLlmGateway(options);
}

/** One attempt's result: the answer, or the provider's failure and whether it was the gateway's own timeout. */
type AttemptOutcome = { ok: true; response: LlmResponse } | { ok: false; error: unknown; timedOut: boolean };

/** The gateway {@link createLlmGateway} returns, once its options are checked. */
class RetryingLlmGateway implements LlmGateway {
  /** The port specification this adapter follows. */
  readonly specificationVersion = 'v1' as const;
  readonly modelId: string;
  private readonly model: LanguageModel;
  private readonly tokenBudget: number | undefined;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly semaphore: ReturnType<typeof createSemaphore>;
  private readonly totals: LlmUsage = { input: 0, output: 0, calls: 0 };

  constructor(options: LlmGatewayOptions) {
    this.model = options.model;
    this.modelId = options.modelId;
    this.tokenBudget = options.tokenBudget;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.maxRetries = options.maxRetries ?? 3;
    this.backoffMs = options.backoffMs ?? 500;
    this.maxBackoffMs = options.maxBackoffMs ?? 30_000;
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
    this.semaphore = createSemaphore({ permits: options.concurrency ?? 4 });
  }

  usage(): LlmUsage {
    return { ...this.totals };
  }

  async generate(request: LlmRequest): Promise<LlmResponse> {
    if ((request.prompt === undefined) === (request.messages === undefined)) {
      throw new MempError('INVALID_ARGUMENT', 'give exactly one of prompt and messages', {
        details: { field: 'prompt' },
      });
    }
    this.assertBudget();
    for (let attempts = 1; ; attempts++) {
      const outcome = await this.attempt(request);
      if (outcome.ok) return outcome.response;
      this.throwUnlessRetryable(request, outcome, attempts);
      const waitAfter = retryAfterMs(outcome.error, this.now());
      await this.sleep(
        backoffDelay({
          attempt: attempts,
          baseMs: this.backoffMs,
          maxMs: this.maxBackoffMs,
          random: this.random,
          ...(waitAfter === undefined ? {} : { retryAfterMs: waitAfter }),
        }),
      );
    }
  }

  /** Throws the `MempError` a failed attempt ends in, unless it may be retried (and retries remain). */
  private throwUnlessRetryable(
    request: LlmRequest,
    { error, timedOut }: { error: unknown; timedOut: boolean },
    attempts: number,
  ): void {
    const { modelId } = this;
    const statusCode = statusCodeOf(error);
    const details = { model: modelId, attempts, timedOut, ...(statusCode === undefined ? {} : { statusCode }) };
    const reason = timedOut
      ? `timed out after ${this.timeoutMs} ms`
      : error instanceof Error
        ? error.message
        : String(error);
    if (request.abortSignal?.aborted) {
      throw new MempError('PROVIDER_FAILED', `${modelId}: call aborted by the caller`, {
        cause: error,
        details: { ...details, aborted: true },
      });
    }
    const kind = classifyFailure(error, timedOut);
    if (kind === 'invalid-output') {
      throw new MempError('PROVIDER_OUTPUT_INVALID', `${modelId}: unreadable answer: ${reason}`, {
        cause: error,
        details,
      });
    }
    if (kind === 'fatal' || attempts > this.maxRetries) {
      const tried = attempts > 1 ? ` (after ${attempts} attempts)` : '';
      throw new MempError('PROVIDER_FAILED', `${modelId}: ${reason}${tried}`, { cause: error, details });
    }
  }

  private assertBudget(): void {
    const { tokenBudget, totals } = this;
    if (tokenBudget === undefined) return;
    const used = totals.input + totals.output;
    if (used >= tokenBudget) {
      throw new MempError(
        'BUDGET_EXCEEDED',
        `token budget of ${tokenBudget} used up (${used} tokens in ${totals.calls} calls)`,
        {
          details: { model: this.modelId, budget: tokenBudget, used, calls: totals.calls },
        },
      );
    }
  }

  /** One provider call under a semaphore permit and its own timeout; a `MempError` (the budget) is thrown. */
  private async attempt(request: LlmRequest): Promise<AttemptOutcome> {
    const release = await this.semaphore.acquire();
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error(`timed out after ${this.timeoutMs} ms`));
    }, this.timeoutMs);
    const onOuterAbort = () => controller.abort(request.abortSignal?.reason);
    request.abortSignal?.addEventListener('abort', onOuterAbort, { once: true });
    try {
      this.assertBudget();
      const prompt = request.messages !== undefined ? { messages: request.messages } : { prompt: request.prompt ?? '' };
      // Loaded on first use, so importing memp does not load the AI SDK.
      const { generateText } = await import('ai');
      const result = await generateText({
        model: this.model,
        ...prompt,
        ...(request.system === undefined ? {} : { system: request.system }),
        ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
        ...(request.maxOutputTokens === undefined ? {} : { maxOutputTokens: request.maxOutputTokens }),
        ...(request.stop === undefined ? {} : { stopSequences: request.stop }),
        maxRetries: 0,
        abortSignal: controller.signal,
      });
      const usage = { input: result.totalUsage.inputTokens ?? 0, output: result.totalUsage.outputTokens ?? 0 };
      this.totals.input += usage.input;
      this.totals.output += usage.output;
      this.totals.calls += 1;
      return { ok: true, response: { text: result.text, usage, finishReason: result.finishReason } };
    } catch (error) {
      if (error instanceof MempError) throw error;
      return { ok: false, error, timedOut };
    } finally {
      clearTimeout(timer);
      request.abortSignal?.removeEventListener('abort', onOuterAbort);
      release();
    }
  }
}
