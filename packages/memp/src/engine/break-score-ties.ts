import type { MemoryStore } from '../ports/memory-store.js';
import type { RetrieveHit } from '../policies/retrieve/retrieve-policy.js';
import { witnessesOf } from './trust-rules.js';

/** Scores closer than this are a tie. */
const TIE = 1e-9;

/** The evidence a track record counts. */
const TRACK_RECORD_KINDS = ['success', 'failure'] as const;

/**
 * Orders hits of equal score by their track record — distinct success witnesses minus distinct failure witnesses,
 * best first — instead of by id (which favours whichever memory sorts first, e.g. an older copy an attacker planted).
 * Hits of different scores keep their order; without a tie, no evidence is read. A first step of issue 23's
 * utility-aware ranking (the `rank: 'utility'` option re-ranks all candidates; this only settles ties).
 */
export async function breakScoreTies(options: {
  hits: RetrieveHit[];
  store: MemoryStore;
  namespace: string;
}): Promise<RetrieveHit[]> {
  const { hits, store, namespace } = options;
  const tied = new Set<string>();
  hits.forEach((hit, i) => {
    const next = hits[i + 1];
    if (next && Math.abs(hit.score - next.score) <= TIE) tied.add(hit.id).add(next.id);
  });
  if (tied.size === 0) return hits;
  // Only the kinds the track record counts: a store can leave the others (most of them: `support`) unread.
  const records = await store.evidence({ namespace, memoryIds: [...tied], kinds: TRACK_RECORD_KINDS });
  const record = new Map<string, number>();
  for (const id of tied) {
    const own = records.filter((r) => r.memoryId === id);
    record.set(id, witnessesOf(own, 'success').size - witnessesOf(own, 'failure').size);
  }
  const out: RetrieveHit[] = [];
  let group: RetrieveHit[] = [];
  const flush = () => {
    out.push(
      ...group
        .map((h, i) => ({ h, i }))
        .sort((a, b) => (record.get(b.h.id) ?? 0) - (record.get(a.h.id) ?? 0) || a.i - b.i)
        .map(({ h }) => h),
    );
    group = [];
  };
  for (const hit of hits) {
    const last = group[group.length - 1];
    if (last && Math.abs(last.score - hit.score) > TIE) flush();
    group.push(hit);
  }
  flush();
  return out;
}
