import { checkTextLimit } from '../core/check-input-limits.js';
import { MempError } from '../core/errors.js';
import type { RetrievalExplanation, Retrieved } from '../core/retrieved.js';
import type { RetrieveHit, RetrievePolicy, RetrievePolicyName } from '../policies/retrieve/retrieve-policy.js';
import { assertEmbeddingSpace } from './assert-embedding-space.js';
import { checkOptionalNumber, checkPositiveInt, checkRequest } from './check-request.js';
import type { EngineContext } from './engine-context.js';
import { resolveRetrievePolicy } from './resolve-retrieve-policy.js';
import { selectWithinBudget } from './select-within-budget.js';

/** A request to retrieve memories for a task. */
export interface RetrieveOptions {
  task: string;
  namespace?: string;
  k?: number;
  minScore?: number;
  maxTokens?: number;
  /**
   * Override the engine's retrieval policy for this call. Naming the engine's own policy (e.g. `hybrid`) uses it as
   * configured (its settings kept).
   */
  policy?: RetrievePolicyName | RetrievePolicy;
  /**
   * Also return, on each result, why it was chosen (`Retrieved.explain`): its rank and score in the vector ranking,
   * and for `hybrid` its lexical rank, score and matched terms and each ranking's contribution. Default false.
   */
  explain?: boolean;
}

/** The explanation of a hit: the policy's own, or for a plain vector policy its rank and cosine. */
function explanationOf(hit: RetrieveHit, rank: number): RetrievalExplanation {
  if (hit.explain !== undefined) return hit.explain;
  return hit.key === 'random' ? {} : { vector: { rank, score: hit.score } };
}

/**
 * Retrieves the active memories most likely to help with `request.task`, best first: the policy's hits within `k`
 * and `minScore` (the engine's defaults when not given), then cut to the `maxTokens` budget. Validates the request
 * (`INVALID_ARGUMENT`; a task over `limits.maxTaskBytes` → `PAYLOAD_TOO_LARGE`) and the namespace's embedding space
 * (`EMBEDDER_MISMATCH`).
 */
export async function retrieveMemories(context: EngineContext, request: RetrieveOptions): Promise<Retrieved[]> {
  checkRequest(request, 'retrieve');
  const namespace = context.namespace(request.namespace);
  if (typeof request.task !== 'string')
    throw new MempError('INVALID_ARGUMENT', 'task must be a string', { details: { field: 'task' } });
  const task = request.task.trim();
  if (!task) throw new MempError('INVALID_ARGUMENT', 'task must not be empty', { details: { field: 'task' } });
  // Before any embedding or keyword extraction: their cost grows with the task.
  checkTextLimit({ text: task, field: 'task', limit: 'maxTaskBytes', limits: context.limits });
  const policy =
    request.policy === undefined || request.policy === context.retrievePolicy.name
      ? context.retrievePolicy
      : resolveRetrievePolicy(request.policy, context.seed);
  if (request.explain !== undefined && typeof request.explain !== 'boolean')
    throw new MempError('INVALID_ARGUMENT', 'explain must be a boolean', { details: { field: 'explain' } });
  const k = checkPositiveInt(request.k ?? context.k, 'k');
  const minScore = checkOptionalNumber(request.minScore, 'minScore') ?? context.minScore;
  const maxTokens = checkOptionalNumber(request.maxTokens, 'maxTokens', 0) ?? context.maxTokens;
  const { store, embedder, keywords } = context;
  await assertEmbeddingSpace({ store, embedder, namespace });
  const hits = await policy.retrieve(
    { namespace, task, k, ...(minScore === undefined ? {} : { minScore }) },
    { store, embedder, keywords },
  );
  const memories = new Map((await store.get({ namespace, ids: hits.map((h) => h.id) })).map((m) => [m.id, m]));
  const retrieved: Retrieved[] = [];
  hits.forEach((hit, i) => {
    const memory = memories.get(hit.id);
    if (memory === undefined || memory.status !== 'active') return;
    const one: Retrieved = { memory, score: hit.score, key: hit.key };
    if (request.explain === true) one.explain = explanationOf(hit, i + 1);
    retrieved.push(one);
  });
  return selectWithinBudget(retrieved, maxTokens);
}
