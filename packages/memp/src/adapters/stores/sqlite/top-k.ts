import type { VectorHit } from '../../../ports/memory-store.js';

/**
 * Picks the `k` best slots by `scores[slot]` (higher first, ties by id ascending) among the first `count`,
 * skipping scores that are `-Infinity` (no vector in the field, or filtered out) or below `minScore`.
 * A bounded min-heap: O(count · log k) time, O(k) memory. `hitOf` makes each hit (default: its id and score).
 */
export function selectTopK(options: {
  scores: Float64Array;
  count: number;
  ids: readonly string[];
  k: number;
  minScore: number;
  hitOf?: (slot: number, score: number) => VectorHit;
}): VectorHit[] {
  const { scores, count, ids, k, minScore } = options;
  const hitOf = options.hitOf ?? ((slot: number, score: number) => ({ id: ids[slot] as string, score }));
  if (!(k > 0)) return [];
  const heap: number[] = [];
  // `worse(a, b)`: slot a ranks below slot b.
  const worse = (a: number, b: number): boolean => {
    const sa = scores[a] as number;
    const sb = scores[b] as number;
    if (sa !== sb) return sa < sb;
    return (ids[a] as string) > (ids[b] as string);
  };
  const siftUp = (i: number): void => {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!worse(heap[i] as number, heap[parent] as number)) break;
      [heap[i], heap[parent]] = [heap[parent] as number, heap[i] as number];
      i = parent;
    }
  };
  const siftDown = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && worse(heap[l] as number, heap[m] as number)) m = l;
      if (r < heap.length && worse(heap[r] as number, heap[m] as number)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m] as number, heap[i] as number];
      i = m;
    }
  };
  // Once the heap is full, the score of its worst slot: most slots fall below it and are skipped by one comparison.
  let floor = Number.NEGATIVE_INFINITY;
  for (let slot = 0; slot < count; slot++) {
    const s = scores[slot] as number;
    if (s === Number.NEGATIVE_INFINITY || s < minScore) continue;
    if (heap.length < k) {
      heap.push(slot);
      siftUp(heap.length - 1);
      if (heap.length === k) floor = scores[heap[0] as number] as number;
    } else if (s > floor || (s === floor && (ids[slot] as string) < (ids[heap[0] as number] as string))) {
      // `worse(heap[0], slot)`, spelled out.
      heap[0] = slot;
      siftDown(0);
      floor = scores[heap[0] as number] as number;
    }
  }
  const hits = heap.map((slot) => hitOf(slot, scores[slot] as number));
  hits.sort((a, b) => (a.score !== b.score ? b.score - a.score : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return hits;
}
