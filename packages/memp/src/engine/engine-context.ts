import type { Clock } from '../core/clock.js';
import type { IdGenerator } from '../core/ids.js';
import { DEFAULT_NAMESPACE } from '../core/namespace.js';
import type { MemoryFormat } from '../core/render/render-memories.js';
import { type InputLimits, resolveInputLimits } from '../core/input-limits.js';
import type { Embedder } from '../ports/embedder.js';
import type { MemoryStore } from '../ports/memory-store.js';
import type { KeywordExtractor } from '../ports/keyword-extractor.js';
import type { RetrievePolicy } from '../policies/retrieve/retrieve-policy.js';
import type { ConsolidationRule } from '../policies/update/consolidation-rule.js';
import type { Merger } from '../ports/merger.js';
import type { RetentionRule } from '../policies/update/retention-rule.js';
import { checkNamespace, checkPositiveInt } from './check-request.js';
import { type ConflictRetry, resolveConflictRetry } from './conflict-retry.js';
import { consolidationRule, resolveConsolidation, retentionFor } from './consolidation-settings.js';
import type { EngineParts } from './engine-parts.js';
import { MempError } from '../core/errors.js';
import { RANKINGS, type Ranking } from '../policies/retrieve/utility-ranking.js';
import type { LearnPlannerDeps } from './learn-planner.js';
import type { MempOptions } from './memp-options.js';

/** The settings of {@link MempOptions} the engine reads itself (the rest chose its {@link EngineParts}). */
export type EngineSettings = Pick<
  MempOptions,
  | 'k'
  | 'minScore'
  | 'maxTokens'
  | 'namespace'
  | 'format'
  | 'consolidate'
  | 'retention'
  | 'limits'
  | 'seed'
  | 'conflictRetry'
  | 'trust'
  | 'rank'
  | 'lessons'
>;

/** What every operation of one engine shares: its parts and its settings, resolved and validated once. */
export interface EngineContext {
  readonly store: MemoryStore;
  readonly embedder: Embedder;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly keywords: KeywordExtractor;
  /** The collaborators of learning (build, update, adjuster, deprecation, fallback, …). */
  readonly learner: LearnPlannerDeps;
  /** The default retrieval policy. */
  readonly retrievePolicy: RetrievePolicy;
  /** Seed of a retrieval policy named in a call (`random` is reproducible). */
  readonly seed: number | undefined;
  /** Memories per retrieval when a call gives no `k`. */
  readonly k: number;
  readonly minScore: number | undefined;
  readonly maxTokens: number | undefined;
  /** How retrieval orders procedures when a call does not say. */
  readonly rank: Ranking;
  /** Most lessons served beside the procedures when a call does not say. */
  readonly lessons: number;
  /** Default prompt format of `render`. */
  readonly format: MemoryFormat;
  /** Size limits of every input (learn, edit, import, retrieve). */
  readonly limits: InputLimits;
  /** Attempts and backoff of a learn that meets a concurrent writer. */
  readonly conflictRetry: ConflictRetry;
  /** The consolidation rule applied on learn; undefined when consolidation on learn is off. */
  readonly consolidation: ConsolidationRule | undefined;
  /** The rule of `consolidate()`: the one on learn, else the configured or default thresholds. */
  readonly consolidateRule: ConsolidationRule;
  readonly merger: Merger | undefined;
  /** Retention limits of `namespace` (undefined: none); `INVALID_ARGUMENT` naming a bad limit. */
  retention(namespace: string): RetentionRule | undefined;
  /** The namespace a call means (the engine's default when undefined), validated (`INVALID_ARGUMENT`). */
  namespace(namespace: string | undefined): string;
}

/** The engine's default ranking (`similarity` when not given); `INVALID_ARGUMENT` for an unknown one. */
function resolveRanking(rank: unknown): Ranking {
  if (rank === undefined) return 'similarity';
  if (typeof rank === 'string' && (RANKINGS as readonly string[]).includes(rank)) return rank as Ranking;
  throw new MempError('INVALID_ARGUMENT', `rank must be one of ${RANKINGS.join(', ')}`, { details: { field: 'rank' } });
}

function checkNonNegativeInt(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    throw new MempError('INVALID_ARGUMENT', `${field} must be a non-negative integer`, { details: { field } });
  return value;
}

/** Resolves and validates the settings of an engine over its parts; `INVALID_ARGUMENT` names a bad setting. */
export function createEngineContext(options: { parts: EngineParts; settings: EngineSettings }): EngineContext {
  const { parts, settings } = options;
  const consolidation = resolveConsolidation(settings.consolidate);
  const consolidateRule =
    consolidation ?? consolidationRule(typeof settings.consolidate === 'object' ? settings.consolidate : {});
  const limits = resolveInputLimits(settings.limits);
  const k = checkPositiveInt(settings.k ?? 3, 'k');
  const { store, embedder, clock, ids, keywords } = parts;
  const learner: LearnPlannerDeps = {
    store,
    embedder,
    clock,
    ids,
    keywords,
    build: parts.build,
    update: parts.update,
    adjuster: parts.adjuster,
    lessons: parts.lessons,
    deprecation: parts.deprecation,
    confirmations: checkPositiveInt(settings.trust?.confirmations ?? 2, 'trust.confirmations'),
    ...(parts.fallback ? { fallback: parts.fallback } : {}),
  };
  return {
    store,
    embedder,
    clock,
    ids,
    keywords,
    learner,
    retrievePolicy: parts.retrieve,
    seed: settings.seed,
    k,
    minScore: settings.minScore,
    maxTokens: settings.maxTokens,
    rank: resolveRanking(settings.rank),
    lessons: settings.lessons === undefined ? 3 : checkNonNegativeInt(settings.lessons, 'lessons'),
    format: settings.format ?? 'memp',
    limits,
    conflictRetry: resolveConflictRetry(settings.conflictRetry, settings.seed),
    consolidation,
    consolidateRule,
    merger: parts.merger,
    retention: (namespace) => retentionFor(settings.retention, namespace),
    namespace: (namespace) => checkNamespace(namespace ?? settings.namespace ?? DEFAULT_NAMESPACE),
  };
}
