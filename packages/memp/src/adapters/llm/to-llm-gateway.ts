import type { LanguageModel } from 'ai';
import { type LlmGateway, createLlmGateway } from './llm-gateway.js';

/** True when `value` is an {@link LlmGateway} rather than an AI SDK model. */
export function isLlmGateway(value: unknown): value is LlmGateway {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Record<keyof LlmGateway, unknown>>;
  return (
    typeof candidate.generate === 'function' &&
    typeof candidate.usage === 'function' &&
    typeof candidate.modelId === 'string'
  );
}

/**
 * The model id of an AI SDK model in memp's spec form: `<provider>:<model>` with the provider's sub-API suffix
 * dropped (`openai.chat` → `openai`), so a model created from `openai:gpt-4o-mini` gets back that id. A model id
 * string (AI SDK global provider) is returned as is.
 */
export function languageModelId(model: LanguageModel): string {
  if (typeof model === 'string') return model;
  const provider = model.provider.split('.')[0] || model.provider;
  return `${provider}:${model.modelId}`;
}

/**
 * Returns `model` when it is already a gateway, else wraps the AI SDK model in a gateway with default limits
 * (concurrency 4, timeout 60 s, 3 retries, no token budget) and the id from {@link languageModelId}.
 */
export function toLlmGateway(options: { model: LanguageModel | LlmGateway }): LlmGateway {
  const { model } = options;
  return isLlmGateway(model) ? model : createLlmGateway({ model, modelId: languageModelId(model) });
}
