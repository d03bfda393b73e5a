import { MempError } from '../../../core/errors.js';
import type { Memory } from '../../../core/memory.js';
import type { Revision } from '../../../core/revision.js';
import type { Trajectory } from '../../../core/trajectory.js';
import type { ChangeResult, ChangeSet, EmbeddingSpace, MemoryVectors } from '../../../ports/memory-store.js';
import { ChangePlanner } from './change-planner.js';
import { planEvidence } from './plan-evidence.js';
import type { EvidenceRecord } from '../../../core/evidence.js';
import { checkNamespace, checkSpace, sameSpace } from './store-validation.js';

/** What a store reveals about a namespace's current state so that a change can be planned against it. */
export interface ChangeReader {
  /** The namespace's embedding space, if it holds vectors. */
  space: EmbeddingSpace | undefined;
  /** The stored memory with this id, or undefined. Must not be mutated by the planner (it is not). */
  memory(id: string): Memory | undefined;
  /** True when a trajectory with this id is stored. */
  hasTrajectory(id: string): boolean;
  /** True when an evidence record with this id is stored in the namespace. */
  hasEvidence?(id: string): boolean;
}

/** The final state of one memory touched by a change. */
export interface PlannedMemory {
  memory: Memory;
  /** True when the memory did not exist before the change. */
  isNew: boolean;
  /** Vectors replacing all of the memory's vectors (always set for new memories). */
  vectors?: MemoryVectors;
  /** True when the change altered what search or its cache sees (new, new vectors, new status or new kind). */
  searchChanged: boolean;
}

/** Everything a store must write to apply one change, already validated. */
export interface ChangePlan {
  namespace: string;
  /** The space to record when the namespace had none and the change brings vectors. */
  newSpace?: EmbeddingSpace;
  trajectories: Trajectory[];
  /** Final memory states, in the order they were first touched. */
  memories: Map<string, PlannedMemory>;
  /** New revisions, in order (imported ones first, then one per update). */
  revisions: Revision[];
  /** Ids of existing memories to remove with their vectors and revisions (after everything else). */
  deleted: string[];
  /** True when search results may differ after the change. */
  searchChanged: boolean;
  result: ChangeResult;
  /** Evidence records to append (validated; none of a deleted memory). */
  evidence: EvidenceRecord[];
}

function invalid(message: string, details: Record<string, unknown> = {}): MempError {
  return new MempError('INVALID_ARGUMENT', message, { details });
}

/**
 * Validates a {@link ChangeSet} against the current state and computes what to write. Pure: it throws a
 * `MempError` (`INVALID_ARGUMENT`, `CONFLICT`, `NOT_FOUND`, `EMBEDDER_MISMATCH`) before anything is written,
 * which is how stores make a change all-or-nothing. Parts are applied in this order: trajectories, creates,
 * usage, updates, deletes; so an update or usage may target a memory created by the same change, and two updates of
 * one memory in one change chain their versions.
 */
export function planChange(change: ChangeSet, reader: ChangeReader): ChangePlan {
  if (change === null || typeof change !== 'object') throw invalid('change must be an object');
  const namespace = checkNamespace(change.namespace);
  if (typeof change.at !== 'string' || change.at.length === 0) throw invalid('at is required', { field: 'at' });
  const creates = change.create ?? [];
  const updates = change.update ?? [];
  const usage = change.usage ?? [];
  const trajectoriesIn = change.trajectories ?? [];
  const deletes = change.delete ?? [];
  for (const [name, list] of Object.entries({ creates, updates, usage, trajectoriesIn, deletes })) {
    if (!Array.isArray(list)) throw invalid(`${name} must be a list`);
  }
  const carriesVectors = creates.length > 0 || updates.some((u) => u.vectors !== undefined);
  const { space, newSpace } = planSpace({ change, namespace, carriesVectors, stored: reader.space });
  const planner = new ChangePlanner(namespace, change.at, space?.dimension ?? 0, reader);
  planner.addTrajectories(trajectoriesIn);
  planner.addCreates(creates);
  planner.addUsage(usage);
  planner.addUpdates(updates);
  planner.addDeletes(deletes);
  const plan = planner.plan(newSpace);
  plan.evidence = planEvidence({ list: change.evidence, plan, reader });
  return plan;
}

/**
 * The change's space, checked against the namespace's (`EMBEDDER_MISMATCH` when they differ), and the space to
 * record when the namespace has none yet. Only a change that carries vectors needs (and is checked for) one.
 */
function planSpace(options: {
  change: ChangeSet;
  namespace: string;
  carriesVectors: boolean;
  stored: EmbeddingSpace | undefined;
}): { space?: EmbeddingSpace; newSpace?: EmbeddingSpace } {
  const { change, namespace, carriesVectors, stored } = options;
  let space: EmbeddingSpace | undefined;
  if (change.space !== undefined) space = checkSpace(change.space);
  if (carriesVectors && space === undefined) throw invalid('space is required with vectors', { field: 'space' });
  if (!carriesVectors || space === undefined) return space === undefined ? {} : { space };
  if (stored === undefined) return { space, newSpace: space };
  if (!sameSpace(stored, space)) {
    throw new MempError(
      'EMBEDDER_MISMATCH',
      `namespace ${namespace} holds vectors of ${stored.embedder} (${stored.dimension}), ` +
        `not ${space.embedder} (${space.dimension}); re-embed the namespace first`,
      { details: { namespace, stored, given: space } },
    );
  }
  return { space };
}
