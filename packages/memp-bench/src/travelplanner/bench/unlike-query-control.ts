import { createSeededRandom, hashString, sampleWithoutReplacement } from 'memp/internal';
import type { Memory, MemoryStore, RetrievePolicy } from 'memp';
import type { TravelQuery } from '../database/travel-query.js';

/** Options of {@link createUnlikeQueryControl}. */
export interface UnlikeQueryControlOptions {
  store: MemoryStore;
  namespace: string;
  /** Every query a memory may have been built from (looked up by the `meta.idx` of its source trajectory). */
  queries: readonly TravelQuery[];
  /** Seed of the samples (combined with the query text, like the engine's random retrieval). */
  seed: number;
}

/** The constraint values of a query, lowercase, as `name=value` (one per cuisine of a list). */
function constraintValues(q: TravelQuery): Set<string> {
  return new Set(
    Object.entries(q.local_constraint).flatMap(([name, v]) =>
      v === null ? [] : (Array.isArray(v) ? v : [v]).map((x) => `${name}=${String(x).toLowerCase()}`),
    ),
  );
}

/**
 * True when query `b` is unlike query `a`: another trip length, none of `a`'s origin and destination among `b`'s
 * (either way), and no constraint value in common.
 */
export function isUnlikeQuery(a: TravelQuery, b: TravelQuery): boolean {
  if (a.days === b.days) return false;
  const places = new Set([a.org, a.dest]);
  if (places.has(b.org) || places.has(b.dest)) return false;
  const mine = constraintValues(a);
  return ![...constraintValues(b)].some((v) => mine.has(v));
}

/**
 * TravelPlanner's control: for each query, a retrieval policy that samples k active memories at random among those
 * built from queries unlike it ({@link isUnlikeQuery}). The bench knows which query a memory came from (the
 * `meta.idx` of the memory's first source trajectory, gold plan or episode); the engine does not. A memory whose
 * query is unknown is never sampled (the control must be sure it is unlike). Fewer than k unlike memories: all of
 * them. Scores are 0, key `random`.
 */
export function createUnlikeQueryControl(options: UnlikeQueryControlOptions): (query: TravelQuery) => RetrievePolicy {
  const { store, namespace, seed } = options;
  const byIdx = new Map(options.queries.map((q) => [q.idx, q]));
  const sourceQuery = new Map<string, TravelQuery | undefined>();
  async function queryOf(memory: Memory): Promise<TravelQuery | undefined> {
    const source = memory.provenance.from[0];
    if (source === undefined) return undefined;
    if (!sourceQuery.has(source)) {
      const idx = (await store.trajectory({ namespace, id: source }))?.meta?.['idx'];
      sourceQuery.set(source, typeof idx === 'number' ? byIdx.get(idx) : undefined);
    }
    return sourceQuery.get(source);
  }
  return (query) => ({
    name: 'unlike-query',
    async retrieve(request, context) {
      const ids = await context.store.ids({ namespace: request.namespace, status: 'active' });
      const unlike: string[] = [];
      for (let i = 0; i < ids.length; i += 500)
        for (const memory of await context.store.get({ namespace: request.namespace, ids: ids.slice(i, i + 500) })) {
          const source = await queryOf(memory);
          if (source !== undefined && isUnlikeQuery(query, source)) unlike.push(memory.id);
        }
      unlike.sort();
      const random = createSeededRandom((seed ^ hashString(request.task)) >>> 0);
      return sampleWithoutReplacement(unlike, request.k, random).map((id) => ({
        id,
        score: 0,
        key: 'random' as const,
      }));
    },
  });
}
