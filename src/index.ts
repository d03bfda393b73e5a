// Public API of memp. Explicit named exports only.

// Engine
export { createMemp } from './engine/create-memp.js';
export type { Memp, RetrieveOptions, LearnOptions } from './engine/create-memp.js';
export type { MempOptions } from './engine/memp-options.js';
export type { LearnResult } from './engine/learn-planner.js';
export type { ImportResult } from './engine/import-memories.js';
export { EXPORT_FORMAT_VERSION, ExportHeaderSchema, ExportLineSchema } from './engine/export-format.js';
export type { ExportHeader, ExportLine } from './engine/export-format.js';

// Domain
export { StepSchema } from './core/step.js';
export type { Step } from './core/step.js';
export { TrajectorySchema, TrajectoryInputSchema, OutcomeSchema } from './core/trajectory.js';
export type { Trajectory, TrajectoryInput, Outcome } from './core/trajectory.js';
export { MemorySchema, MemoryContentSchema, MemoryKindSchema, MemoryStatusSchema, memoryContent } from './core/memory.js';
export type { Memory, MemoryContent, MemoryKind, MemoryStatus, MemoryStats, Provenance } from './core/memory.js';
export { RevisionSchema } from './core/revision.js';
export type { Revision, RevisionReason } from './core/revision.js';
export type { Retrieved, RetrievalKey } from './core/retrieved.js';
export { DEFAULT_NAMESPACE, NamespaceSchema } from './core/namespace.js';
export { MempError, isMempError, ERROR_CODES } from './core/errors.js';
export type { ErrorCode } from './core/errors.js';
export { systemClock, createFixedClock } from './core/clock.js';
export type { Clock } from './core/clock.js';
export { randomIds, createSeededIds } from './core/ids.js';
export type { IdGenerator } from './core/ids.js';
export { renderMemories, MEMP_GUIDELINES_LEAD, MEMORY_OPEN_TAG, MEMORY_CLOSE_TAG } from './core/render/render-memories.js';
export type { MemoryFormat, RenderMemoriesOptions } from './core/render/render-memories.js';
export { estimateTokens } from './core/render/estimate-tokens.js';
export { extractKeywords } from './core/text/keywords.js';

// Ports
export type {
  MemoryStore, ChangeSet, ChangeResult, MemoryCreate, MemoryUpdate, MemoryUsage, MemoryVectors, EmbeddingSpace,
  VectorSearch, VectorHit, VectorField, MemoryListQuery, NamespaceStats, StoreCapabilities, Reembedding,
} from './ports/memory-store.js';
export type { Embedder } from './ports/embedder.js';
export type { Environment, EnvironmentReset, EnvironmentStep } from './ports/environment.js';
export type { Agent, EpisodeResult } from './ports/agent.js';

// Policies
export { BUILD_POLICY_NAMES } from './policies/build/build-policy.js';
export type { BuildPolicy, BuildPolicyName, BuiltProcedure } from './policies/build/build-policy.js';
export { createBuildPolicy } from './policies/build/create-build-policy.js';
export type { ScriptWriter } from './policies/build/script-writer.js';
export { createOfflineScriptWriter } from './policies/build/offline-script-writer.js';
export { ALFWORLD_ACTION_GRAMMAR } from './policies/build/action-grammar.js';
export type { ActionGrammar } from './policies/build/action-grammar.js';
export { RETRIEVE_POLICY_NAMES } from './policies/retrieve/retrieve-policy.js';
export type { RetrievePolicy, RetrievePolicyName, RetrieveRequest, RetrieveContext, RetrieveHit } from './policies/retrieve/retrieve-policy.js';
export { createRetrievePolicy } from './policies/retrieve/create-retrieve-policy.js';
export type { KeywordExtractor } from './policies/retrieve/keyword-extractor.js';
export { createOfflineKeywordExtractor } from './policies/retrieve/offline-keyword-extractor.js';
export { UPDATE_POLICY_NAMES } from './policies/update/update-policy.js';
export type { UpdatePolicy, UpdatePolicyName, UpdateDecision } from './policies/update/update-policy.js';
export { createUpdatePolicy } from './policies/update/create-update-policy.js';
export type { Adjuster, Adjustment } from './policies/update/adjuster.js';
export { createOfflineAdjuster } from './policies/update/offline-adjuster.js';
export { DEFAULT_DEPRECATION_RULE, shouldDeprecate } from './policies/update/deprecation-rule.js';
export type { DeprecationRule } from './policies/update/deprecation-rule.js';

// Adapters
export { createInMemoryMemoryStore } from './adapters/stores/in-memory/in-memory-memory-store.js';
export { createSqliteMemoryStore } from './adapters/stores/sqlite/sqlite-memory-store.js';
export { createHashingEmbedder } from './adapters/embedders/hashing-embedder.js';
export { createAiSdkEmbedder } from './adapters/embedders/ai-sdk-embedder.js';
export type { AiSdkEmbedderOptions } from './adapters/embedders/ai-sdk-embedder.js';

// LLM (Vercel AI SDK): model specs, the gateway, the LLM policies, the build-output cache
export { MODEL_PROVIDERS, OFFLINE_EMBEDDER_SPECS, parseModelSpec, parseEmbedderSpec } from './adapters/llm/model-spec.js';
export type { ModelProvider, ModelSpec, EmbedderSpec, OfflineEmbedderSpec } from './adapters/llm/model-spec.js';
export { PROVIDER_KEY_VARIABLES } from './adapters/llm/provider-settings.js';
export type { Env } from './adapters/llm/provider-settings.js';
export { createLanguageModel } from './adapters/llm/create-language-model.js';
export type { CreateLanguageModelOptions, ProviderLanguageModel } from './adapters/llm/create-language-model.js';
export { createEmbeddingModelFromSpec, createEmbedderFromSpec } from './adapters/llm/create-embedder-from-spec.js';
export type { CreateEmbeddingModelOptions, CreateEmbedderFromSpecOptions, ProviderEmbeddingModel } from './adapters/llm/create-embedder-from-spec.js';
export { createLlmGateway } from './adapters/llm/llm-gateway.js';
export type { LlmGateway, LlmGatewayOptions, LlmRequest, LlmResponse, LlmTokenUsage, LlmUsage } from './adapters/llm/llm-gateway.js';
export { createLlmGatewayFromSpec } from './adapters/llm/create-llm-gateway-from-spec.js';
export type { LlmGatewayFromSpecOptions } from './adapters/llm/create-llm-gateway-from-spec.js';
export { isLlmGateway, languageModelId, toLlmGateway } from './adapters/llm/to-llm-gateway.js';
export { buildCacheKeyString, createInMemoryBuildCache, hashText, hashTrajectoryContent } from './adapters/llm/build-cache.js';
export type { BuildCache, BuildCacheKey } from './adapters/llm/build-cache.js';
export { createFileBuildCache } from './adapters/llm/file-build-cache.js';
export { SCRIPT_PROMPT_VERSION, createLlmScriptWriter } from './adapters/llm/llm-script-writer.js';
export type { LlmScriptWriterOptions } from './adapters/llm/llm-script-writer.js';
export { KEYWORDS_PROMPT_VERSION, createLlmKeywordExtractor } from './adapters/llm/llm-keyword-extractor.js';
export { createLlmAdjuster } from './adapters/llm/llm-adjuster.js';

// Environments: ALFWorld
export {
  loadAlfworldGame, parseAlfworldGame, findAlfworldGames, loadAlfworldSplit, alfworldTaskType, ALFWORLD_TASK_TYPES,
  AlfworldSimulator, ALFWORLD_MAX_STEPS, createAlfworldEnvironment, generateAlfworldGames, generateAlfworldGameFiles,
  writeAlfworldGameFiles, replayWalkthrough,
} from './adapters/envs/alfworld/index.js';
export type {
  AlfworldGame, AlfworldGameFile, AlfworldTaskType, AlfworldEnvironment, AlfworldEnvironmentOptions,
  AlfworldSimulatorOptions, AlfworldStepResult, GenerateAlfworldGamesOptions, GeneratedGameFile,
} from './adapters/envs/alfworld/index.js';

// Agents
export { createOfflineAgent } from './adapters/agents/offline-agent.js';
export type { OfflineAgentOptions } from './adapters/agents/offline-agent.js';
export { createExpertAgent, walkthroughOfCurrentGame } from './adapters/agents/expert-agent.js';
export type { ExpertAgentOptions, WalkthroughLookup } from './adapters/agents/expert-agent.js';
export { createReactAgent } from './adapters/agents/react/react-agent.js';
export type { ReactAgentOptions } from './adapters/agents/react/react-agent.js';
export { ALFWORLD_REACT_SYSTEM_PROMPT } from './adapters/agents/react/alfworld-react-prompt.js';
