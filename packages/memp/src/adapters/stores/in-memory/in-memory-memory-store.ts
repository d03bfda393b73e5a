import { MempError } from '../../../core/errors.js';
import type { Memory } from '../../../core/memory.js';
import type { Revision } from '../../../core/revision.js';
import type { Trajectory } from '../../../core/trajectory.js';
import { dot } from '../../../core/vector.js';
import { keywordMatchScore } from '../shared/keyword-match-score.js';
import type {
  EmbeddingSpace,
  MemoryStore,
  MemoryVectors,
  NamespaceStats,
  StoreCapabilities,
  VectorHit,
} from '../../../ports/memory-store.js';
import { createInMemoryApiKeyStore } from './in-memory-api-key-store.js';
import { planChange } from '../shared/plan-change.js';
import { planReembed } from '../shared/plan-reembed.js';
import {
  checkIds,
  checkListQuery,
  checkNamespace,
  checkSearch,
  checkStatus,
  compareHits,
  copyVectors,
} from '../shared/store-validation.js';

interface NamespaceState {
  memories: Map<string, Memory>;
  vectors: Map<string, MemoryVectors>;
  revisions: Map<string, Revision[]>;
  trajectories: Map<string, Trajectory>;
  space?: EmbeddingSpace;
}

function byCreation(a: Memory, b: Memory): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * The reference {@link MemoryStore}: everything in plain maps, exact search by scoring every memory.
 * Values are deep-copied in and out, so callers can never mutate stored state. Not persistent.
 */
export function createInMemoryMemoryStore(): MemoryStore {
  const namespaces = new Map<string, NamespaceState>();
  let closed = false;

  const open = (): void => {
    if (closed) throw new MempError('STORAGE_FAILED', 'the memory store is closed');
  };
  const peek = (namespace: string): NamespaceState | undefined => namespaces.get(checkNamespace(namespace));
  const state = (namespace: string): NamespaceState => {
    let s = namespaces.get(namespace);
    if (s === undefined) {
      s = { memories: new Map(), vectors: new Map(), revisions: new Map(), trajectories: new Map() };
      namespaces.set(namespace, s);
    }
    return s;
  };
  const sorted = (s: NamespaceState | undefined): Memory[] => [...(s?.memories.values() ?? [])].sort(byCreation);

  const capabilities: StoreCapabilities = { persistent: false, multiProcess: false, vectorSearch: 'exact' };

  return {
    capabilities,
    keys: createInMemoryApiKeyStore({ open }),

    async apply(change) {
      open();
      const existing = peek(change?.namespace);
      const plan = planChange(change, {
        space: existing?.space,
        memory: (id) => existing?.memories.get(id),
        hasTrajectory: (id) => existing?.trajectories.has(id) ?? false,
      });
      // Validation is complete: from here on nothing can fail, so the change is all-or-nothing.
      const s = state(plan.namespace);
      if (plan.newSpace !== undefined) s.space = { ...plan.newSpace };
      for (const t of plan.trajectories) s.trajectories.set(t.id, structuredClone(t));
      for (const [id, p] of plan.memories) {
        s.memories.set(id, structuredClone(p.memory));
        // The plan's vectors are fresh copies of the caller's (see planChange): nothing else holds them.
        if (p.vectors !== undefined) s.vectors.set(id, p.vectors);
      }
      for (const r of plan.revisions) {
        const list = s.revisions.get(r.memoryId) ?? [];
        list.push(structuredClone(r));
        s.revisions.set(r.memoryId, list);
      }
      for (const id of plan.deleted) {
        s.memories.delete(id);
        s.vectors.delete(id);
        s.revisions.delete(id);
      }
      return structuredClone(plan.result);
    },

    async get({ namespace, ids }) {
      open();
      const s = peek(namespace);
      const out: Memory[] = [];
      for (const id of checkIds(ids)) {
        const m = s?.memories.get(id);
        if (m !== undefined) out.push(structuredClone(m));
      }
      return out;
    },

    async list(query) {
      open();
      const q = checkListQuery(query);
      const s = namespaces.get(q.namespace);
      let all = sorted(s);
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
    },

    async ids({ namespace, status }) {
      open();
      const wanted = checkStatus(status ?? 'active');
      return sorted(peek(namespace))
        .filter((m) => m.status === wanted)
        .map((m) => m.id);
    },

    async revisions({ namespace, memoryId }) {
      open();
      const list = peek(namespace)?.revisions.get(memoryId) ?? [];
      return list
        .map((r, i) => ({ r, i }))
        .sort((a, b) => a.r.version - b.r.version || a.i - b.i)
        .map(({ r }) => structuredClone(r));
    },

    async trajectory({ namespace, id }) {
      open();
      const t = peek(namespace)?.trajectories.get(id);
      return t === undefined ? undefined : structuredClone(t);
    },

    async vectors({ namespace, ids }) {
      open();
      const s = peek(namespace);
      const out = new Map<string, MemoryVectors>();
      for (const id of checkIds(ids)) {
        const v = s?.vectors.get(id);
        if (v !== undefined) out.set(id, copyVectors(v));
      }
      return out;
    },

    async search(query) {
      open();
      const s = peek(query?.namespace);
      const q = checkSearch(query, s?.space);
      if (s === undefined) return [];
      const hits: VectorHit[] = [];
      for (const m of s.memories.values()) {
        if (!q.statuses.has(m.status)) continue;
        const v = s.vectors.get(m.id);
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
    },

    async space({ namespace }) {
      open();
      const sp = peek(namespace)?.space;
      return sp === undefined ? undefined : { ...sp };
    },

    async reembed(change) {
      open();
      const s = peek(change?.namespace);
      const plan = planReembed(change, { memories: [...(s?.memories.values() ?? [])] });
      if (s === undefined || plan.memories.length === 0) return;
      s.vectors = plan.vectors;
      for (const m of plan.memories) s.memories.set(m.id, structuredClone(m));
      s.space = { ...plan.space };
    },

    async stats({ namespace }) {
      open();
      const s = peek(namespace);
      const stats: NamespaceStats = {
        memories: 0,
        active: 0,
        deprecated: 0,
        byKind: { trajectory: 0, script: 0, proceduralization: 0 },
        trajectories: s?.trajectories.size ?? 0,
        revisions: 0,
      };
      for (const m of s?.memories.values() ?? []) {
        stats.memories += 1;
        stats[m.status] += 1;
        stats.byKind[m.kind] += 1;
      }
      for (const list of s?.revisions.values() ?? []) stats.revisions += list.length;
      if (s?.space !== undefined) stats.space = { ...s.space };
      return stats;
    },

    async namespaces() {
      open();
      return [...namespaces.entries()]
        .filter(([, s]) => s.memories.size > 0 || s.trajectories.size > 0)
        .map(([name]) => name)
        .sort();
    },

    async close() {
      closed = true;
      namespaces.clear();
    },
  };
}
