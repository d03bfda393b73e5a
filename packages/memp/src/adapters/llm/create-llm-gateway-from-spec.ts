import { type CreateLanguageModelOptions, createLanguageModel } from './create-language-model.js';
import { type LlmGateway, type LlmGatewayOptions, createLlmGateway } from './llm-gateway.js';
import { parseModelSpec } from './model-spec.js';

/** Options of {@link createLlmGatewayFromSpec}: a model spec plus the gateway's limits. */
export type LlmGatewayFromSpecOptions = CreateLanguageModelOptions & Omit<LlmGatewayOptions, 'model' | 'modelId'>;

/**
 * Creates the model named by a spec and wraps it in an {@link LlmGateway} whose `modelId` is the spec's id
 * (e.g. `openai:gpt-4o-mini`). Spec and key are validated first (`INVALID_ARGUMENT`, `UNAUTHORIZED`); no request
 * is made here.
 */
export function createLlmGatewayFromSpec(options: LlmGatewayFromSpecOptions): LlmGateway {
  const { spec: given, env, fetch, ...limits } = options;
  const spec = typeof given === 'string' ? parseModelSpec({ spec: given }) : given;
  const model = createLanguageModel({
    spec,
    ...(env === undefined ? {} : { env }),
    ...(fetch === undefined ? {} : { fetch }),
  });
  return createLlmGateway({ ...limits, model, modelId: spec.id });
}
