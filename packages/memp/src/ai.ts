// memp/ai: memp for agents built with the Vercel AI SDK (ai 6). Explicit named exports only.

// Middleware and run conversion (src/integrations/ai-sdk)
export { createMempMiddleware } from './integrations/ai-sdk/memp-middleware.js';
export type { MempMiddleware, MempMiddlewareOptions } from './integrations/ai-sdk/memp-middleware.js';
export { MEMP_METADATA_KEY, recallFromSteps } from './integrations/ai-sdk/memp-recall.js';
export type { MempRecall, RecallMetadata } from './integrations/ai-sdk/memp-recall.js';
export {
  ACTION_ARGS_MAX_CHARS,
  ARG_STRING_MAX_CHARS,
  OBSERVATION_MAX_CHARS,
  THOUGHT_MAX_CHARS,
  formatAction,
  trajectoryFromSteps,
} from './integrations/ai-sdk/trajectory-from-steps.js';
export type { TrajectoryFromStepsOptions } from './integrations/ai-sdk/trajectory-from-steps.js';
export { learnFromRun } from './integrations/ai-sdk/learn-from-run.js';
export type { LearnFromRunOptions } from './integrations/ai-sdk/learn-from-run.js';
export type { RunContentPart, RunStep } from './integrations/ai-sdk/run-step.js';
export { stableStringify } from './integrations/ai-sdk/stable-stringify.js';

// Embedders through the AI SDK
export { AI_SDK_EMBEDDER_DEFAULT_BATCH_SIZE, createAiSdkEmbedder } from './adapters/embedders/ai-sdk-embedder.js';
export type { AiSdkEmbedderOptions } from './adapters/embedders/ai-sdk-embedder.js';

// Models: specs, provider models, the gateway, the LLM policies, the build-output cache
export {
  MODEL_PROVIDERS,
  OFFLINE_EMBEDDER_SPECS,
  parseModelSpec,
  parseEmbedderSpec,
} from './adapters/llm/model-spec.js';
export type { ModelProvider, ModelSpec, EmbedderSpec, OfflineEmbedderSpec } from './adapters/llm/model-spec.js';
export { PROVIDER_KEY_VARIABLES } from './adapters/llm/provider-settings.js';
export type { Env } from './adapters/llm/provider-settings.js';
export { createLanguageModel } from './adapters/llm/create-language-model.js';
export type { CreateLanguageModelOptions, ProviderLanguageModel } from './adapters/llm/create-language-model.js';
export { createEmbeddingModelFromSpec, createEmbedderFromSpec } from './adapters/llm/create-embedder-from-spec.js';
export type {
  CreateEmbeddingModelOptions,
  CreateEmbedderFromSpecOptions,
  ProviderEmbeddingModel,
} from './adapters/llm/create-embedder-from-spec.js';
export { createLlmGateway } from './adapters/llm/llm-gateway.js';
export type { LlmGatewayOptions } from './adapters/llm/llm-gateway.js';
export { createLlmGatewayFromSpec } from './adapters/llm/create-llm-gateway-from-spec.js';
export type { LlmGatewayFromSpecOptions } from './adapters/llm/create-llm-gateway-from-spec.js';
export { createInMemoryBuildCache } from './adapters/llm/build-cache.js';
export { createFileBuildCache } from './adapters/llm/file-build-cache.js';
export { createLlmScriptWriter } from './adapters/llm/llm-script-writer.js';
export type { LlmScriptWriterOptions } from './adapters/llm/llm-script-writer.js';
export { createLlmKeywordExtractor } from './adapters/llm/llm-keyword-extractor.js';
export { createLlmAdjuster } from './adapters/llm/llm-adjuster.js';
export { createLlmLessonWriter } from './adapters/llm/llm-lesson-writer.js';
export { createLlmMerger } from './adapters/llm/llm-merger.js';
