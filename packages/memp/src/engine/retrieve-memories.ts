import { checkTextLimit } from '../core/check-input-limits.js';
import { MempError } from '../core/errors.js';
import type { Retrieved } from '../core/retrieved.js';
import type { RetrievePolicy, RetrievePolicyName } from '../policies/retrieve/retrieve-policy.js';
import { assertEmbeddingSpace } from './assert-embedding-space.js';
import { checkOptionalNumber, checkPositiveInt, checkRequest } from './check-request.js';
import type { EngineContext } from './engine-context.js';
import { resolveRetrievePolicy } from './resolve-retrieve-policy.js';
import { selectWithinBudget } from './select-within-budget.js';
import { breakScoreTies } from './break-score-ties.js';

/** A request to retrieve memories for a task. */
export interface RetrieveOptions {
  task: string;
  namespace?: string;
  k?: number;
  minScore?: number;
  maxTokens?: number;
  /** Override the engine's retrieval policy for this call. */
  policy?: RetrievePolicyName | RetrievePolicy;
}

/**
 * Retrieves the active memories most likely to help with `request.task`, best first: the policy's hits within `k`
 * and `minScore` (the engine's defaults when not given), equal scores ordered by track record ({@link breakScoreTies}), then cut to the `maxTokens` budget. Validates the request
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
    request.policy === undefined ? context.retrievePolicy : resolveRetrievePolicy(request.policy, context.seed);
  const k = checkPositiveInt(request.k ?? context.k, 'k');
  const minScore = checkOptionalNumber(request.minScore, 'minScore') ?? context.minScore;
  const maxTokens = checkOptionalNumber(request.maxTokens, 'maxTokens', 0) ?? context.maxTokens;
  const { store, embedder, keywords } = context;
  await assertEmbeddingSpace({ store, embedder, namespace });
  // One hit more than asked, so a tie at the k-th place is settled by track record too (random retrieval: as asked).
  const ordered = policy.name !== 'random';
  const found = await policy.retrieve(
    { namespace, task, k: ordered ? k + 1 : k, ...(minScore === undefined ? {} : { minScore }) },
    { store, embedder, keywords },
  );
  const hits = ordered ? (await breakScoreTies({ hits: found, store, namespace })).slice(0, k) : found;
  const memories = new Map((await store.get({ namespace, ids: hits.map((h) => h.id) })).map((m) => [m.id, m]));
  const retrieved: Retrieved[] = [];
  for (const hit of hits) {
    const memory = memories.get(hit.id);
    if (memory && memory.status === 'active') retrieved.push({ memory, score: hit.score, key: hit.key });
  }
  return selectWithinBudget(retrieved, maxTokens);
}
