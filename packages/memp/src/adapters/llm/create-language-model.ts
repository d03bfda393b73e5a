import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModel } from 'ai';
import { parseModelSpec } from './model-spec.js';
import type { ModelSpec } from './model-spec.js';
import { type Env, resolveProviderSettings } from './provider-settings.js';

/** An AI SDK language model object (not a global-provider model id string). */
export type ProviderLanguageModel = Exclude<LanguageModel, string>;

/** Options of {@link createLanguageModel}. */
export interface CreateLanguageModelOptions {
  /** A model spec string (see {@link parseModelSpec}) or an already parsed spec. */
  spec: string | ModelSpec;
  /** Where keys are read from. Default `process.env`. */
  env?: Env;
  /** Replaces `fetch` for the provider's HTTP calls (proxies, instrumentation, tests). */
  fetch?: typeof globalThis.fetch;
}

/**
 * Creates an AI SDK language model from a spec, validating the spec and the key first (no request is made here):
 * `INVALID_ARGUMENT` for a malformed spec or unknown provider, `UNAUTHORIZED` for a missing key.
 *
 * Endpoint choice: `openai:` uses the Chat Completions API (`/v1/chat/completions`, via `.chat()`), not the
 * provider's default Responses API, because the ReAct agent relies on stop sequences (which Responses ignores)
 * and so both OpenAI and `openai-compatible` servers (Ollama, vLLM, LM Studio, llama.cpp — which only speak chat
 * completions) get the same request shape. `anthropic:` uses the Messages API. `openai-compatible` asks the
 * server to report token usage (`includeUsage`) so budgets and reports count tokens.
 */
export function createLanguageModel(options: CreateLanguageModelOptions): ProviderLanguageModel {
  const spec = typeof options.spec === 'string' ? parseModelSpec({ spec: options.spec }) : options.spec;
  const settings = resolveProviderSettings({ spec, env: options.env ?? process.env });
  const fetchOption = options.fetch === undefined ? {} : { fetch: options.fetch };
  switch (spec.provider) {
    case 'openai':
      return createOpenAI({ ...settings, ...fetchOption }).chat(spec.model);
    case 'anthropic':
      return createAnthropic({ ...settings, ...fetchOption }).languageModel(spec.model);
    case 'openai-compatible':
      return createOpenAICompatible({
        name: 'openai-compatible',
        baseURL: settings.baseURL ?? '',
        ...(settings.apiKey === undefined ? {} : { apiKey: settings.apiKey }),
        includeUsage: true,
        ...fetchOption,
      }).chatModel(spec.model);
  }
}
