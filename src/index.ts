// The core entry point `memp`: the engine, the domain, the ports, the generic policies, the in-memory store and the
// offline embedder. It loads no native module, no provider SDK and no benchmark (test/import-cost.test.ts checks).
// Other entry points: memp/sqlite, memp/postgres, memp/ai, memp/server, memp/alfworld, memp/travelplanner,
// memp/testing. Explicit named exports only.

export { createHashingEmbedder } from './adapters/embedders/hashing-embedder.js';
export type { BuildCache, BuildCacheKey } from './adapters/llm/build-cache.js';
export {
  buildCacheKeyString,
  createInMemoryBuildCache,
  hashText,
  hashTrajectoryContent,
} from './adapters/llm/build-cache.js';
export { createLlmAdjuster } from './adapters/llm/llm-adjuster.js';
export type {
  LlmGateway,
  LlmGatewayOptions,
  LlmRequest,
  LlmResponse,
  LlmTokenUsage,
  LlmUsage,
} from './adapters/llm/llm-gateway.js';
// Language models (the AI SDK's LanguageModel port; provider factories are in memp/ai)
export { createLlmGateway } from './adapters/llm/llm-gateway.js';
export { createLlmKeywordExtractor, KEYWORDS_PROMPT_VERSION } from './adapters/llm/llm-keyword-extractor.js';
export type { LlmScriptWriterOptions } from './adapters/llm/llm-script-writer.js';
export { createLlmScriptWriter, SCRIPT_PROMPT_VERSION } from './adapters/llm/llm-script-writer.js';
export { isLlmGateway, languageModelId, toLlmGateway } from './adapters/llm/to-llm-gateway.js';
// Adapters without native modules or provider SDKs
export { createInMemoryMemoryStore } from './adapters/stores/in-memory/in-memory-memory-store.js';
export type { Clock } from './core/clock.js';
export { createFixedClock, systemClock } from './core/clock.js';
export type { ErrorCode } from './core/errors.js';
export { ERROR_CODES, isMempError, MempError } from './core/errors.js';
export type { IdGenerator } from './core/ids.js';
export { createSeededIds, randomIds } from './core/ids.js';
export type { Memory, MemoryContent, MemoryKind, MemoryStats, MemoryStatus, Provenance } from './core/memory.js';
export {
  MemoryContentSchema,
  MemoryKindSchema,
  MemorySchema,
  MemoryStatusSchema,
  memoryContent,
} from './core/memory.js';
export { DEFAULT_NAMESPACE, NamespaceSchema } from './core/namespace.js';
export { estimateTokens } from './core/render/estimate-tokens.js';
export type { MemoryFormat, RenderMemoriesOptions } from './core/render/render-memories.js';
export {
  MEMORY_CLOSE_TAG,
  MEMORY_OPEN_TAG,
  MEMP_GUIDELINES_LEAD,
  renderMemories,
} from './core/render/render-memories.js';
export type { RetrievalKey, Retrieved } from './core/retrieved.js';
export type { Revision, RevisionReason } from './core/revision.js';
export { RevisionSchema } from './core/revision.js';
export type { Step } from './core/step.js';
// Domain
export { StepSchema } from './core/step.js';
export { extractKeywords } from './core/text/keywords.js';
export type { Outcome, Trajectory, TrajectoryInput } from './core/trajectory.js';
export { OutcomeSchema, TrajectoryInputSchema, TrajectorySchema } from './core/trajectory.js';
export type { LearnOptions, Memp, RetrieveOptions } from './engine/create-memp.js';
// Engine
export { createMemp } from './engine/create-memp.js';
export type { ExportHeader, ExportLine } from './engine/export-format.js';
export { EXPORT_FORMAT_VERSION, ExportHeaderSchema, ExportLineSchema } from './engine/export-format.js';
export type { ImportResult } from './engine/import-memories.js';
export type { LearnResult } from './engine/learn-planner.js';
export type { MempOptions } from './engine/memp-options.js';
export type { ActionGrammar } from './policies/build/action-grammar.js';
export { GENERIC_ACTION_GRAMMAR, isFailedObservation } from './policies/build/action-grammar.js';
export type { BuildPolicy, BuildPolicyName, BuiltProcedure } from './policies/build/build-policy.js';
// Policies
export { BUILD_POLICY_NAMES } from './policies/build/build-policy.js';
export { createBuildPolicy } from './policies/build/create-build-policy.js';
export { createOfflineScriptWriter } from './policies/build/offline-script-writer.js';
export type { ScriptWriter } from './policies/build/script-writer.js';
export { createRetrievePolicy } from './policies/retrieve/create-retrieve-policy.js';
export type { KeywordExtractor } from './policies/retrieve/keyword-extractor.js';
export { createOfflineKeywordExtractor } from './policies/retrieve/offline-keyword-extractor.js';
export type {
  RetrieveContext,
  RetrieveHit,
  RetrievePolicy,
  RetrievePolicyName,
  RetrieveRequest,
} from './policies/retrieve/retrieve-policy.js';
export { RETRIEVE_POLICY_NAMES } from './policies/retrieve/retrieve-policy.js';
export type { Adjuster, Adjustment } from './policies/update/adjuster.js';
export { createUpdatePolicy } from './policies/update/create-update-policy.js';
export type { DeprecationRule } from './policies/update/deprecation-rule.js';
export { DEFAULT_DEPRECATION_RULE, shouldDeprecate } from './policies/update/deprecation-rule.js';
export { createOfflineAdjuster } from './policies/update/offline-adjuster.js';
export type { UpdateDecision, UpdatePolicy, UpdatePolicyName } from './policies/update/update-policy.js';
export { UPDATE_POLICY_NAMES } from './policies/update/update-policy.js';
export type { Agent, EpisodeResult } from './ports/agent.js';
export type { ApiKeyRecord, ApiKeyRole, ApiKeyStore, StoredApiKey } from './ports/api-key-store.js';
export { API_KEY_ROLES } from './ports/api-key-store.js';
export type { Embedder } from './ports/embedder.js';
export type { Environment, EnvironmentReset, EnvironmentStep } from './ports/environment.js';
// Ports
export type {
  ChangeResult,
  ChangeSet,
  EmbeddingSpace,
  MemoryCreate,
  MemoryListQuery,
  MemoryStore,
  MemoryUpdate,
  MemoryUsage,
  MemoryVectors,
  NamespaceStats,
  Reembedding,
  StoreCapabilities,
  VectorField,
  VectorHit,
  VectorSearch,
} from './ports/memory-store.js';
