// memp/ai: memp for agents built with the Vercel AI SDK (ai 6). Explicit named exports only.

export type { LearnFromRunOptions } from './adapters/ai/learn-from-run.js';
export { learnFromRun } from './adapters/ai/learn-from-run.js';
export type { MempMiddleware, MempMiddlewareOptions } from './adapters/ai/memp-middleware.js';
// Middleware and run conversion (src/adapters/ai)
export { createMempMiddleware } from './adapters/ai/memp-middleware.js';
export type { MempRecall, RecallMetadata } from './adapters/ai/memp-recall.js';
export { MEMP_METADATA_KEY, recallFromSteps } from './adapters/ai/memp-recall.js';
export type { RunContentPart, RunStep } from './adapters/ai/run-step.js';
export { stableStringify } from './adapters/ai/stable-stringify.js';
export type { TrajectoryFromStepsOptions } from './adapters/ai/trajectory-from-steps.js';
export {
  ACTION_ARGS_MAX_CHARS,
  ARG_STRING_MAX_CHARS,
  formatAction,
  OBSERVATION_MAX_CHARS,
  THOUGHT_MAX_CHARS,
  trajectoryFromSteps,
} from './adapters/ai/trajectory-from-steps.js';
export type { AiSdkEmbedderOptions } from './adapters/embedders/ai-sdk-embedder.js';
// Embedders through the AI SDK
export { AI_SDK_EMBEDDER_DEFAULT_BATCH_SIZE, createAiSdkEmbedder } from './adapters/embedders/ai-sdk-embedder.js';
export type { BuildCache, BuildCacheKey } from './adapters/llm/build-cache.js';
export {
  buildCacheKeyString,
  createInMemoryBuildCache,
  hashText,
  hashTrajectoryContent,
} from './adapters/llm/build-cache.js';
export type {
  CreateEmbedderFromSpecOptions,
  CreateEmbeddingModelOptions,
  ProviderEmbeddingModel,
} from './adapters/llm/create-embedder-from-spec.js';
export { createEmbedderFromSpec, createEmbeddingModelFromSpec } from './adapters/llm/create-embedder-from-spec.js';
export type { CreateLanguageModelOptions, ProviderLanguageModel } from './adapters/llm/create-language-model.js';
export { createLanguageModel } from './adapters/llm/create-language-model.js';
export type { LlmGatewayFromSpecOptions } from './adapters/llm/create-llm-gateway-from-spec.js';
export { createLlmGatewayFromSpec } from './adapters/llm/create-llm-gateway-from-spec.js';
export { createFileBuildCache } from './adapters/llm/file-build-cache.js';
export { createLlmAdjuster } from './adapters/llm/llm-adjuster.js';
export type {
  LlmGateway,
  LlmGatewayOptions,
  LlmRequest,
  LlmResponse,
  LlmTokenUsage,
  LlmUsage,
} from './adapters/llm/llm-gateway.js';
export { createLlmGateway } from './adapters/llm/llm-gateway.js';
export { createLlmKeywordExtractor, KEYWORDS_PROMPT_VERSION } from './adapters/llm/llm-keyword-extractor.js';
export type { LlmScriptWriterOptions } from './adapters/llm/llm-script-writer.js';
export { createLlmScriptWriter, SCRIPT_PROMPT_VERSION } from './adapters/llm/llm-script-writer.js';
export type { EmbedderSpec, ModelProvider, ModelSpec, OfflineEmbedderSpec } from './adapters/llm/model-spec.js';
// Models: specs, provider models, the gateway, the LLM policies, the build-output cache
export {
  MODEL_PROVIDERS,
  OFFLINE_EMBEDDER_SPECS,
  parseEmbedderSpec,
  parseModelSpec,
} from './adapters/llm/model-spec.js';
export type { Env } from './adapters/llm/provider-settings.js';
export { PROVIDER_KEY_VARIABLES } from './adapters/llm/provider-settings.js';
export { isLlmGateway, languageModelId, toLlmGateway } from './adapters/llm/to-llm-gateway.js';
