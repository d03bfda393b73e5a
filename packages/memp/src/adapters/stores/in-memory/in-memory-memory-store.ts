import { MempError } from '../../../core/errors.js';
import type { EvidenceRecord } from '../../../core/evidence.js';
import type { Memory, MemoryStatus } from '../../../core/memory.js';
import type { Revision } from '../../../core/revision.js';
import type { Trajectory } from '../../../core/trajectory.js';
import type {
  ChangeResult,
  ChangeSet,
  EmbeddingSpace,
  LearnRecord,
  EvidenceQuery,
  LexicalHit,
  LexicalSearch,
  LexicalSearchable,
  MemoryKindAndStatus,
  MemoryListQuery,
  MemoryStore,
  MemoryVectors,
  NamespaceStats,
  Reembedding,
  StoreCapabilities,
  VectorHit,
  VectorSearch,
} from '../../../ports/memory-store.js';
import { checkLexicalSearch } from '../shared/lexical-search-check.js';
import { scanLexical } from '../shared/lexical-scan.js';
import { planChange } from '../shared/plan-change.js';
import { matchLearnRecords, planLearnRecords } from '../shared/plan-learn-records.js';
import { planReembed } from '../shared/plan-reembed.js';
import {
  checkIds,
  checkListQuery,
  checkNamespace,
  checkSearch,
  checkStatus,
  copyVectors,
} from '../shared/store-validation.js';
import { checkEvidenceQuery } from '../shared/evidence-query.js';
import { InMemoryNamespace, byCreation } from './in-memory-namespace.js';

/** Stands in for a namespace that was never written (its stats are all zero). */
const NO_NAMESPACE = new InMemoryNamespace();

/**
 * The reference {@link MemoryStore}: everything in plain maps ({@link InMemoryNamespace}), exact search by scoring
 * every memory. Values are deep-copied in and out, so callers can never mutate stored state. Not persistent.
 */
export class InMemoryMemoryStore implements MemoryStore, LexicalSearchable {
  /** The port specification this adapter follows. */
  readonly specificationVersion = 'v1' as const;
  readonly capabilities: StoreCapabilities = { persistent: false, multiProcess: false, vectorSearch: 'exact' };
  private readonly namespaceStates = new Map<string, InMemoryNamespace>();
  private closed = false;

  async apply(change: ChangeSet): Promise<ChangeResult> {
    this.open();
    const existing = this.peek(change?.namespace);
    const plan = planChange(change, {
      space: existing?.space,
      memory: (id) => existing?.memories.get(id),
      hasTrajectory: (id) => existing?.trajectories.has(id) ?? false,
      hasEvidence: (id) => existing?.evidenceIds.has(id) ?? false,
    });
    const learnRecords = planLearnRecords(change, plan, { hasDigest: (d) => existing?.learnRecords.has(d) ?? false });
    // Validation is complete: from here on nothing can fail, so the change is all-or-nothing.
    let state = this.namespaceStates.get(plan.namespace);
    if (state === undefined) {
      state = new InMemoryNamespace();
      this.namespaceStates.set(plan.namespace, state);
    }
    state.applyChange(plan, learnRecords);
    return structuredClone(plan.result);
  }

  async get({ namespace, ids }: { namespace: string; ids: readonly string[] }): Promise<Memory[]> {
    this.open();
    const s = this.peek(namespace);
    const out: Memory[] = [];
    for (const id of checkIds(ids)) {
      const m = s?.memories.get(id);
      if (m !== undefined) out.push(structuredClone(m));
    }
    return out;
  }

  async kinds({
    namespace,
    ids,
  }: {
    namespace: string;
    ids: readonly string[];
  }): Promise<Map<string, MemoryKindAndStatus>> {
    this.open();
    const s = this.peek(namespace);
    const out = new Map<string, MemoryKindAndStatus>();
    for (const id of checkIds(ids)) {
      const m = s?.memories.get(id);
      if (m !== undefined) out.set(id, { kind: m.kind, status: m.status });
    }
    return out;
  }

  async list(query: MemoryListQuery): Promise<Memory[]> {
    this.open();
    const q = checkListQuery(query);
    const s = this.namespaceStates.get(q.namespace);
    let all = s?.sorted() ?? [];
    if (q.after !== undefined) {
      const cursor = s?.memories.get(q.after);
      if (cursor === undefined) {
        throw new MempError('INVALID_ARGUMENT', `unknown cursor ${q.after}`, { details: { field: 'after' } });
      }
      all = all.filter((m) => byCreation(m, cursor) > 0);
    }
    return all
      .filter((m) => (q.status === undefined || m.status === q.status) && (q.kind === undefined || m.kind === q.kind))
      .slice(0, q.limit)
      .map((m) => structuredClone(m));
  }

  async ids({ namespace, status }: { namespace: string; status?: MemoryStatus }): Promise<string[]> {
    this.open();
    const wanted = checkStatus(status ?? 'active');
    return (this.peek(namespace)?.sorted() ?? []).filter((m) => m.status === wanted).map((m) => m.id);
  }

  async revisions({ namespace, memoryId }: { namespace: string; memoryId: string }): Promise<Revision[]> {
    this.open();
    const list = this.peek(namespace)?.revisions.get(memoryId) ?? [];
    return list
      .map((r, i) => ({ r, i }))
      .sort((a, b) => a.r.version - b.r.version || a.i - b.i)
      .map(({ r }) => structuredClone(r));
  }

  async learnRecords(query: {
    namespace: string;
    digests?: readonly string[];
    idempotencyKey?: string;
  }): Promise<LearnRecord[]> {
    this.open();
    const s = this.peek(checkNamespace(query.namespace));
    return s === undefined ? [] : matchLearnRecords(s.learnRecords.values(), query);
  }

  async trajectory({ namespace, id }: { namespace: string; id: string }): Promise<Trajectory | undefined> {
    this.open();
    const t = this.peek(namespace)?.trajectories.get(id);
    return t === undefined ? undefined : structuredClone(t);
  }

  async vectors({
    namespace,
    ids,
  }: {
    namespace: string;
    ids: readonly string[];
  }): Promise<Map<string, MemoryVectors>> {
    this.open();
    const s = this.peek(namespace);
    const out = new Map<string, MemoryVectors>();
    for (const id of checkIds(ids)) {
      const v = s?.vectors.get(id);
      if (v !== undefined) out.set(id, copyVectors(v));
    }
    return out;
  }

  async search(query: VectorSearch): Promise<VectorHit[]> {
    this.open();
    const s = this.peek(query?.namespace);
    const q = checkSearch(query, s?.space);
    return s === undefined ? [] : s.search(q);
  }

  /** Lexical search by scanning the namespace's memories (see `scanLexical`). */
  async lexicalSearch(query: LexicalSearch): Promise<LexicalHit[]> {
    this.open();
    const q = checkLexicalSearch(query);
    const s = this.peek(q.namespace);
    return s === undefined ? [] : scanLexical(s.memories.values(), s.lexicon, q);
  }

  async space({ namespace }: { namespace: string }): Promise<EmbeddingSpace | undefined> {
    this.open();
    const sp = this.peek(namespace)?.space;
    return sp === undefined ? undefined : { ...sp };
  }

  async reembed(change: Reembedding): Promise<void> {
    this.open();
    const s = this.peek(change?.namespace);
    const plan = planReembed(change, { memories: [...(s?.memories.values() ?? [])] });
    if (s === undefined || plan.memories.length === 0) return;
    s.applyReembed(plan);
  }

  async stats({ namespace }: { namespace: string }): Promise<NamespaceStats> {
    this.open();
    return (this.peek(namespace) ?? NO_NAMESPACE).stats();
  }

  async evidence(query: EvidenceQuery): Promise<EvidenceRecord[]> {
    this.open();
    const q = checkEvidenceQuery(query);
    return (this.peek(q.namespace)?.evidence ?? [])
      .filter(
        (e) =>
          (q.memoryIds === undefined || q.memoryIds.has(e.memoryId)) && (q.kinds === undefined || q.kinds.has(e.kind)),
      )
      .map((e) => structuredClone(e));
  }

  async namespaces(): Promise<string[]> {
    this.open();
    return [...this.namespaceStates.entries()]
      .filter(([, s]) => !s.isEmpty)
      .map(([name]) => name)
      .sort();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.namespaceStates.clear();
  }

  private open(): void {
    if (this.closed) throw new MempError('STORAGE_FAILED', 'the memory store is closed');
  }

  private peek(namespace: string): InMemoryNamespace | undefined {
    return this.namespaceStates.get(checkNamespace(namespace));
  }
}

/** The reference {@link MemoryStore} (see {@link InMemoryMemoryStore}). */
export function createInMemoryMemoryStore(): MemoryStore {
  return new InMemoryMemoryStore();
}
