import type { Memory } from '../../../core/memory.js';
import type { ChangeSet, Reembedding } from '../../../ports/memory-store.js';
import { planChange } from '../shared/plan-change.js';
import type { ChangePlan } from '../shared/plan-change.js';
import { planReembed } from '../shared/plan-reembed.js';
import type { ReembedPlan } from '../shared/plan-reembed.js';
import { KeywordRefs, deleteEmbedding, deleteNamespaceEmbeddings, insertEmbedding } from './sqlite-embeddings.js';
import { memoryFromRow, spaceFromRow } from './sqlite-rows.js';
import type { SqliteStatements } from './sqlite-statements.js';
import { readGeneration } from './sqlite-vector-loader.js';

/** Generations whose changed memories stay listed in `search_changes` (older ones are pruned). */
export const RETAINED_SEARCH_GENERATIONS = 2000;
/** Pruning runs every this many generations, so most writes touch one page of `search_changes`, not two. */
const PRUNE_EVERY = 64;

/**
 * Moves the namespace's change counter one step by listing the memories the step changed (`''`: all of them;
 * also written when the list is empty, so that the step exists): the counter is the newest listed generation.
 */
function recordSearchChange(st: SqliteStatements, namespace: string, before: number, ids: Iterable<string>): void {
  const generation = before + 1;
  let listed = 0;
  for (const id of ids) listed += st.recordSearchChange.run(namespace, generation, id).changes;
  if (listed === 0) st.recordSearchChange.run(namespace, generation, '');
  if (generation % PRUNE_EVERY === 0) st.pruneSearchChanges.run(namespace, generation - RETAINED_SEARCH_GENERATIONS);
}

/** What a write transaction did to the namespace's change counter. */
export interface GenerationStep {
  before: number;
  after: number;
}

function updateBody(st: SqliteStatements, memory: Memory): void {
  st.updateMemory.run(memory.status, memory.kind, memory.version, JSON.stringify(memory), memory.namespace, memory.id);
}

/**
 * Plans and writes one change. Must run inside a `BEGIN IMMEDIATE` transaction so that the version checks of
 * the plan happen under the write lock.
 */
export function writeChange(st: SqliteStatements, change: ChangeSet): { plan: ChangePlan; generation: GenerationStep } {
  const namespace = typeof change?.namespace === 'string' ? change.namespace : '';
  const plan = planChange(change, {
    space: spaceFromRow(st.space.get(namespace)),
    memory: (id) => {
      const body: unknown = st.memoryBody.pluck().get(namespace, id);
      return body === undefined ? undefined : memoryFromRow(body);
    },
    hasTrajectory: (id) => st.trajectoryExists.get(namespace, id) !== undefined,
    hasEvidence: (id) => st.evidenceExists.get(namespace, id) !== undefined,
  });
  const ns = plan.namespace;
  const refs = new KeywordRefs(st.embeddings, ns);
  const before = readGeneration(st, ns);
  if (plan.newSpace !== undefined) st.upsertSpace.run(ns, plan.newSpace.embedder, plan.newSpace.dimension);
  for (const t of plan.trajectories) st.insertTrajectory.run(ns, t.id, JSON.stringify(t));
  for (const [id, p] of plan.memories) {
    const m = p.memory;
    if (p.isNew) st.insertMemory.run(ns, id, m.status, m.kind, m.createdAt, m.version, JSON.stringify(m));
    else updateBody(st, m);
    if (p.vectors !== undefined) {
      if (!p.isNew) deleteEmbedding(st.embeddings, { refs, memoryId: id });
      insertEmbedding(st.embeddings, { refs, memoryId: id, version: before + 1, vectors: p.vectors });
    }
  }
  for (const r of plan.revisions) st.insertRevision.run(ns, r.memoryId, r.version, JSON.stringify(r));
  for (const e of plan.evidence) st.insertEvidence.run(ns, e.id, e.memoryId, e.kind, JSON.stringify(e));
  for (const id of plan.deleted) {
    deleteEmbedding(st.embeddings, { refs, memoryId: id });
    st.deleteRevisionsOf.run(ns, id);
    st.deleteEvidenceOf.run(ns, id);
    st.deleteMemory.run(ns, id);
  }
  refs.flush();
  if (plan.searchChanged) {
    const changed = [...plan.memories].filter(([, p]) => p.searchChanged).map(([id]) => id);
    recordSearchChange(st, ns, before, [...changed, ...plan.deleted]);
  }
  return { plan, generation: { before, after: plan.searchChanged ? before + 1 : before } };
}

/** Plans and writes a re-embedding. Must run inside a `BEGIN IMMEDIATE` transaction. */
export function writeReembed(
  st: SqliteStatements,
  change: Reembedding,
): { plan: ReembedPlan; generation: GenerationStep } {
  const namespace = typeof change?.namespace === 'string' ? change.namespace : '';
  const memories: Memory[] = [];
  for (const body of st.memoryBodies.pluck().all(namespace)) memories.push(memoryFromRow(body));
  const plan = planReembed(change, { memories });
  const ns = plan.namespace;
  const refs = new KeywordRefs(st.embeddings, ns);
  const before = readGeneration(st, ns);
  if (plan.memories.length === 0) return { plan, generation: { before, after: before } };
  deleteNamespaceEmbeddings(st.embeddings, ns);
  for (const m of plan.memories) {
    updateBody(st, m);
    const vectors = plan.vectors.get(m.id);
    if (vectors !== undefined) insertEmbedding(st.embeddings, { refs, memoryId: m.id, version: before + 1, vectors });
  }
  refs.flush();
  st.upsertSpace.run(ns, plan.space.embedder, plan.space.dimension);
  recordSearchChange(st, ns, before, ['']);
  return { plan, generation: { before, after: before + 1 } };
}
