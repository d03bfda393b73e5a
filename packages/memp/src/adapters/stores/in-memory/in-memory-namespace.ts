import type { EvidenceRecord } from '../../../core/evidence.js';
import type { Memory } from '../../../core/memory.js';
import type { Revision } from '../../../core/revision.js';
import type { Trajectory } from '../../../core/trajectory.js';
import { dot } from '../../../core/vector.js';
import type {
  EmbeddingSpace,
  LearnRecord,
  MemoryVectors,
  NamespaceStats,
  VectorHit,
} from '../../../ports/memory-store.js';
import { keywordMatchScore } from '../shared/keyword-match-score.js';
import { LexicalDocumentCache } from '../shared/lexical-scan.js';
import type { ChangePlan } from '../shared/plan-change.js';
import type { ReembedPlan } from '../shared/plan-reembed.js';
import type { CheckedSearch } from '../shared/store-validation.js';
import { compareHits } from '../shared/store-validation.js';

/** Listing order: `createdAt`, then `id`. */
export function byCreation(a: Memory, b: Memory): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * One namespace of the in-memory store: plain maps, written only from validated plans (so a write cannot fail
 * half-way) and searched by scoring every memory. Callers copy values in and out.
 */
export class InMemoryNamespace {
  readonly memories = new Map<string, Memory>();
  vectors = new Map<string, MemoryVectors>();
  readonly revisions = new Map<string, Revision[]>();
  readonly trajectories = new Map<string, Trajectory>();
  /** Learns remembered by their content digest (idempotent learns), by digest. */
  readonly learnRecords = new Map<string, LearnRecord>();
  /** Evidence records in the order they were appended. */
  evidence: EvidenceRecord[] = [];
  readonly evidenceIds = new Set<string>();
  space: EmbeddingSpace | undefined;
  /** The lexical documents of its memories, per version (the in-memory lexical index). */
  readonly lexicon = new LexicalDocumentCache();

  /** True when it holds a memory or a trajectory (an empty one is not listed by `namespaces()`). */
  get isEmpty(): boolean {
    return this.memories.size === 0 && this.trajectories.size === 0;
  }

  /** Its memories in listing order (the stored objects: copy before handing them out). */
  sorted(): Memory[] {
    return [...this.memories.values()].sort(byCreation);
  }

  /** Writes a validated change (and the learn records validated with it). */
  applyChange(plan: ChangePlan, learnRecords: readonly LearnRecord[] = []): void {
    for (const r of learnRecords) this.learnRecords.set(r.digest, r);
    if (plan.newSpace !== undefined) this.space = { ...plan.newSpace };
    for (const t of plan.trajectories) this.trajectories.set(t.id, structuredClone(t));
    for (const [id, p] of plan.memories) {
      this.memories.set(id, structuredClone(p.memory));
      // The plan's vectors are fresh copies of the caller's (see planChange): nothing else holds them.
      if (p.vectors !== undefined) this.vectors.set(id, p.vectors);
    }
    for (const r of plan.revisions) {
      const list = this.revisions.get(r.memoryId) ?? [];
      list.push(structuredClone(r));
      this.revisions.set(r.memoryId, list);
    }
    for (const e of plan.evidence) {
      this.evidence.push(structuredClone(e));
      this.evidenceIds.add(e.id);
    }
    for (const id of plan.deleted) {
      this.memories.delete(id);
      this.vectors.delete(id);
      this.revisions.delete(id);
      this.lexicon.forget(id);
    }
    if (plan.deleted.length > 0) {
      const gone = new Set(plan.deleted);
      this.evidence = this.evidence.filter((e) => !gone.has(e.memoryId));
    }
  }

  /** Writes a validated re-embedding. */
  applyReembed(plan: ReembedPlan): void {
    this.vectors = plan.vectors;
    for (const m of plan.memories) this.memories.set(m.id, structuredClone(m));
    this.space = { ...plan.space };
  }

  /** Exact search: every memory with a searched status and vectors in the field is scored. */
  search(q: CheckedSearch): VectorHit[] {
    const hits: VectorHit[] = [];
    for (const m of this.memories.values()) {
      if (!q.statuses.has(m.status)) continue;
      const v = this.vectors.get(m.id);
      if (v === undefined) continue;
      const rows = q.field === 'task' ? [v.task] : v.keywords;
      if (rows.length === 0) continue;
      let total = 0;
      const rowBest = rows.map(() => Number.NEGATIVE_INFINITY);
      for (const query of q.queries) {
        let best = Number.NEGATIVE_INFINITY;
        rows.forEach((row, r) => {
          const d = dot(query, row);
          best = Math.max(best, d);
          rowBest[r] = Math.max(rowBest[r] as number, d);
        });
        total += best;
      }
      const forward = total / q.queries.length;
      const score =
        q.field === 'task' ? forward : keywordMatchScore(forward, rowBest.reduce((a, b) => a + b, 0) / rows.length);
      if (score >= q.minScore) hits.push({ id: m.id, score });
    }
    return hits.sort(compareHits).slice(0, q.k);
  }

  /** Its counts (copies). */
  stats(): NamespaceStats {
    const stats: NamespaceStats = {
      memories: 0,
      active: 0,
      deprecated: 0,
      byKind: { trajectory: 0, script: 0, proceduralization: 0, lesson: 0 },
      trajectories: this.trajectories.size,
      revisions: 0,
    };
    for (const m of this.memories.values()) {
      stats.memories += 1;
      stats[m.status] += 1;
      stats.byKind[m.kind] += 1;
    }
    for (const list of this.revisions.values()) stats.revisions += list.length;
    if (this.space !== undefined) stats.space = { ...this.space };
    return stats;
  }
}
