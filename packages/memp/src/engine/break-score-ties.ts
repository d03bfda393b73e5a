import type { MemoryStore } from '../ports/memory-store.js';
import type { RetrieveHit } from '../policies/retrieve/retrieve-policy.js';
import { witnessesOf } from './trust-rules.js';

/** Scores closer than this are a tie. */
const TIE = 1e-9;

/** The evidence a track record counts. */
const TRACK_RECORD_KINDS = ['success', 'failure'] as const;

/**
 * `hits` cut into runs of equal score (each next to the previous one within {@link TIE}), in order: the groups
 * {@link breakScoreTies} reorders. A run of one hit is a tie with nothing.
 */
export function tieGroups(hits: readonly RetrieveHit[]): RetrieveHit[][] {
  const groups: RetrieveHit[][] = [];
  let group: RetrieveHit[] = [];
  for (const hit of hits) {
    const last = group[group.length - 1];
    if (last && Math.abs(last.score - hit.score) > TIE) {
      groups.push(group);
      group = [];
    }
    group.push(hit);
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

/**
 * Orders hits of equal score by their track record — distinct success witnesses minus distinct failure witnesses,
 * best first — instead of by id (which favours whichever memory sorts first, e.g. an older copy an attacker planted).
 * Hits of different scores keep their order; without a tie, no evidence is read. A first step of issue 23's
 * utility-aware ranking (the `rank: 'utility'` option re-ranks all candidates; this only settles ties).
 * `settles`, when given, names the tied groups worth settling (the others keep their order and cost no read): a
 * caller that serves only part of the hits settles only the groups it may serve from.
 */
export async function breakScoreTies(options: {
  hits: RetrieveHit[];
  store: MemoryStore;
  namespace: string;
  settles?: (group: readonly RetrieveHit[]) => boolean;
}): Promise<RetrieveHit[]> {
  const { hits, store, namespace, settles } = options;
  const groups = tieGroups(hits).map((group) => ({
    group,
    settle: group.length > 1 && (settles === undefined || settles(group)),
  }));
  const tied = new Set<string>();
  for (const { group, settle } of groups) if (settle) for (const hit of group) tied.add(hit.id);
  if (tied.size === 0) return hits;
  // Only the kinds the track record counts: a store can leave the others (most of them: `support`) unread.
  const records = await store.evidence({ namespace, memoryIds: [...tied], kinds: TRACK_RECORD_KINDS });
  // No track record at all (the common case): every tied hit scores 0, and the stable sort below keeps each group
  // in the order given, so the hits are already in their final order.
  if (records.length === 0) return hits;
  const byMemory = new Map<string, typeof records>();
  for (const r of records) {
    const own = byMemory.get(r.memoryId);
    if (own === undefined) byMemory.set(r.memoryId, [r]);
    else own.push(r);
  }
  const record = new Map<string, number>();
  for (const id of tied) {
    const own = byMemory.get(id) ?? [];
    record.set(id, witnessesOf(own, 'success').size - witnessesOf(own, 'failure').size);
  }
  const out: RetrieveHit[] = [];
  for (const { group, settle } of groups) {
    if (!settle) {
      out.push(...group);
      continue;
    }
    out.push(
      ...group
        .map((h, i) => ({ h, i }))
        .sort((a, b) => (record.get(b.h.id) ?? 0) - (record.get(a.h.id) ?? 0) || a.i - b.i)
        .map(({ h }) => h),
    );
  }
  return out;
}
