import { DEFAULT_NAMESPACE } from 'memp';
import type { Memp } from 'memp';
import type { RetrievePolicy, RetrievePolicyName } from 'memp';
import { createTaskTypeLookup } from './task-type-lookup.js';

/** Retrieval quality of one policy. */
export interface RetrievalQuality {
  /** The policy's name (a policy object's `name`). */
  policy: string;
  /** Queries asked. */
  queries: number;
  /** Share of queries whose top-1 memory has the query's task type, 0..1. */
  top1SameType: number;
  /** Mean share of the top-k memories with the query's task type, 0..1. */
  topKSameType: number;
  k: number;
  /** Top-1 share per task type of the query. */
  byTaskType: Record<string, { queries: number; top1SameType: number }>;
  /** Mean retrieval time, milliseconds. */
  meanMs: number;
}

/**
 * Measures how often retrieval returns memories of the query's task type: for each task, retrieve top-k with
 * each policy and check the task type of the retrieved memories (from their source trajectories' `meta.taskType`).
 * A proxy for retrieval precision that needs no agent.
 */
export async function measureRetrievalQuality(options: {
  memp: Memp;
  tasks: ReadonlyArray<{ task: string; taskType: string }>;
  /** Policies by name, or policy objects (variants told apart by their `name`). */
  policies: ReadonlyArray<RetrievePolicyName | RetrievePolicy>;
  /** Default 3. */
  k?: number;
  namespace?: string;
}): Promise<RetrievalQuality[]> {
  const { memp, tasks } = options;
  const k = options.k ?? 3;
  const namespace = options.namespace ?? DEFAULT_NAMESPACE;
  const lookup = createTaskTypeLookup({ store: memp.store, namespace });
  const out: RetrievalQuality[] = [];
  for (const policy of options.policies) {
    let top1 = 0;
    let topK = 0;
    let ms = 0;
    const perType = new Map<string, { queries: number; hits: number }>();
    for (const { task, taskType } of tasks) {
      const began = performance.now();
      const retrieved = await memp.retrieve({ task, k, policy, namespace });
      ms += performance.now() - began;
      const types = await Promise.all(retrieved.map((r) => lookup.ofMemory(r.memory)));
      const hit = types[0] === taskType;
      if (hit) top1 += 1;
      topK += types.length === 0 ? 0 : types.filter((t) => t === taskType).length / types.length;
      const group = perType.get(taskType) ?? { queries: 0, hits: 0 };
      group.queries += 1;
      if (hit) group.hits += 1;
      perType.set(taskType, group);
    }
    const n = Math.max(1, tasks.length);
    out.push({
      policy: typeof policy === 'string' ? policy : policy.name,
      queries: tasks.length,
      top1SameType: top1 / n,
      topKSameType: topK / n,
      k,
      byTaskType: Object.fromEntries(
        [...perType]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([type, g]) => [type, { queries: g.queries, top1SameType: g.hits / g.queries }]),
      ),
      meanMs: ms / n,
    });
  }
  return out;
}
