import { isMempError } from '../core/errors.js';
import type { Clock } from '../core/clock.js';
import type { Memory } from '../core/memory.js';
import { dot } from '../core/vector.js';
import type { MemoryStore, MemoryUpdate } from '../ports/memory-store.js';
import {
  abstractSignature,
  type ConsolidationRule,
  lineSimilarity,
  procedureLength,
  procedureSimilarity,
} from '../policies/update/consolidation-rule.js';
import type { Merger } from '../ports/merger.js';
import { type RetentionRule, selectEvictions } from '../policies/update/retention-rule.js';
import { listAllMemories } from './list-all-memories.js';
import { planMerge } from './plan-merge.js';

/** One group of memories that say the same thing, merged into its survivor. */
export interface ConsolidationCluster {
  /** The memory that stays active: the shortest procedure of the cluster (then most support, then oldest). */
  survivor: string;
  task: string;
  /** Memories deprecated into the survivor. */
  absorbed: string[];
  /** Trajectories the survivor stands for after the merge (`provenance.from`). */
  support: number;
}

/** What a consolidation did (or, with `dryRun`, would do). */
export interface ConsolidationReport {
  namespace: string;
  dryRun: boolean;
  /** Active memories before and after. */
  before: number;
  after: number;
  /** Clusters of two or more memories, largest first. */
  clusters: ConsolidationCluster[];
  /** Memories deprecated by the retention limits, after merging. */
  evicted: Array<{ id: string; why: 'expired' | 'over-limit'; note: string }>;
  /** `offline` or the model id of the merger that rewrote the survivors' procedures. */
  mergedBy: string;
}

const MAX_ATTEMPTS = 3;

/**
 * Clusters a namespace's active memories by the consolidation rule and merges each cluster into one survivor
 * (see {@link planMerge}), then applies the retention limits, as ONE atomic change: with a model the merger's
 * procedures are all written first, so a junk answer (`PROVIDER_OUTPUT_INVALID`) changes nothing. Clustering is
 * greedy in creation order: a memory joins the first cluster whose current representative (its shortest
 * procedure) says the same thing — same abstract procedure, or task cosine and procedure similarity above the
 * thresholds. A concurrent writer (`CONFLICT`) makes it re-read and re-plan.
 */
export async function consolidateNamespace(options: {
  store: MemoryStore;
  namespace: string;
  rule: ConsolidationRule;
  merger?: Merger;
  retention?: RetentionRule;
  clock: Clock;
  dryRun: boolean;
}): Promise<ConsolidationReport> {
  const { store, namespace, rule, merger, clock } = options;
  for (let attempt = 1; ; attempt++) {
    const at = clock.now();
    const active = (await listAllMemories({ store, namespace })).filter((m) => m.status === 'active');
    const clusters = await cluster({ store, namespace, rule, memories: active });
    const updates: MemoryUpdate[] = [];
    const report: ConsolidationReport = {
      namespace,
      dryRun: options.dryRun,
      before: active.length,
      after: active.length,
      clusters: [],
      evicted: [],
      mergedBy: merger?.id ?? 'offline',
    };
    const survivors: Memory[] = [];
    for (const members of clusters) {
      const survivor = members.reduce((best, m) => (better(m, best) ? m : best));
      const absorbed = members.filter((m) => m !== survivor);
      const support = new Set(members.flatMap((m) => m.provenance.from)).size;
      survivors.push({
        ...survivor,
        provenance: { ...survivor.provenance, from: [...new Set(members.flatMap((m) => m.provenance.from))] },
      });
      if (absorbed.length === 0) continue;
      report.clusters.push({
        survivor: survivor.id,
        task: survivor.task,
        absorbed: absorbed.map((m) => m.id),
        support,
      });
      if (options.dryRun) continue;
      const merged = merger ? await merger.merge({ survivor, absorbed }) : undefined;
      updates.push(
        ...planMerge({
          survivor,
          absorbed,
          ...(merged ? { content: merged.content } : {}),
          note: `consolidated ${absorbed.length + 1} memories${merged ? `; ${merged.note}` : ''}`,
        }),
      );
    }
    report.clusters.sort((a, b) => b.absorbed.length - a.absorbed.length || a.survivor.localeCompare(b.survivor));
    const evictions = options.retention
      ? selectEvictions({ memories: survivors, rule: options.retention, now: at })
      : [];
    report.evicted = evictions.map((e) => ({ id: e.memory.id, why: e.why, note: e.note }));
    report.after = survivors.length - evictions.length;
    if (!options.dryRun) {
      const merging = new Set(updates.map((u) => u.id));
      for (const { memory, note } of evictions) {
        // A survivor that is also merged gets its version from the merge update (applied first).
        const expectedVersion = memory.version + (merging.has(memory.id) ? 1 : 0);
        updates.push({ id: memory.id, expectedVersion, status: 'deprecated', reason: 'retention', note });
      }
    }
    if (options.dryRun || updates.length === 0) return report;
    try {
      await store.apply({ namespace, at, update: updates });
      return report;
    } catch (error) {
      if (!isMempError(error, 'CONFLICT') || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

/** Greedy clusters of `memories` in creation order (see {@link consolidateNamespace}). */
async function cluster(options: {
  store: MemoryStore;
  namespace: string;
  rule: ConsolidationRule;
  memories: Memory[];
}): Promise<Memory[][]> {
  const { store, namespace, rule, memories } = options;
  const vectors = new Map<string, Float32Array>();
  for (let i = 0; i < memories.length; i += 500) {
    const page = await store.vectors({ namespace, ids: memories.slice(i, i + 500).map((m) => m.id) });
    for (const [id, v] of page) vectors.set(id, v.task);
  }
  interface Group {
    members: Memory[];
    rep: Memory;
    signature: ReturnType<typeof abstractSignature>;
  }
  const groups: Group[] = [];
  const byTask = new Map<string, Group[]>();
  for (const memory of memories) {
    const signature = abstractSignature(memory);
    const vector = vectors.get(memory.id);
    let home = !rule.abstractRoute
      ? undefined
      : (byTask.get(signature.task) ?? []).find(
          (g) => lineSimilarity(g.signature.lines, signature.lines) >= rule.minAbstractSimilarity,
        );
    if (!home && vector) {
      home = groups.find((g) => {
        const other = vectors.get(g.rep.id);
        return (
          other !== undefined &&
          dot(vector, other) >= rule.minTaskSimilarity &&
          procedureSimilarity(g.rep, memory) >= rule.minProcedureSimilarity
        );
      });
    }
    if (!home) {
      const group = { members: [memory], rep: memory, signature };
      groups.push(group);
      byTask.set(signature.task, [...(byTask.get(signature.task) ?? []), group]);
      continue;
    }
    home.members.push(memory);
    if (better(memory, home.rep)) {
      const oldTask = home.signature.task;
      home.rep = memory;
      home.signature = signature;
      if (oldTask !== signature.task) {
        byTask.set(
          oldTask,
          (byTask.get(oldTask) ?? []).filter((g) => g !== home),
        );
        byTask.set(signature.task, [...(byTask.get(signature.task) ?? []), home]);
      }
    }
  }
  return groups.map((g) => g.members);
}

/** The better survivor: shorter procedure, then more support, then older, then smaller id. */
function better(a: Memory, b: Memory): boolean {
  const la = procedureLength(a);
  const lb = procedureLength(b);
  if (la !== lb) return la < lb;
  if (a.provenance.from.length !== b.provenance.from.length) return a.provenance.from.length > b.provenance.from.length;
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt;
  return a.id < b.id;
}
