// The core entry point `memp`: the engine, the domain, the ports, the generic policies, the in-memory store and the
// offline embedder. It loads no native module, no provider SDK and no benchmark (test/import-cost.test.ts checks).
// Other entry points: memp/sqlite, memp/postgres, memp/ai, memp/server, memp/alfworld, memp/travelplanner,
// memp/testing. Explicit named exports only.

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
export {
  MemorySchema,
  MemoryContentSchema,
  MemoryKindSchema,
  MemoryStatusSchema,
  memoryContent,
} from './core/memory.js';
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
export {
  renderMemories,
  MEMP_GUIDELINES_LEAD,
  MEMORY_OPEN_TAG,
  MEMORY_CLOSE_TAG,
} from './core/render/render-memories.js';
export type { MemoryFormat, RenderMemoriesOptions } from './core/render/render-memories.js';
export { estimateTokens } from './core/render/estimate-tokens.js';
export { extractKeywords } from './core/text/keywords.js';

// Ports
export type {
  MemoryStore,
  ChangeSet,
  ChangeResult,
  MemoryCreate,
  MemoryUpdate,
  MemoryUsage,
  MemoryVectors,
  EmbeddingSpace,
  VectorSearch,
  VectorHit,
  VectorField,
  MemoryListQuery,
  NamespaceStats,
  StoreCapabilities,
  Reembedding,
} from './ports/memory-store.js';
export type { Embedder } from './ports/embedder.js';
export { API_KEY_ROLES } from './ports/api-key-store.js';
export type { ApiKeyStore, ApiKeyRecord, ApiKeyRole, StoredApiKey } from './ports/api-key-store.js';
export type { Environment, EnvironmentReset, EnvironmentStep } from './ports/environment.js';
export type { Agent, EpisodeResult } from './ports/agent.js';

// Policies
export { BUILD_POLICY_NAMES } from './policies/build/build-policy.js';
export type { BuildPolicy, BuildPolicyName, BuiltProcedure } from './policies/build/build-policy.js';
export { createBuildPolicy } from './policies/build/create-build-policy.js';
export type { ScriptWriter } from './policies/build/script-writer.js';
export { createOfflineScriptWriter } from './policies/build/offline-script-writer.js';
export { GENERIC_ACTION_GRAMMAR, isFailedObservation } from './policies/build/action-grammar.js';
export type { ActionGrammar } from './policies/build/action-grammar.js';
export { RETRIEVE_POLICY_NAMES } from './policies/retrieve/retrieve-policy.js';
export type {
  RetrievePolicy,
  RetrievePolicyName,
  RetrieveRequest,
  RetrieveContext,
  RetrieveHit,
} from './policies/retrieve/retrieve-policy.js';
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

// Adapters without native modules or provider SDKs
export { createInMemoryMemoryStore } from './adapters/stores/in-memory/in-memory-memory-store.js';
export { createInMemoryApiKeyStore } from './adapters/stores/in-memory/in-memory-api-key-store.js';
export { createHashingEmbedder } from './adapters/embedders/hashing-embedder.js';

// Language models (the AI SDK's LanguageModel port; provider factories are in memp/ai)
export { createLlmGateway } from './adapters/llm/llm-gateway.js';
export type {
  LlmGateway,
  LlmGatewayOptions,
  LlmRequest,
  LlmResponse,
  LlmTokenUsage,
  LlmUsage,
} from './adapters/llm/llm-gateway.js';
export { isLlmGateway, languageModelId, toLlmGateway } from './adapters/llm/to-llm-gateway.js';
export {
  buildCacheKeyString,
  createInMemoryBuildCache,
  hashText,
  hashTrajectoryContent,
} from './adapters/llm/build-cache.js';
export type { BuildCache, BuildCacheKey } from './adapters/llm/build-cache.js';
export { SCRIPT_PROMPT_VERSION, createLlmScriptWriter } from './adapters/llm/llm-script-writer.js';
export type { LlmScriptWriterOptions } from './adapters/llm/llm-script-writer.js';
export { KEYWORDS_PROMPT_VERSION, createLlmKeywordExtractor } from './adapters/llm/llm-keyword-extractor.js';
export { createLlmAdjuster } from './adapters/llm/llm-adjuster.js';
