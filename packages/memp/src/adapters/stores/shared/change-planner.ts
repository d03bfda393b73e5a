import { MempError } from '../../../core/errors.js';
import { MemorySchema } from '../../../core/memory.js';
import type { Memory } from '../../../core/memory.js';
import { RevisionSchema } from '../../../core/revision.js';
import type { Revision } from '../../../core/revision.js';
import { TrajectorySchema } from '../../../core/trajectory.js';
import type { Trajectory } from '../../../core/trajectory.js';
import type {
  EmbeddingSpace,
  MemoryCreate,
  MemoryDelete,
  MemoryUpdate,
  MemoryUsage,
  MemoryVectors,
} from '../../../ports/memory-store.js';
import type { ChangePlan, ChangeReader, PlannedMemory } from './plan-change.js';
import { checkMemoryVectors } from './store-validation.js';
import { checkKeywordCount, updatedMemory } from './updated-memory.js';

function invalid(message: string, details: Record<string, unknown> = {}): MempError {
  return new MempError('INVALID_ARGUMENT', message, { details });
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Builds a {@link ChangePlan} one part of a change at a time, against the reader's state plus the parts already
 * planned (so later parts see memories that earlier ones created or changed). Each method throws a `MempError`
 * before anything is written; {@link planChange} calls them in the contract's order.
 */
export class ChangePlanner {
  private readonly trajectories: Trajectory[] = [];
  private readonly trajectoryIds = new Set<string>();
  private readonly memories = new Map<string, PlannedMemory>();
  private readonly revisions: Revision[] = [];
  private readonly created: string[] = [];
  private readonly updated: Memory[] = [];
  private readonly deleted: string[] = [];

  /** `dimension`: of the change's vectors (0 when it carries none). */
  constructor(
    private readonly namespace: string,
    private readonly at: string,
    private readonly dimension: number,
    private readonly reader: ChangeReader,
  ) {}

  /** Stored trajectories; an id already stored or repeated is `CONFLICT`. */
  addTrajectories(list: readonly Trajectory[]): void {
    for (const raw of list) {
      const parsed = TrajectorySchema.safeParse(raw);
      if (!parsed.success) throw invalid('invalid trajectory', { field: 'trajectories', issues: parsed.error.issues });
      const t = parsed.data;
      if (t.namespace !== this.namespace) throw invalid('trajectory of another namespace', { id: t.id });
      if (this.trajectoryIds.has(t.id) || this.reader.hasTrajectory(t.id)) {
        throw new MempError('CONFLICT', `trajectory ${t.id} already exists`, { details: { id: t.id } });
      }
      this.trajectoryIds.add(t.id);
      this.trajectories.push(t);
    }
  }

  /** New memories with their vectors and imported revisions; an existing id is `CONFLICT`. */
  addCreates(list: readonly MemoryCreate[]): void {
    for (const c of list) {
      const parsed = MemorySchema.safeParse(c?.memory);
      if (!parsed.success) throw invalid('invalid memory', { field: 'create.memory', issues: parsed.error.issues });
      const memory = parsed.data;
      if (memory.namespace !== this.namespace) throw invalid('memory of another namespace', { id: memory.id });
      if (this.current(memory.id) !== undefined) {
        throw new MempError('CONFLICT', `memory ${memory.id} already exists`, { details: { id: memory.id } });
      }
      checkKeywordCount(memory.keywords, memory.id);
      const vectors = checkMemoryVectors({
        vectors: c.vectors,
        keywords: memory.keywords,
        dimension: this.dimension,
        memoryId: memory.id,
      });
      for (const r of c.revisions ?? []) {
        const rev = RevisionSchema.safeParse(r);
        if (!rev.success) throw invalid('invalid revision', { field: 'create.revisions', issues: rev.error.issues });
        if (rev.data.memoryId !== memory.id) throw invalid('revision of another memory', { id: memory.id });
        this.revisions.push(rev.data);
      }
      // checkMemoryVectors returns fresh unit-length copies: the plan shares no buffer with the caller.
      this.memories.set(memory.id, { memory, isNew: true, vectors, searchChanged: true });
      this.created.push(memory.id);
    }
  }

  /** Usage increments (stats and `lastUsedAt` only); an unknown memory is `NOT_FOUND`. */
  addUsage(list: readonly MemoryUsage[]): void {
    for (const u of list) {
      const id = u?.id;
      const before = this.existing(id);
      if (typeof u.success !== 'boolean') throw invalid('usage.success must be a boolean', { id });
      const stats = {
        ...before.stats,
        retrieved: before.stats.retrieved + 1,
        succeeded: before.stats.succeeded + (u.success ? 1 : 0),
        failed: before.stats.failed + (u.success ? 0 : 1),
        lastUsedAt: this.at,
      };
      const planned = this.memories.get(before.id);
      if (planned !== undefined) planned.memory = { ...planned.memory, stats };
      else this.memories.set(before.id, { memory: { ...before, stats }, isNew: false, searchChanged: false });
    }
  }

  /** Versioned updates, each keeping a revision; unknown is `NOT_FOUND`, a stale version `CONFLICT`. */
  addUpdates(list: readonly MemoryUpdate[]): void {
    for (const u of list) {
      const before = this.existing(u?.id);
      this.checkVersion(before, u.expectedVersion);
      const { after, revision } = updatedMemory(before, u, this.at);
      const vectorsNeeded = after.task !== before.task || !sameStrings(after.keywords, before.keywords);
      let vectors: MemoryVectors | undefined;
      if (u.vectors !== undefined || vectorsNeeded) {
        vectors = checkMemoryVectors({
          vectors: u.vectors,
          keywords: after.keywords,
          dimension: this.dimension,
          memoryId: after.id,
        });
      }
      this.revisions.push(revision);
      const planned = this.memories.get(after.id);
      const searchChanged =
        (planned?.searchChanged ?? false) ||
        vectors !== undefined ||
        after.status !== before.status ||
        after.kind !== before.kind;
      this.memories.set(after.id, {
        memory: after,
        isNew: planned?.isNew ?? false,
        vectors: vectors ?? planned?.vectors,
        searchChanged,
      });
      this.updated.push(after);
    }
  }

  /** Versioned deletes, after everything else: a memory this change created simply vanishes from the plan. */
  addDeletes(list: readonly MemoryDelete[]): void {
    for (const d of list) {
      const before = this.existing(d?.id);
      this.checkVersion(before, d.expectedVersion);
      const id = before.id;
      const wasNew = this.memories.get(id)?.isNew ?? false;
      this.memories.delete(id);
      if (!wasNew) this.deleted.push(id);
      const createdAt = this.created.indexOf(id);
      if (createdAt >= 0) this.created.splice(createdAt, 1);
      for (let i = this.revisions.length - 1; i >= 0; i--) {
        if (this.revisions[i]?.memoryId === id) this.revisions.splice(i, 1);
      }
      for (let i = this.updated.length - 1; i >= 0; i--) if (this.updated[i]?.id === id) this.updated.splice(i, 1);
    }
  }

  /** The finished plan; `newSpace` is the space to record when the namespace had none. */
  plan(newSpace: EmbeddingSpace | undefined): ChangePlan {
    let searchChanged = this.deleted.length > 0;
    for (const p of this.memories.values()) searchChanged ||= p.searchChanged;
    const plan: ChangePlan = {
      namespace: this.namespace,
      trajectories: this.trajectories,
      memories: this.memories,
      revisions: this.revisions,
      deleted: this.deleted,
      searchChanged,
      result: { created: this.created, updated: this.updated },
      evidence: [],
    };
    if (newSpace !== undefined) plan.newSpace = newSpace;
    return plan;
  }

  /** The memory as the parts planned so far leave it. */
  private current(id: string): Memory | undefined {
    return this.memories.get(id)?.memory ?? this.reader.memory(id);
  }

  /** The current memory with this id, or `NOT_FOUND`. */
  private existing(id: unknown): Memory {
    const before = typeof id === 'string' ? this.current(id) : undefined;
    if (before === undefined) {
      throw new MempError('NOT_FOUND', `memory ${String(id)} not found`, {
        details: { id, namespace: this.namespace },
      });
    }
    return before;
  }

  private checkVersion(before: Memory, expectedVersion: number): void {
    if (expectedVersion !== before.version) {
      throw new MempError('CONFLICT', `memory ${before.id} is at version ${before.version}, not ${expectedVersion}`, {
        details: { id: before.id, expectedVersion, actualVersion: before.version },
      });
    }
  }
}
