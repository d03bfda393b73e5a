import type { LearnIdentity } from './learn-once.js';
import type { ErrorCode } from '../core/errors.js';
import type { Clock } from '../core/clock.js';
import type { IdGenerator } from '../core/ids.js';
import type { Attribution } from '../core/evidence.js';
import type { Trajectory } from '../core/trajectory.js';
import type { Embedder } from '../ports/embedder.js';
import type { ChangeSet, MemoryStore, MemoryVectors } from '../ports/memory-store.js';
import type { BuildPolicy } from '../policies/build/build-policy.js';
import type { KeywordExtractor } from '../ports/keyword-extractor.js';
import type { Adjuster } from '../ports/adjuster.js';
import type { LessonWriter } from '../ports/lesson-writer.js';
import type { DeprecationRule } from '../policies/update/deprecation-rule.js';
import type { UpdatePolicy } from '../policies/update/update-policy.js';
import { embedMemoryTexts } from './embed-memory-texts.js';
import { type EpisodePlan, planEpisode } from './plan-episode.js';
import { type UsedMemoryReads, readUsedMemories } from './used-memory-reads.js';

/** One finished episode to learn from. */
export interface LearnItem {
  trajectory: Trajectory;
  /** Ids of the memories retrieved for the episode. */
  used: readonly string[];
  /** Where the item came from (e.g. `file.jsonl line 3`), for error messages. */
  where?: string;
  /** What makes the learn recognisable when made again (idempotent learns, see `learn-once.ts`). */
  identity?: LearnIdentity;
  /** Who it comes from; kept with the evidence it adds and deciding what it may rewrite. */
  attribution: Attribution;
}

/** What learning one episode changed. */
export interface LearnResult {
  trajectoryId: string;
  /** Id of the memory built from the trajectory, if the update policy added one. */
  created?: string;
  /**
   * Id of the memory that absorbed this trajectory (consolidation): set instead of `created` when an existing
   * memory absorbed it, and beside `created` when the created memory was merged right after into a duplicate
   * learned concurrently.
   */
  mergedInto?: string;
  /** Id of the `lesson` memory distilled from the trajectory, if the update policy asked for one (`evidence`). */
  lesson?: string;
  /** Ids of used memories corrected in place (Adjustment). */
  adjusted: string[];
  /**
   * Ids of memories whose served content this episode would have replaced (an Adjustment rewrite, a consolidation
   * replacement) but may not by itself: the change waits beside the memory as a candidate until confirmed.
   */
  candidates?: string[];
  /** Ids of used memories deprecated by this episode. */
  deprecated: string[];
  /** True when the model failed and the memory was built offline (marked `provenance.pendingRebuild`). */
  builtOffline?: boolean;
  /**
   * Set when the episode was learned (committed) but the upkeep that follows a learn failed: merging a duplicate
   * created concurrently or applying retention limits. The learn stands; the next learn applies retention again and
   * `consolidate()` settles both. Undefined when the upkeep succeeded.
   */
  upkeepError?: { code: ErrorCode; message: string };
  /**
   * True when this learn was recognised as one made before (the same content digest in the namespace, or the same
   * idempotency key): nothing was written and the fields above are the first learn's result.
   */
  replayed?: boolean;
}

/** The collaborators the planner needs. */
export interface LearnPlannerDeps {
  store: MemoryStore;
  embedder: Embedder;
  build: BuildPolicy;
  update: UpdatePolicy;
  keywords: KeywordExtractor;
  adjuster: Adjuster;
  /** Distils lessons when the update policy asks for one (`evidence`); undefined: no lesson is made. */
  lessons?: LessonWriter;
  deprecation: DeprecationRule | false;
  clock: Clock;
  ids: IdGenerator;
  /** Distinct witnesses that confirm a candidate (its proposer included). */
  confirmations: number;
  /**
   * Offline build and keywords used when the model's build or keyword call fails (`PROVIDER_FAILED`,
   * `PROVIDER_OUTPUT_INVALID`): the memory is kept, marked `provenance.pendingRebuild`. Undefined: the error
   * fails the learn call.
   */
  fallback?: { build: BuildPolicy; keywords: KeywordExtractor };
}

/**
 * Plans the memory changes of a batch of finished episodes as ONE {@link ChangeSet}, so the store applies all
 * of them or none. Episodes are planned in order ({@link planEpisode}) against a working copy of the memories they
 * touch: a memory changed twice in the batch gets two updates with consecutive expected versions. The used
 * memories are read here ({@link readUsedMemories}) unless `reads` brings them, read beforehand.
 */
export async function planLearning(options: {
  namespace: string;
  items: readonly LearnItem[];
  deps: LearnPlannerDeps;
  /**
   * The used memories, read beforehand (together with other reads: see `learnOnce`), for these items' `used` ids or
   * more (only these items' are planned with). Undefined: read here.
   */
  reads?: UsedMemoryReads | undefined;
}): Promise<{ change: ChangeSet; results: LearnResult[] }> {
  const { namespace, items, deps } = options;
  const plan: EpisodePlan = {
    namespace,
    at: deps.clock.now(),
    working: new Map(),
    creates: [],
    updates: [],
    usage: [],
    evidence: new Map(),
    newEvidence: [],
    successes: items.filter((item) => item.trajectory.outcome.success).map((item) => item.trajectory),
  };
  const wanted = [...new Set(items.flatMap((item) => item.used))];
  if (wanted.length > 0) {
    const reads = options.reads ?? (await readUsedMemories({ store: deps.store, namespace, ids: wanted }));
    const kept = new Set(wanted);
    for (const memory of reads.memories) if (kept.has(memory.id)) plan.working.set(memory.id, memory);
    for (const record of reads.evidence) {
      if (!kept.has(record.memoryId)) continue;
      plan.evidence.set(record.memoryId, [...(plan.evidence.get(record.memoryId) ?? []), record]);
    }
  }
  const results: LearnResult[] = [];
  for (const [index, item] of items.entries()) results.push(await planEpisode({ plan, item, index, deps }));

  const { creates } = plan;
  const vectors = await embedMemoryTexts(
    deps.embedder,
    creates.map((c) => c.memory),
  );
  creates.forEach((c, i) => {
    c.vectors = vectors[i] as MemoryVectors;
  });
  const change: ChangeSet = {
    namespace,
    at: plan.at,
    space: { embedder: deps.embedder.id, dimension: deps.embedder.dimension },
    trajectories: items.map((item) => item.trajectory),
    create: creates,
    update: plan.updates,
    usage: plan.usage,
    evidence: plan.newEvidence,
  };
  return { change, results };
}
