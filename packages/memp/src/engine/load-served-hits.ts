import type { Memory } from '../core/memory.js';
import type { Retrieved } from '../core/retrieved.js';
import type { RetrieveHit } from '../policies/retrieve/retrieve-policy.js';
import type { MemoryKindAndStatus, MemoryStore } from '../ports/memory-store.js';
import { breakScoreTies, tieGroups } from './break-score-ties.js';

/** Procedures apart from lessons, each in hit order. */
export interface SplitHits {
  procedures: Retrieved[];
  lessons: Retrieved[];
}

/** How a hit may be served: as a procedure, as a lesson, or not at all (no longer stored, or not active). */
type Role = 'procedure' | 'lesson' | undefined;

/**
 * Under similarity ranking a retrieve serves only the first `k` procedures of its candidate pool and the lessons
 * scoring at least `lessonMinScore`, yet the pool is about four times larger. This splits the pool by each
 * memory's kind and status alone (carried by the hits when the store's search knew them, else
 * {@link MemoryStore.kinds}; no body read), settles only the ties that can change
 * what is served, and reads the bodies of just the memories served. The result equals what reading every
 * candidate ({@link MemoryStore.get}) and settling every tie gives, cut to those memories.
 *
 * The tie-break's evidence read and the body read run at once (one wait for a store across a network, not two):
 * which memories are served is known before the tie-break except in a tied group straddling the `k`-th procedure,
 * and there the bodies read are those served when no track record reorders the group (the common case: most
 * memories have none). Only when records move another member of that group above the cut are its bodies read
 * after the tie-break ({@link planServedReads}).
 *
 * Returns `'widen'` when fewer than `k` procedures are in the pool and `more` says a wider pool may hold others
 * (nothing read but the kinds), and undefined when a body read no longer matches the kind or status read just
 * before (a concurrent write): the caller then reads the whole pool as it is.
 */
export async function loadServedHits(options: {
  store: MemoryStore & Required<Pick<MemoryStore, 'kinds'>>;
  namespace: string;
  hits: RetrieveHit[];
  k: number;
  lessons: number;
  lessonMinScore: number;
  more: boolean;
  explain: (hit: RetrieveHit, rank: number) => Retrieved['explain'] | undefined;
}): Promise<SplitHits | 'widen' | undefined> {
  const { store, namespace, hits, k, lessons, lessonMinScore } = options;
  const kinds = kindsCarriedBy(hits) ?? (await store.kinds({ namespace, ids: hits.map((h) => h.id) }));
  const roleOf = (hit: RetrieveHit): Role => {
    const found = kinds.get(hit.id);
    if (found?.status !== 'active') return undefined;
    return found.kind === 'lesson' ? 'lesson' : 'procedure';
  };
  const servable = (hit: RetrieveHit): boolean => lessons > 0 && hit.score >= lessonMinScore;
  let procedures = 0;
  for (const hit of hits) if (roleOf(hit) === 'procedure') procedures += 1;
  if (procedures < k && options.more) return 'widen';
  const plan = planServedReads({ hits, k, roleOf, servable });
  const [ordered, early] = await Promise.all([
    breakScoreTies({ hits, store, namespace, settles: (group) => plan.settled.has((group[0] as RetrieveHit).id) }),
    plan.early.length === 0 ? [] : store.get({ namespace, ids: plan.early }),
  ]);
  const picked: { hit: RetrieveHit; rank: number; role: 'procedure' | 'lesson' }[] = [];
  let taken = 0;
  ordered.forEach((hit, i) => {
    const role = roleOf(hit);
    if (role === 'procedure' && taken < k) {
      taken += 1;
      picked.push({ hit, rank: i + 1, role });
    } else if (role === 'lesson' && servable(hit)) picked.push({ hit, rank: i + 1, role });
  });
  const bodies = new Map<string, Memory>(early.map((m) => [m.id, m]));
  // Picked but not read yet: members of the straddling group that a track record moved above the cut.
  const asked = new Set(plan.early);
  const late = picked.filter((p) => !asked.has(p.hit.id)).map((p) => p.hit.id);
  if (late.length > 0) for (const m of await store.get({ namespace, ids: late })) bodies.set(m.id, m);
  const out: SplitHits = { procedures: [], lessons: [] };
  for (const { hit, rank, role } of picked) {
    const memory = bodies.get(hit.id);
    if (memory?.status !== 'active' || (memory.kind === 'lesson') !== (role === 'lesson')) return undefined;
    const one: Retrieved = { memory, score: hit.score, key: hit.key };
    const explanation = options.explain(hit, rank);
    if (explanation !== undefined) one.explain = explanation;
    (role === 'lesson' ? out.lessons : out.procedures).push(one);
  }
  return out;
}

/**
 * The kind and status of every hit when each carries them (the store's search knew them: no `kinds` read), else
 * undefined. Hits the search returned are of searched statuses, so only a concurrent write can make them stale, which
 * the body read catches as it catches one after a `kinds` read.
 */
function kindsCarriedBy(hits: readonly RetrieveHit[]): Map<string, MemoryKindAndStatus> | undefined {
  const kinds = new Map<string, MemoryKindAndStatus>();
  for (const hit of hits) {
    if (hit.kind === undefined || hit.status === undefined) return undefined;
    kinds.set(hit.id, { kind: hit.kind, status: hit.status });
  }
  return kinds;
}

/**
 * What to read before the tie-break is settled. `settled`: the ids of the tied groups that matter — a group holding
 * one of the first `k` procedures or a lesson that may be served (tie-breaking reorders hits within a group only,
 * so the groups, and the procedures before each, are known beforehand). `early`: the ids whose bodies to read
 * together with the tie-break's evidence — the servable lessons (served whatever the order), the procedures of the
 * groups wholly above the cut, and of a group straddling it the first members in the given order, those served
 * when no track record reorders the group. Served procedures outside `early` are read once the order is known.
 */
function planServedReads(options: {
  hits: readonly RetrieveHit[];
  k: number;
  roleOf: (hit: RetrieveHit) => Role;
  servable: (hit: RetrieveHit) => boolean;
}): { settled: Set<string>; early: string[] } {
  const { hits, k, roleOf, servable } = options;
  const settled = new Set<string>();
  const early: string[] = [];
  let before = 0;
  for (const group of tieGroups(hits)) {
    let settle = false;
    for (const hit of group) {
      const role = roleOf(hit);
      if (role === 'procedure') {
        settle ||= before < k;
        if (before < k) early.push(hit.id);
        before += 1;
      } else if (role === 'lesson' && servable(hit)) {
        settle = true;
        early.push(hit.id);
      }
    }
    if (settle) for (const hit of group) settled.add(hit.id);
  }
  return { settled, early };
}
