// The core entry point `memp`: the engine, the domain, the ports, the generic policies, the in-memory store and the
// offline embedder. It loads no native module, no provider SDK and no benchmark (test/import-cost.test.ts checks).
// Other entry points: memp/sqlite, memp/postgres, memp/ai, memp/server, memp/testing, and memp/internal (helpers
// for memp's own packages, no stability promise). A name is exported from one entry point only. Explicit named
// exports only.

// Engine
export { createMemp } from './composition/create-memp.js';
export type { Memp } from './engine/create-memp.js';
export type { RetrieveOptions } from './engine/retrieve-memories.js';
export type { LearnOptions } from './engine/learn-episodes.js';
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
export { MemorySchema, MemoryContentSchema, MemoryKindSchema, MemoryStatusSchema } from './core/memory.js';
export type { Memory, MemoryContent, MemoryKind, MemoryStatus, MemoryStats, Provenance } from './core/memory.js';
export { LessonSchema, lessonText, readLesson } from './core/lesson.js';
export type { Lesson } from './core/lesson.js';
export { RevisionSchema } from './core/revision.js';
export type { Revision, RevisionReason } from './core/revision.js';
export {
  AttributionSchema,
  EvidenceRecordSchema,
  EvidenceKindSchema,
  TrustLevelSchema,
  LOCAL_SOURCE,
  witnessOf,
} from './core/evidence.js';
export type { Attribution, EvidenceRecord, EvidenceKind, Proposal, TrustLevel } from './core/evidence.js';
export type { Retrieved, RetrievalKey, RetrievalExplanation } from './core/retrieved.js';
export { RETRIEVAL_KEYS } from './core/retrieved.js';
export { DEFAULT_NAMESPACE, NamespaceSchema } from './core/namespace.js';
export { MempError, isMempError, ERROR_CODES } from './core/errors.js';
export type { ErrorCode } from './core/errors.js';
export { systemClock, createFixedClock } from './core/clock.js';
export type { Clock } from './core/clock.js';
export { randomIds, createSeededIds } from './core/ids.js';
export type { IdGenerator } from './core/ids.js';
export { renderMemories } from './core/render/render-memories.js';
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
  EvidenceQuery,
} from './ports/memory-store.js';
export type { LexicalSearch, LexicalHit, LexicalSearchable, LexicalField } from './ports/memory-store.js';
export { hasLexicalSearch } from './ports/memory-store.js';
export { lexicalTerms, lexicalDocument } from './core/text/lexical-terms.js';
export type { LexicalDocument } from './core/text/lexical-terms.js';
export type { Embedder } from './ports/embedder.js';
export { API_KEY_ROLES } from './ports/api-key-store.js';
export type { ApiKeyStore, ApiKeyRecord, ApiKeyRole, StoredApiKey } from './ports/api-key-store.js';

// Policies
export { BUILD_POLICY_NAMES } from './policies/build/build-policy.js';
export type { BuildPolicy, BuildPolicyName, BuiltProcedure } from './policies/build/build-policy.js';
export { createBuildPolicy } from './policies/build/create-build-policy.js';
export type { ScriptWriter } from './ports/script-writer.js';
export { createOfflineScriptWriter } from './policies/build/offline-script-writer.js';
export { GENERIC_ACTION_GRAMMAR } from './policies/build/action-grammar.js';
export { parseActionGrammar } from './policies/build/parse-action-grammar.js';
export type { ActionGrammarFile } from './policies/build/parse-action-grammar.js';
export type { ActionGrammar } from './ports/action-grammar.js';
export { RETRIEVE_POLICY_NAMES } from './policies/retrieve/retrieve-policy.js';
export { RANKINGS, memoryEvidence, rankByUtility, utilityEstimate } from './policies/retrieve/utility-ranking.js';
export type { MemoryEvidence, Ranking } from './policies/retrieve/utility-ranking.js';
export type {
  RetrievePolicy,
  RetrievePolicyName,
  RetrieveRequest,
  RetrieveContext,
  RetrieveHit,
} from './policies/retrieve/retrieve-policy.js';
export { createRetrievePolicy } from './policies/retrieve/create-retrieve-policy.js';
export { createHybridRetrievePolicy } from './policies/retrieve/hybrid-retrieve-policy.js';
export {
  DEFAULT_HYBRID_FIELD_WEIGHTS,
  HybridSettingsSchema,
  parseHybridSettings,
} from './policies/retrieve/hybrid-settings.js';
export type { HybridSettings } from './policies/retrieve/hybrid-settings.js';
export { reciprocalRankFusion, DEFAULT_RRF_K } from './policies/retrieve/reciprocal-rank-fusion.js';
export { collapseNearDuplicates, duplicateSignature, jaccard } from './policies/retrieve/near-duplicates.js';
export type { SynonymGroups } from './policies/retrieve/synonym-expansion.js';
export type { KeywordExtractor } from './ports/keyword-extractor.js';
export { createOfflineKeywordExtractor } from './policies/retrieve/offline-keyword-extractor.js';
export { UPDATE_POLICY_NAMES } from './policies/update/update-policy.js';
export type { UpdatePolicy, UpdatePolicyName, UpdateDecision } from './policies/update/update-policy.js';
export { createUpdatePolicy } from './policies/update/create-update-policy.js';
export type { Adjuster, Adjustment } from './ports/adjuster.js';
export { createOfflineAdjuster } from './policies/update/offline-adjuster.js';
export type { LessonWriter } from './ports/lesson-writer.js';
export { createOfflineLessonWriter } from './policies/update/offline-lesson-writer.js';
export { DEFAULT_DEPRECATION_RULE } from './policies/update/deprecation-rule.js';
export type { DeprecationRule } from './policies/update/deprecation-rule.js';

// Adapters without native modules or provider SDKs
export { createInMemoryMemoryStore } from './adapters/stores/in-memory/in-memory-memory-store.js';
export { createInMemoryApiKeyStore } from './adapters/stores/in-memory/in-memory-api-key-store.js';
export { createHashingEmbedder } from './adapters/embedders/hashing-embedder.js';

// The model port: what the LLM policies call (an AI SDK LanguageModel is wrapped into one; memp/ai has the factories)
export type { LlmGateway, LlmRequest, LlmResponse, LlmTokenUsage, LlmUsage } from './ports/llm-gateway.js';
export type { BuildCache, BuildCacheKey } from './ports/build-cache.js';
export type { Merger } from './ports/merger.js';
