import { z } from 'zod';
import { MempError } from '../../../core/errors.js';
import {
  MAX_MEMORY_KEYWORDS,
  MemoryContentSchema,
  MemorySchema,
  MemoryStatusSchema,
  ProvenanceSchema,
  memoryContent,
} from '../../../core/memory.js';
import type { Memory } from '../../../core/memory.js';
import { RevisionReasonSchema, RevisionSchema } from '../../../core/revision.js';
import type { Revision } from '../../../core/revision.js';
import { TrajectorySchema } from '../../../core/trajectory.js';
import type { Trajectory } from '../../../core/trajectory.js';
import type { ChangeResult, ChangeSet, EmbeddingSpace, MemoryVectors } from '../../../ports/memory-store.js';
import { checkMemoryVectors, checkNamespace, checkSpace, sameSpace } from './store-validation.js';

/** What a store reveals about a namespace's current state so that a change can be planned against it. */
export interface ChangeReader {
  /** The namespace's embedding space, if it holds vectors. */
  space: EmbeddingSpace | undefined;
  /** The stored memory with this id, or undefined. Must not be mutated by the planner (it is not). */
  memory(id: string): Memory | undefined;
  /** True when a trajectory with this id is stored. */
  hasTrajectory(id: string): boolean;
}

/** The final state of one memory touched by a change. */
export interface PlannedMemory {
  memory: Memory;
  /** True when the memory did not exist before the change. */
  isNew: boolean;
  /** Vectors replacing all of the memory's vectors (always set for new memories). */
  vectors?: MemoryVectors;
  /** True when the change altered what search sees (new, new vectors or new status). */
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
}

const UpdateContentSchema = MemoryContentSchema.partial();
const NoteSchema = z.string().optional();
const SourcesSchema = z.array(z.string().min(1)).optional();

function invalid(message: string, details: Record<string, unknown> = {}): MempError {
  return new MempError('INVALID_ARGUMENT', message, { details });
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
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
  const at = change.at;
  const creates = change.create ?? [];
  const updates = change.update ?? [];
  const usage = change.usage ?? [];
  const trajectoriesIn = change.trajectories ?? [];
  const deletes = change.delete ?? [];
  for (const [name, list] of Object.entries({ creates, updates, usage, trajectoriesIn, deletes })) {
    if (!Array.isArray(list)) throw invalid(`${name} must be a list`);
  }

  const carriesVectors = creates.length > 0 || updates.some((u) => u.vectors !== undefined);
  let space: EmbeddingSpace | undefined;
  if (change.space !== undefined) space = checkSpace(change.space);
  if (carriesVectors && space === undefined) throw invalid('space is required with vectors', { field: 'space' });
  let newSpace: EmbeddingSpace | undefined;
  if (carriesVectors && space !== undefined) {
    if (reader.space === undefined) newSpace = space;
    else if (!sameSpace(reader.space, space)) {
      throw new MempError(
        'EMBEDDER_MISMATCH',
        `namespace ${namespace} holds vectors of ${reader.space.embedder} (${reader.space.dimension}), ` +
          `not ${space.embedder} (${space.dimension}); re-embed the namespace first`,
        { details: { namespace, stored: reader.space, given: space } },
      );
    }
  }
  const dimension = space?.dimension ?? 0;

  const trajectories: Trajectory[] = [];
  const trajectoryIds = new Set<string>();
  for (const raw of trajectoriesIn) {
    const parsed = TrajectorySchema.safeParse(raw);
    if (!parsed.success) throw invalid('invalid trajectory', { field: 'trajectories', issues: parsed.error.issues });
    const t = parsed.data;
    if (t.namespace !== namespace) throw invalid('trajectory of another namespace', { id: t.id });
    if (trajectoryIds.has(t.id) || reader.hasTrajectory(t.id)) {
      throw new MempError('CONFLICT', `trajectory ${t.id} already exists`, { details: { id: t.id } });
    }
    trajectoryIds.add(t.id);
    trajectories.push(t);
  }

  const memories = new Map<string, PlannedMemory>();
  const current = (id: string): Memory | undefined => memories.get(id)?.memory ?? reader.memory(id);
  const revisions: Revision[] = [];
  const created: string[] = [];

  for (const c of creates) {
    const parsed = MemorySchema.safeParse(c?.memory);
    if (!parsed.success) throw invalid('invalid memory', { field: 'create.memory', issues: parsed.error.issues });
    const memory = parsed.data;
    if (memory.namespace !== namespace) throw invalid('memory of another namespace', { id: memory.id });
    if (current(memory.id) !== undefined) {
      throw new MempError('CONFLICT', `memory ${memory.id} already exists`, { details: { id: memory.id } });
    }
    checkKeywordCount(memory.keywords, memory.id);
    const vectors = checkMemoryVectors({
      vectors: c.vectors,
      keywords: memory.keywords,
      dimension,
      memoryId: memory.id,
    });
    for (const r of c.revisions ?? []) {
      const rev = RevisionSchema.safeParse(r);
      if (!rev.success) throw invalid('invalid revision', { field: 'create.revisions', issues: rev.error.issues });
      if (rev.data.memoryId !== memory.id) throw invalid('revision of another memory', { id: memory.id });
      revisions.push(rev.data);
    }
    // checkMemoryVectors returns fresh unit-length copies: the plan shares no buffer with the caller.
    memories.set(memory.id, { memory, isNew: true, vectors, searchChanged: true });
    created.push(memory.id);
  }

  for (const u of usage) {
    const id = u?.id;
    const before = typeof id === 'string' ? current(id) : undefined;
    if (before === undefined || typeof id !== 'string') {
      throw new MempError('NOT_FOUND', `memory ${String(id)} not found`, { details: { id, namespace } });
    }
    if (typeof u.success !== 'boolean') throw invalid('usage.success must be a boolean', { id });
    const stats = {
      ...before.stats,
      retrieved: before.stats.retrieved + 1,
      succeeded: before.stats.succeeded + (u.success ? 1 : 0),
      failed: before.stats.failed + (u.success ? 0 : 1),
      lastUsedAt: at,
    };
    const planned = memories.get(id);
    if (planned !== undefined) planned.memory = { ...planned.memory, stats };
    else memories.set(id, { memory: { ...before, stats }, isNew: false, searchChanged: false });
  }

  const updated: Memory[] = [];
  for (const u of updates) {
    const id = u?.id;
    const before = typeof id === 'string' ? current(id) : undefined;
    if (before === undefined || typeof id !== 'string') {
      throw new MempError('NOT_FOUND', `memory ${String(id)} not found`, { details: { id, namespace } });
    }
    if (u.expectedVersion !== before.version) {
      throw new MempError('CONFLICT', `memory ${id} is at version ${before.version}, not ${u.expectedVersion}`, {
        details: { id, expectedVersion: u.expectedVersion, actualVersion: before.version },
      });
    }
    const content = UpdateContentSchema.safeParse(u.content ?? {});
    if (!content.success) throw invalid('invalid content', { id, field: 'content', issues: content.error.issues });
    const reason = RevisionReasonSchema.safeParse(u.reason);
    if (!reason.success) throw invalid('invalid reason', { id, field: 'reason' });
    const note = NoteSchema.safeParse(u.note);
    if (!note.success) throw invalid('invalid note', { id, field: 'note' });
    let status = before.status;
    if (u.status !== undefined) {
      const s = MemoryStatusSchema.safeParse(u.status);
      if (!s.success) throw invalid('invalid status', { id, field: 'status' });
      status = s.data;
    }
    const sources = SourcesSchema.safeParse(u.addSources);
    if (!sources.success) throw invalid('invalid addSources', { id, field: 'addSources' });
    const patch = Object.fromEntries(Object.entries(content.data).filter(([, v]) => v !== undefined));
    let provenance = before.provenance;
    if (u.provenance !== undefined) {
      const parsed = ProvenanceSchema.safeParse(u.provenance);
      if (!parsed.success)
        throw invalid('invalid provenance', { id, field: 'provenance', issues: parsed.error.issues });
      provenance = parsed.data;
    }
    const from = [...provenance.from];
    for (const source of sources.data ?? []) if (!from.includes(source)) from.push(source);
    const after: Memory = {
      ...before,
      ...patch,
      provenance: { ...provenance, from },
      status,
      version: before.version + 1,
      updatedAt: at,
    };
    checkKeywordCount(after.keywords, id);
    const vectorsNeeded = after.task !== before.task || !sameStrings(after.keywords, before.keywords);
    let vectors: MemoryVectors | undefined;
    if (u.vectors !== undefined || vectorsNeeded) {
      vectors = checkMemoryVectors({ vectors: u.vectors, keywords: after.keywords, dimension, memoryId: id });
    }
    const revision: Revision = {
      memoryId: id,
      version: after.version,
      before: memoryContent(before),
      statusBefore: before.status,
      reason: reason.data,
      at,
    };
    if (note.data !== undefined) revision.note = note.data;
    revisions.push(revision);
    const planned = memories.get(id);
    const searchChanged = (planned?.searchChanged ?? false) || vectors !== undefined || status !== before.status;
    memories.set(id, {
      memory: after,
      isNew: planned?.isNew ?? false,
      vectors: vectors ?? planned?.vectors,
      searchChanged,
    });
    updated.push(after);
  }

  const deleted: string[] = [];
  for (const d of deletes) {
    const id = d?.id;
    const before = typeof id === 'string' ? current(id) : undefined;
    if (before === undefined || typeof id !== 'string') {
      throw new MempError('NOT_FOUND', `memory ${String(id)} not found`, { details: { id, namespace } });
    }
    if (d.expectedVersion !== before.version) {
      throw new MempError('CONFLICT', `memory ${id} is at version ${before.version}, not ${d.expectedVersion}`, {
        details: { id, expectedVersion: d.expectedVersion, actualVersion: before.version },
      });
    }
    const wasNew = memories.get(id)?.isNew ?? false;
    memories.delete(id);
    if (!wasNew) deleted.push(id);
    const createdAt = created.indexOf(id);
    if (createdAt >= 0) created.splice(createdAt, 1);
    for (let i = revisions.length - 1; i >= 0; i--) if (revisions[i]?.memoryId === id) revisions.splice(i, 1);
    for (let i = updated.length - 1; i >= 0; i--) if (updated[i]?.id === id) updated.splice(i, 1);
  }

  let searchChanged = deleted.length > 0;
  for (const p of memories.values()) searchChanged ||= p.searchChanged;
  const plan: ChangePlan = {
    namespace,
    trajectories,
    memories,
    revisions,
    deleted,
    searchChanged,
    result: { created, updated },
  };
  if (newSpace !== undefined) plan.newSpace = newSpace;
  return plan;
}

/** Fails with `INVALID_ARGUMENT` when a memory would hold more than {@link MAX_MEMORY_KEYWORDS} keywords. */
function checkKeywordCount(keywords: readonly string[], id: string): void {
  if (keywords.length > MAX_MEMORY_KEYWORDS) {
    throw new MempError(
      'INVALID_ARGUMENT',
      `memory ${id} has ${keywords.length} keywords, at most ${MAX_MEMORY_KEYWORDS} are allowed`,
      {
        details: { id, field: 'keywords', max: MAX_MEMORY_KEYWORDS },
      },
    );
  }
}
