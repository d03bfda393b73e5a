import { MempError, isMempError } from '../core/errors.js';
import type { Clock } from '../core/clock.js';
import type { IdGenerator } from '../core/ids.js';
import { MAX_MEMORY_KEYWORDS, type Memory } from '../core/memory.js';
import type { Trajectory } from '../core/trajectory.js';
import type { Embedder } from '../ports/embedder.js';
import type {
  ChangeSet,
  MemoryCreate,
  MemoryStore,
  MemoryUpdate,
  MemoryUsage,
  MemoryVectors,
} from '../ports/memory-store.js';
import type { BuildPolicy } from '../policies/build/build-policy.js';
import type { KeywordExtractor } from '../ports/keyword-extractor.js';
import type { Adjuster } from '../ports/adjuster.js';
import { type DeprecationRule, shouldDeprecate } from '../policies/update/deprecation-rule.js';
import type { UpdatePolicy } from '../policies/update/update-policy.js';
import { embedMemoryTexts } from './embed-memory-texts.js';

/** One finished episode to learn from. */
export interface LearnItem {
  trajectory: Trajectory;
  /** Ids of the memories retrieved for the episode. */
  used: readonly string[];
  /** Where the item came from (e.g. `file.jsonl line 3`), for error messages. */
  where?: string;
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
  /** Ids of used memories corrected in place (Adjustment). */
  adjusted: string[];
  /** Ids of used memories deprecated by this episode. */
  deprecated: string[];
  /** True when the model failed and the memory was built offline (marked `provenance.pendingRebuild`). */
  builtOffline?: boolean;
}

/** The collaborators the planner needs. */
export interface LearnPlannerDeps {
  store: MemoryStore;
  embedder: Embedder;
  build: BuildPolicy;
  update: UpdatePolicy;
  keywords: KeywordExtractor;
  adjuster: Adjuster;
  deprecation: DeprecationRule | false;
  clock: Clock;
  ids: IdGenerator;
  /**
   * Offline build and keywords used when the model's build or keyword call fails (`PROVIDER_FAILED`,
   * `PROVIDER_OUTPUT_INVALID`): the memory is kept, marked `provenance.pendingRebuild`. Undefined: the error
   * fails the learn call.
   */
  fallback?: { build: BuildPolicy; keywords: KeywordExtractor };
}

/** True for the errors a model call ends with when the model, not the input, is at fault. */
function isModelFailure(error: unknown): boolean {
  return isMempError(error, 'PROVIDER_FAILED') || isMempError(error, 'PROVIDER_OUTPUT_INVALID');
}

/**
 * Builds the memory content of `trajectory`: with the policy and extractor of `deps`, or — when they fail on the
 * model and a fallback is configured — with the offline ones, reported as `offline: true`.
 */
export async function buildWithFallback(options: {
  trajectory: Trajectory;
  deps: Pick<LearnPlannerDeps, 'build' | 'keywords' | 'fallback'>;
}) {
  const { trajectory, deps } = options;
  try {
    const built = await deps.build.build({ trajectory });
    const keywords = await deps.keywords.extract({ task: trajectory.task });
    return { built, keywords: keywords.slice(0, MAX_MEMORY_KEYWORDS), offline: false };
  } catch (error) {
    if (deps.fallback === undefined || !isModelFailure(error)) throw error;
    const built = await deps.fallback.build.build({ trajectory });
    const keywords = await deps.fallback.keywords.extract({ task: trajectory.task });
    return { built: { ...built, builtBy: 'offline' }, keywords: keywords.slice(0, MAX_MEMORY_KEYWORDS), offline: true };
  }
}

/**
 * Plans the memory changes of a batch of finished episodes as ONE {@link ChangeSet}, so the store applies all
 * of them or none. Episodes are planned in order against a working copy of the memories they touch: a memory
 * changed twice in the batch gets two updates with consecutive expected versions.
 */
export async function planLearning(options: {
  namespace: string;
  items: readonly LearnItem[];
  deps: LearnPlannerDeps;
}): Promise<{ change: ChangeSet; results: LearnResult[] }> {
  const { namespace, items, deps } = options;
  const at = deps.clock.now();
  const working = new Map<string, Memory>();
  const creates: MemoryCreate[] = [];
  const updates: MemoryUpdate[] = [];
  const usage: MemoryUsage[] = [];
  const results: LearnResult[] = [];

  const wanted = [...new Set(items.flatMap((item) => item.used))];
  if (wanted.length > 0) {
    for (const memory of await deps.store.get({ namespace, ids: wanted })) working.set(memory.id, memory);
  }

  for (const [index, item] of items.entries()) {
    const { trajectory } = item;
    const used: Memory[] = [];
    for (const id of new Set(item.used)) {
      const memory = working.get(id);
      if (!memory) {
        const where = item.where === undefined ? '' : `${item.where}: `;
        throw new MempError(
          'INVALID_ARGUMENT',
          `${where}used memory "${id}" does not exist in namespace "${namespace}"`,
          {
            details: { field: 'used', id, item: index, ...(item.where === undefined ? {} : { where: item.where }) },
          },
        );
      }
      used.push(memory);
    }
    const result: LearnResult = { trajectoryId: trajectory.id, adjusted: [], deprecated: [] };
    const decision = deps.update.decide({ trajectory, used });

    for (const memory of used) {
      const stats = {
        ...memory.stats,
        retrieved: memory.stats.retrieved + 1,
        succeeded: memory.stats.succeeded + (trajectory.outcome.success ? 1 : 0),
        failed: memory.stats.failed + (trajectory.outcome.success ? 0 : 1),
        lastUsedAt: at,
      };
      usage.push({ id: memory.id, success: trajectory.outcome.success });
      working.set(memory.id, { ...memory, stats });
    }

    const deprecating = new Set<string>();
    if (deps.deprecation) {
      for (const memory of used) {
        const current = working.get(memory.id) as Memory;
        if (current.status === 'active' && shouldDeprecate(current.stats, deps.deprecation)) {
          deprecating.add(memory.id);
          updates.push({
            id: memory.id,
            expectedVersion: current.version,
            status: 'deprecated',
            reason: 'deprecation',
            note: `success rate ${current.stats.succeeded}/${current.stats.retrieved} after trajectory ${trajectory.id}`,
          });
          working.set(memory.id, { ...current, status: 'deprecated', version: current.version + 1, updatedAt: at });
          result.deprecated.push(memory.id);
        }
      }
    }

    for (const target of decision.adjust) {
      if (deprecating.has(target.id)) continue;
      const current = working.get(target.id) as Memory;
      const adjustment = await deps.adjuster.adjust({ memory: current, trajectory });
      if (!adjustment) continue;
      updates.push({
        id: current.id,
        expectedVersion: current.version,
        content: adjustment.content,
        reason: 'adjustment',
        note: adjustment.note,
      });
      working.set(current.id, { ...current, ...adjustment.content, version: current.version + 1, updatedAt: at });
      result.adjusted.push(current.id);
    }

    if (decision.add) {
      // A custom extractor may return more: a memory keeps at most MAX_MEMORY_KEYWORDS (keyword stuffing).
      const { built, keywords, offline } = await buildWithFallback({ trajectory, deps });
      if (offline) result.builtOffline = true;
      const memory: Memory = {
        id: deps.ids.next('mem'),
        namespace,
        task: trajectory.task,
        keywords,
        kind: built.kind,
        ...(built.steps === undefined ? {} : { steps: built.steps }),
        ...(built.script === undefined ? {} : { script: built.script }),
        status: 'active',
        stats: { retrieved: 0, succeeded: 0, failed: 0 },
        provenance: {
          builtBy: built.builtBy,
          from: [trajectory.id],
          embedder: deps.embedder.id,
          ...(offline ? { pendingRebuild: true } : {}),
        },
        version: 1,
        createdAt: at,
        updatedAt: at,
        ...(trajectory.env === undefined ? {} : { meta: { env: trajectory.env } }),
      };
      const create: MemoryCreate = { memory, vectors: { task: new Float32Array(0), keywords: [] } };
      creates.push(create);
      working.set(memory.id, memory);
      result.created = memory.id;
    }
    results.push(result);
  }

  const vectors = await embedMemoryTexts(
    deps.embedder,
    creates.map((c) => c.memory),
  );
  creates.forEach((c, i) => {
    c.vectors = vectors[i] as MemoryVectors;
  });
  const change: ChangeSet = {
    namespace,
    at,
    space: { embedder: deps.embedder.id, dimension: deps.embedder.dimension },
    trajectories: items.map((item) => item.trajectory),
    create: creates,
    update: updates,
    usage,
  };
  return { change, results };
}
