import type { LanguageModel } from 'ai';
import type { Clock } from '../core/clock.js';
import type { DEFAULT_INPUT_LIMITS, InputLimits } from '../core/input-limits.js';
import type { IdGenerator } from '../core/ids.js';
import type { MemoryFormat } from '../core/render/render-memories.js';
import type { Embedder } from '../ports/embedder.js';
import type { MemoryStore } from '../ports/memory-store.js';
import type { BuildCache } from '../ports/build-cache.js';
import type { LlmGateway } from '../ports/llm-gateway.js';
import type { GENERIC_ACTION_GRAMMAR } from '../policies/build/action-grammar.js';
import type { ActionGrammar } from '../ports/action-grammar.js';
import type { BuildPolicy, BuildPolicyName } from '../policies/build/build-policy.js';
import type { WorkedExampleOptions } from '../policies/build/distill-example.js';
import type { ScriptWriter } from '../ports/script-writer.js';
import type { KeywordExtractor } from '../ports/keyword-extractor.js';
import type { HybridSettings } from '../policies/retrieve/hybrid-settings.js';
import type { RetrievePolicy, RetrievePolicyName } from '../policies/retrieve/retrieve-policy.js';
import type { Ranking } from '../policies/retrieve/utility-ranking.js';
import type { Adjuster } from '../ports/adjuster.js';
import type { LessonWriter } from '../ports/lesson-writer.js';
import type { DeprecationRule } from '../policies/update/deprecation-rule.js';
import type { UpdatePolicy, UpdatePolicyName } from '../policies/update/update-policy.js';
import type { Merger } from '../ports/merger.js';
import type { ConflictRetryOptions } from './conflict-retry.js';
import type { ConsolidateOption, RetentionOption } from './consolidation-settings.js';

/** Options of {@link createMemp}. Every field has a default that runs offline with no API key. */
export interface MempOptions {
  /**
   * Where memories live. Default: a fresh in-memory store (lost when the process ends); pass
   * `createSqliteMemoryStore` from `memp/sqlite` or `createPostgresMemoryStore` from `memp/postgres` to keep them.
   * `close()` closes it.
   */
  store?: MemoryStore;
  /** Embeds tasks and keywords. Default: the offline hashing embedder (512 dimensions). */
  embedder?: Embedder;
  /** Build policy (name or object). Default `proceduralization`, the paper's best. */
  build?: BuildPolicyName | BuildPolicy;
  /** Retrieval policy (name or object). Default `query`. */
  retrieve?: RetrievePolicyName | RetrievePolicy;
  /** Settings of the `hybrid` retrieval policy (field weights, fusion, diversity, synonyms, expansion). */
  hybrid?: HybridSettings;
  /** Update policy (name or object). Default `adjustment`, the paper's best. */
  update?: UpdatePolicyName | UpdatePolicy;
  /** Memories per retrieval. Default 3. */
  k?: number;
  /** Minimum similarity for a retrieved memory (not applied to `random`). Default: none. */
  minScore?: number;
  /**
   * How retrieval orders procedures: `similarity` (the paper's) or `utility` (similar candidates re-ranked by an
   * optimistic estimate of success when followed, so proven memories win ties and new ones still get tried).
   * Default `similarity` (README, "Utility-aware ranking", for the measurement).
   */
  rank?: Ranking;
  /** Most `lesson` memories (from the `evidence` update policy) served beside the procedures per retrieval. Default 3. */
  lessons?: number;
  /** Estimated-token budget for the guidance of retrieved memories. Default: none. */
  maxTokens?: number;
  /** Namespace used when a call names none. Default `default`. */
  namespace?: string;
  /**
   * A language model for the paper's LLM policies: an AI SDK model (wrapped in a gateway with default limits) or an
   * {@link LlmGateway} (share one gateway between the engine and an agent so one token budget and one usage count
   * cover the run). When given, the LLM script writer, keyword extractor and adjuster are the defaults and new
   * memories record the model id as `provenance.builtBy`; explicit `scriptWriter`/`keywords`/`adjuster` still win.
   * Default: none (offline policies).
   */
  model?: LanguageModel | LlmGateway;
  /** Cache of LLM build outputs (scripts, keywords), so a rerun does not pay twice. Default: none. */
  buildCache?: BuildCache;
  /** Writes scripts for `script`/`proceduralization`. Default: the LLM writer with `model`, else the offline distiller. */
  scriptWriter?: ScriptWriter;
  /** Extracts keywords of tasks (AveFact and memory tagging). Default: the LLM extractor with `model`, else offline content words. */
  keywords?: KeywordExtractor;
  /** Corrects used memories under `adjustment`. Default: the LLM adjuster with `model`, else the offline adjuster. */
  adjuster?: Adjuster;
  /**
   * Distils failed episodes into `lesson` memories under the `evidence` update policy. Default: the LLM writer with
   * `model`, else the offline writer (the trajectory alone, read with `grammar`).
   */
  lessonWriter?: LessonWriter;
  /** The environment's action grammar, for the offline policies. Default: {@link GENERIC_ACTION_GRAMMAR} (ALFWorld's is in memp-bench: `memp-bench/alfworld`, `grammars/alfworld.json`). */
  grammar?: ActionGrammar;
  /**
   * Size cap of the distilled worked example a `proceduralization` memory keeps (and the offline adjuster writes).
   * Default: 200 estimated tokens per example, 100 characters per observation.
   */
  example?: WorkedExampleOptions;
  /** Deprecation rule, or `false` to never deprecate. Default: ≥ 3 hits and success rate < 0.5. */
  deprecation?: DeprecationRule | false;
  /** Clock for timestamps. Default: the wall clock. */
  clock?: Clock;
  /** Id generator. Default: random ids, or seeded ones when `seed` is given. */
  ids?: IdGenerator;
  /** Seed for ids and random retrieval, for reproducible runs. */
  seed?: number;
  /** Default prompt format of `render`. Default `memp`. */
  format?: MemoryFormat;
  /**
   * Consolidation on learn: a new memory that says what an active memory already says is absorbed by it (support
   * grows, revision `merge`) instead of created. `true`: the default `ConsolidationRule`; a partial rule: other
   * thresholds; `false`: the paper's behaviour. Default `false` (see README, "Consolidation", for the measurement).
   */
  consolidate?: ConsolidateOption;
  /** Merges clusters in `consolidate()`. Default: the LLM merger with `model`, else none (the shortest procedure survives as is). */
  merger?: Merger;
  /**
   * Retention limits (maximum active memories, expiry of unused ones), optionally per namespace; applied after every
   * learn and by `consolidate()`. Evicted memories are deprecated (reason `retention`), never deleted. Default: none.
   */
  retention?: RetentionOption;
  /**
   * Size limits of every input, one set applied by `learn`, `edit`, `importFrom` and `retrieve` (so by every
   * surface): steps, task, action/observation/thought, ids, notes, and one trajectory or memory in total. Over them
   * the call fails with `PAYLOAD_TOO_LARGE` naming the field and the limit. Default {@link DEFAULT_INPUT_LIMITS}.
   */
  limits?: Partial<InputLimits>;
  /**
   * Retries of a learn whose commit met a concurrent writer (`CONFLICT`): attempts and a jittered exponential
   * backoff between them, with an injectable sleep and random source. Default: 8 attempts, delays capped at
   * 10 ms · 2^(n−1) and 1 s.
   */
  conflictRetry?: ConflictRetryOptions;
  /**
   * When the model fails while building a memory (`PROVIDER_FAILED`, `PROVIDER_OUTPUT_INVALID`): `offline` (default)
   * keeps the episode, building its memory with the offline policies and marking it `provenance.pendingRebuild`
   * (see `rebuild`); `fail` makes `learn` fail and store nothing.
   */
  onBuildError?: 'fail' | 'offline';
  /**
   * Trust rules (see docs/trust.md). `confirmations`: how many distinct witnesses (trusted episodes, or untrusted
   * sources) must propose the same change of a memory's served content before a candidate replaces it without an
   * admin. Default 2.
   */
  trust?: { confirmations?: number };
}
