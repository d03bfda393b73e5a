import { MempError } from '../core/errors.js';
import type { EvidenceRecord } from '../core/evidence.js';
import type { Memory } from '../core/memory.js';
import type { Trajectory } from '../core/trajectory.js';
import type { MemoryCreate, MemoryUpdate, MemoryUsage } from '../ports/memory-store.js';
import { shouldDeprecate } from '../policies/update/deprecation-rule.js';
import { buildWithFallback } from './build-with-fallback.js';
import { buildLesson } from './build-lesson.js';
import type { LearnItem, LearnPlannerDeps, LearnResult } from './learn-planner.js';
import { planGuardedAdjustment } from './plan-guarded-adjustment.js';
import { addEvidence } from './plan-evidence-records.js';
import { failureWitnessesSinceRestore } from './trust-rules.js';

/** The change a batch plan accumulates, and the working copy of the memories it touched (by id). */
export interface EpisodePlan {
  namespace: string;
  /** Timestamp of the whole change. */
  at: string;
  working: Map<string, Memory>;
  creates: MemoryCreate[];
  updates: MemoryUpdate[];
  usage: MemoryUsage[];
  /** The evidence of the memories the plan touched, stored and planned (by memory id). */
  evidence: Map<string, EvidenceRecord[]>;
  /** The evidence records the change appends. */
  newEvidence: EvidenceRecord[];
  /** The batch's successful trajectories: a lesson from a failure of the same task family contrasts with one. */
  successes: Trajectory[];
}

/**
 * Plans one episode of a batch into `plan`: counts a hit on every used memory, deprecates those the rule condemns,
 * corrects those the update policy picks, and builds a new memory when it says to add one. `INVALID_ARGUMENT`
 * (field `used`) for a used memory that does not exist.
 */
export async function planEpisode(options: {
  plan: EpisodePlan;
  item: LearnItem;
  index: number;
  deps: LearnPlannerDeps;
}): Promise<LearnResult> {
  const { plan, item, deps } = options;
  const { trajectory } = item;
  const used = usedMemories(plan, item, options.index);
  const result: LearnResult = { trajectoryId: trajectory.id, adjusted: [], deprecated: [] };
  const decision = deps.update.decide({ trajectory, used });
  for (const memory of used) {
    const stats = {
      ...memory.stats,
      retrieved: memory.stats.retrieved + 1,
      succeeded: memory.stats.succeeded + (trajectory.outcome.success ? 1 : 0),
      failed: memory.stats.failed + (trajectory.outcome.success ? 0 : 1),
      lastUsedAt: plan.at,
    };
    plan.usage.push({ id: memory.id, success: trajectory.outcome.success });
    plan.working.set(memory.id, { ...memory, stats });
    addEvidence(plan, {
      id: `ev-${trajectory.id}-${memory.id}-use`,
      memoryId: memory.id,
      kind: trajectory.outcome.success ? 'success' : 'failure',
      attribution: item.attribution,
      episode: trajectory.id,
    });
  }
  if (deps.deprecation) {
    for (const memory of used) {
      const current = plan.working.get(memory.id) as Memory;
      if (current.status !== 'active' || !shouldDeprecate(current.stats, deps.deprecation)) continue;
      // One source alone never retires a memory: failures from two distinct witnesses since the last restore.
      if (failureWitnessesSinceRestore(plan.evidence.get(memory.id) ?? []) < 2) continue;
      plan.updates.push({
        id: memory.id,
        expectedVersion: current.version,
        status: 'deprecated',
        reason: 'deprecation',
        note: `success rate ${current.stats.succeeded}/${current.stats.retrieved} after trajectory ${trajectory.id}`,
      });
      plan.working.set(memory.id, {
        ...current,
        status: 'deprecated',
        version: current.version + 1,
        updatedAt: plan.at,
      });
      result.deprecated.push(memory.id);
    }
  }
  for (const target of decision.adjust) {
    if (result.deprecated.includes(target.id)) continue;
    const outcome = await planGuardedAdjustment({ plan, id: target.id, item, deps });
    if (outcome === 'applied') result.adjusted.push(target.id);
    if (outcome === 'candidate') result.candidates = [...(result.candidates ?? []), target.id];
  }
  if (decision.lesson === true && deps.lessons !== undefined) {
    const memory = await buildLesson(plan, trajectory, deps, deps.lessons);
    plan.creates.push({ memory, vectors: { task: new Float32Array(0), keywords: [] } });
    plan.working.set(memory.id, memory);
    result.lesson = memory.id;
  }
  if (decision.add) {
    const { memory, offline } = await buildMemory(plan, trajectory, deps);
    if (offline) result.builtOffline = true;
    plan.creates.push({ memory, vectors: { task: new Float32Array(0), keywords: [] } });
    plan.working.set(memory.id, memory);
    addEvidence(plan, {
      id: `ev-${trajectory.id}-${memory.id}-built`,
      memoryId: memory.id,
      kind: 'support',
      attribution: item.attribution,
      episode: trajectory.id,
    });
    result.created = memory.id;
  }
  return result;
}

/** The memories `item` used, from the plan's working copy; `INVALID_ARGUMENT` naming an id that does not exist. */
function usedMemories(plan: EpisodePlan, item: LearnItem, index: number): Memory[] {
  const used: Memory[] = [];
  for (const id of new Set(item.used)) {
    const memory = plan.working.get(id);
    if (!memory) {
      const where = item.where === undefined ? '' : `${item.where}: `;
      throw new MempError(
        'INVALID_ARGUMENT',
        `${where}used memory "${id}" does not exist in namespace "${plan.namespace}"`,
        {
          details: { field: 'used', id, item: index, ...(item.where === undefined ? {} : { where: item.where }) },
        },
      );
    }
    used.push(memory);
  }
  return used;
}

/** The new memory built from `trajectory` (vectors are computed for the whole batch later). */
async function buildMemory(
  plan: EpisodePlan,
  trajectory: Trajectory,
  deps: LearnPlannerDeps,
): Promise<{ memory: Memory; offline: boolean }> {
  // A custom extractor may return more: a memory keeps at most MAX_MEMORY_KEYWORDS (keyword stuffing).
  const { built, keywords, offline } = await buildWithFallback({ trajectory, deps });
  const memory: Memory = {
    id: deps.ids.next('mem'),
    namespace: plan.namespace,
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
    createdAt: plan.at,
    updatedAt: plan.at,
    ...(trajectory.env === undefined ? {} : { meta: { env: trajectory.env } }),
  };
  return { memory, offline };
}
