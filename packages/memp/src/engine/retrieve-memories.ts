import { checkTextLimit } from '../core/check-input-limits.js';
import { MempError } from '../core/errors.js';
import type { Memory } from '../core/memory.js';
import type { RetrievalExplanation, Retrieved } from '../core/retrieved.js';
import type { RetrieveHit, RetrievePolicy, RetrievePolicyName } from '../policies/retrieve/retrieve-policy.js';
import type { MemoryStore } from '../ports/memory-store.js';
import { assertEmbeddingSpace } from './assert-embedding-space.js';
import { checkOptionalNumber, checkPositiveInt, checkRequest } from './check-request.js';
import type { EngineContext } from './engine-context.js';
import { resolveRetrievePolicy } from './resolve-retrieve-policy.js';
import { lessonsWithinRoom, selectWithinBudget } from './select-within-budget.js';
import { RANKINGS, type Ranking, rankByUtility } from '../policies/retrieve/utility-ranking.js';
import { breakScoreTies } from './break-score-ties.js';
import { type SplitHits, loadServedHits } from './load-served-hits.js';

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
   * How the procedures are ordered: `similarity` (the paper's), or `utility` — a wider pool of similar candidates
   * re-ranked by an optimistic estimate of success when followed (`policies/retrieve/utility-ranking.ts`). Default:
   * the engine's (`similarity` unless `createMemp({ rank })` says otherwise).
   */
  rank?: Ranking;
  /**
   * Most `lesson` memories served beside the `k` procedures (lessons never take a procedure's place), those of
   * the most similar tasks scoring at least {@link LESSON_MIN_SCORE}. Default: the engine's (3); 0 serves none.
   */
  lessons?: number;
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

/** Least similarity of a lesson served beside the procedures: a lesson is served for the tasks it concerns. */
export const LESSON_MIN_SCORE = 0.5;

/** Candidates fetched per memory asked for, so lessons and the utility ranking have a pool to choose from. */
const POOL_FACTOR = 4;

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
  const rank = checkChoice(request.rank, RANKINGS, 'rank') ?? context.rank;
  const lessons = request.lessons === undefined ? context.lessons : checkCount(request.lessons, 'lessons');
  // Random retrieval samples exactly k (its seeded sample stays what it was); the others search a wider pool,
  // widened again while lessons crowd the procedures out of it and the namespace has more.
  let pool = policy.name === 'random' ? k : k * POOL_FACTOR + lessons;
  const wanted = rank === 'utility' ? k * POOL_FACTOR : k;
  const explain = request.explain === true;
  let found: SplitHits;
  for (;;) {
    const pooled = await policy.retrieve(
      { namespace, task, k: pool, ...(minScore === undefined ? {} : { minScore }) },
      { store, embedder, keywords },
    );
    const more = policy.name !== 'random' && pooled.length >= pool;
    if (policy.name !== 'random' && rank === 'similarity' && hasKinds(store)) {
      // Bodies of just the memories served (see loadServedHits); undefined after a concurrent write: read them all.
      const served = await loadServedHits({
        store,
        namespace,
        hits: pooled,
        k,
        lessons,
        lessonMinScore: LESSON_MIN_SCORE,
        more,
        explain: (hit, at) => (explain ? explanationOf(hit, at) : undefined),
      });
      if (served === 'widen') {
        pool *= POOL_FACTOR;
        continue;
      }
      if (served !== undefined) {
        found = served;
        break;
      }
    }
    // Equal scores ordered by track record (random retrieval keeps its seeded sample as it is), the bodies of the
    // whole pool read meanwhile: the order does not change which ones are read.
    const [hits, memories] = await Promise.all([
      policy.name === 'random' ? pooled : breakScoreTies({ hits: pooled, store, namespace }),
      store.get({ namespace, ids: pooled.map((h) => h.id) }),
    ]);
    found = splitHits(memories, hits, explain);
    if (!more || found.procedures.length >= wanted) break;
    pool *= POOL_FACTOR;
  }
  const lessonHits = distinctLessons(found.lessons.filter((r) => r.score >= LESSON_MIN_SCORE));
  const ranked = rank === 'utility' ? rankByUtility(found.procedures) : found.procedures;
  const procedures = ranked.slice(0, k);
  const served = [...procedures, ...lessonsWithinRoom(procedures, lessonHits.slice(0, lessons))];
  return selectWithinBudget(served, maxTokens);
}

/** The active ones of `loaded` (the bodies of `hits`), in hit order (each with its explanation when asked): procedures apart from lessons. */
function splitHits(loaded: readonly Memory[], hits: readonly RetrieveHit[], explain: boolean): SplitHits {
  const memories = new Map(loaded.map((m) => [m.id, m]));
  const procedures: Retrieved[] = [];
  const lessons: Retrieved[] = [];
  hits.forEach((hit, i) => {
    const memory = memories.get(hit.id);
    if (memory?.status !== 'active') return;
    const one: Retrieved = { memory, score: hit.score, key: hit.key };
    if (explain) one.explain = explanationOf(hit, i + 1);
    (memory.kind === 'lesson' ? lessons : procedures).push(one);
  });
  return { procedures, lessons };
}

/** True when `store` tells kinds and statuses apart from bodies ({@link MemoryStore.kinds}). */
function hasKinds(store: MemoryStore): store is MemoryStore & Required<Pick<MemoryStore, 'kinds'>> {
  return typeof store.kinds === 'function';
}

/** Lessons saying the same thing (same text) once: the best-scoring one. */
function distinctLessons(lessons: readonly Retrieved[]): Retrieved[] {
  const seen = new Set<string>();
  return lessons.filter((r) => {
    const text = r.memory.script ?? '';
    if (seen.has(text)) return false;
    seen.add(text);
    return true;
  });
}

/** A non-negative integer option, or `INVALID_ARGUMENT` naming `field`. */
function checkCount(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    throw new MempError('INVALID_ARGUMENT', `${field} must be a non-negative integer`, { details: { field } });
  return value;
}

/** One of `choices` (undefined stays undefined), or `INVALID_ARGUMENT` naming `field`. */
function checkChoice<T extends string>(value: unknown, choices: readonly T[], field: string): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T;
  throw new MempError('INVALID_ARGUMENT', `${field} must be one of ${choices.join(', ')}`, { details: { field } });
}
