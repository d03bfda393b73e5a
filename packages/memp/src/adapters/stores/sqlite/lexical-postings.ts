import type { MemoryStatus } from '../../../core/memory.js';
import { LEXICAL_FIELDS } from '../../../core/text/lexical-terms.js';
import type { LexicalDocument } from '../../../core/text/lexical-terms.js';
import type { LexicalHit } from '../../../ports/memory-store.js';
import type { CheckedLexicalSearch } from '../shared/lexical-search-check.js';

/** FTS5's `bm25` constants (`fts5_aux.c`): term-frequency saturation k1 and length normalisation b. */
const K1 = 1.2;
const B = 0.75;
/** FTS5's floor for an inverse document frequency (a term held by half the rows or more). */
const MIN_IDF = 1e-6;
/** Headroom for rounding when comparing sums of bounds with a score (a bound is never undercut by more). */
const ROUNDING = 1 + 1e-9;
/** A term's postings are read to complete the candidates' scores while at most this many per candidate. */
const POSTINGS_PER_LOOKUP = 8;
/** Dead slots tolerated before the postings are rebuilt from the live ones. */
const MIN_DEAD_BEFORE_COMPACTION = 1024;

/** A growable list of 32-bit integers. */
class IntList {
  data: Int32Array;
  length = 0;
  constructor(capacity = 4) {
    this.data = new Int32Array(capacity);
  }
  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
}

/** One query term as the search ranks it. */
interface RankedTerm {
  /** Position in the query (the order `matched` lists terms in). */
  term: string;
  id: number;
  idf: number;
  /** Largest contribution the term can make to one memory's score. */
  bound: number;
}

/** What one search's term passes share. */
interface TermPass {
  /** The summed weight of each field mask's fields (0 for a mask of no positive weight). */
  frequency: Float64Array;
  /** 1 at the status codes searched. */
  allowed: Uint8Array;
  /** The length norm is `base + perLength · length`. */
  base: number;
  perLength: number;
  /** Memories seen so far (listed in the touched list). */
  count: number;
}

/** The `k`-th largest of `values` at `slots` (0 when there are fewer than `k`). */
function kthLargest(values: Float64Array, slots: Int32Array, count: number, k: number): number {
  if (count < k) return 0;
  const top = new Float64Array(k).fill(-1);
  for (let i = 0; i < count; i++) {
    const v = values[slots[i] as number] as number;
    if (v <= (top[k - 1] as number)) continue;
    let at = k - 1;
    while (at > 0 && v > (top[at - 1] as number)) {
      top[at] = top[at - 1] as number;
      at--;
    }
    top[at] = v;
  }
  return top[k - 1] as number;
}

/**
 * An in-process inverted index of one namespace's lexical documents, ranking exactly as SQLite FTS5's `bm25` does
 * over the store's `memory_lexicon` table (k1 1.2, b 0.75, idf `ln((N − n + 0.5) / (n + 0.5))` floored at 1e-6, a
 * term's frequency the sum of the weights of the fields holding it, the length a memory's term count over the
 * three fields), with three differences: the statistics (N, n, the average length) are the namespace's own rather
 * than the whole table's; terms match exactly, where FTS5's `unicode61` tokenizer also folds diacritics (`café`
 * matches `cafe` there, not here); and the top k is found without scoring every match: terms are read rarest-contribution last,
 * and once no memory not yet seen can reach the k-th score, the remaining (common) terms only complete the scores
 * of the memories that still can (MaxScore). A memory is a slot; an update kills its slot and appends a new one.
 */
export class LexicalPostings {
  readonly #ids: string[] = [];
  readonly #slotOf = new Map<string, number>();
  /** Status code of each slot (index into #statusNames), -1 for a dead slot. */
  #status = new IntList(1024);
  #length = new IntList(1024);
  /** Each slot's range in #pool: entries `termId * 8 + fieldMask`, ascending. */
  #start = new IntList(1024);
  #pool = new IntList(16_384);
  readonly #statusNames: string[] = [];
  readonly #vocabulary = new Map<string, number>();
  /** Per term: entries `slot * 8 + fieldMask`, slots ascending. */
  #postings: IntList[] = [];
  /** Live memories holding each term with each exact field mask, at `termId * 8 + mask`. */
  #maskCounts = new IntList(1024);
  #live = 0;
  #dead = 0;
  #totalLength = 0;
  /** Live memories of each length, and the shortest length (undefined: to recompute). */
  readonly #lengthCounts = new Map<number, number>();
  #shortest: number | undefined = 0;
  #scores = new Float64Array(0);
  #touched = new Int32Array(0);
  #kept = new Int32Array(0);

  /** Memories held (of every status). */
  get size(): number {
    return this.#live;
  }

  /** Adds or replaces the document of memory `id`. */
  upsert(id: string, status: MemoryStatus, doc: LexicalDocument): void {
    this.remove(id);
    const masks = new Map<number, number>();
    let length = 0;
    LEXICAL_FIELDS.forEach((field, f) => {
      for (const term of doc[field]) {
        const termId = this.#termId(term);
        masks.set(termId, (masks.get(termId) ?? 0) | (1 << f));
      }
      length += doc[field].length;
    });
    const slot = this.#ids.length;
    this.#ids.push(id);
    this.#slotOf.set(id, slot);
    this.#status.push(this.#statusCode(status));
    this.#length.push(length);
    this.#start.push(this.#pool.length);
    for (const termId of [...masks.keys()].sort((a, b) => a - b)) {
      const mask = masks.get(termId) as number;
      this.#pool.push(termId * 8 + mask);
      (this.#postings[termId] as IntList).push(slot * 8 + mask);
      this.#maskCounts.data[termId * 8 + mask] = (this.#maskCounts.data[termId * 8 + mask] as number) + 1;
    }
    this.#live++;
    this.#totalLength += length;
    this.#lengthCounts.set(length, (this.#lengthCounts.get(length) ?? 0) + 1);
    if (this.#shortest !== undefined && (this.#live === 1 || length < this.#shortest)) this.#shortest = length;
  }

  /** Removes memory `id` (nothing when absent). */
  remove(id: string): void {
    const slot = this.#slotOf.get(id);
    if (slot === undefined) return;
    this.#slotOf.delete(id);
    for (let i = this.#start.data[slot] as number, end = this.#end(slot); i < end; i++) {
      const at = this.#pool.data[i] as number;
      this.#maskCounts.data[at] = (this.#maskCounts.data[at] as number) - 1;
    }
    this.#status.data[slot] = -1;
    this.#live--;
    this.#dead++;
    const length = this.#length.data[slot] as number;
    this.#totalLength -= length;
    const left = (this.#lengthCounts.get(length) ?? 0) - 1;
    if (left > 0) this.#lengthCounts.set(length, left);
    else {
      this.#lengthCounts.delete(length);
      if (length === this.#shortest) this.#shortest = undefined;
    }
    if (this.#dead > Math.max(MIN_DEAD_BEFORE_COMPACTION, this.#live)) this.#compact();
  }

  /**
   * The best `q.k` memories of a status in `q.statuses` holding a query term in a field of positive weight. Terms
   * are read largest bound first; once the k-th score so far exceeds what the unread terms could add, no memory not
   * yet seen can enter the top k, so the unread terms only complete the scores of the memories seen, dropping after
   * each term those that can no longer reach the k-th score.
   */
  search(q: CheckedLexicalSearch): LexicalHit[] {
    if (this.#live === 0) return [];
    const fieldMask = LEXICAL_FIELDS.reduce((m, f, i) => (q.weights[f] > 0 ? m | (1 << i) : m), 0);
    const frequency = new Float64Array(8);
    for (let m = 0; m < 8; m++) {
      LEXICAL_FIELDS.forEach((f, i) => {
        if (m & fieldMask & (1 << i)) frequency[m] = (frequency[m] as number) + q.weights[f];
      });
    }
    const allowed = new Uint8Array(this.#statusNames.length);
    for (const s of q.statuses) if (this.#statusNames.includes(s)) allowed[this.#statusNames.indexOf(s)] = 1;
    const avgLength = this.#totalLength / this.#live;
    this.#shortest ??= Math.min(...this.#lengthCounts.keys());
    // The shortest memory has the smallest length norm, so the largest contribution of a term.
    const leastNorm = K1 * (1 - B + (B * this.#shortest) / avgLength);
    const terms = this.#rankedTerms(q.terms, fieldMask, frequency, leastNorm);
    if (terms.length === 0 || !allowed.includes(1)) return [];
    if (this.#scores.length < this.#ids.length) {
      this.#scores = new Float64Array(this.#ids.length);
      this.#touched = new Int32Array(this.#ids.length);
      this.#kept = new Int32Array(this.#ids.length);
    }
    const pass: TermPass = { frequency, allowed, base: K1 * (1 - B), perLength: (K1 * B) / avgLength, count: 0 };
    const scores = this.#scores;
    let remaining = terms.reduce((sum, t) => sum + t.bound, 0);
    let next = 0;
    try {
      for (; next < terms.length; next++) {
        const t = terms[next] as RankedTerm;
        if (pass.count >= q.k && (this.#postings[t.id] as IntList).length > pass.count) {
          if (kthLargest(scores, this.#touched, pass.count, q.k) > remaining * ROUNDING) break;
        }
        this.#addTerm(t, pass);
        remaining -= t.bound;
      }
      let candidates = this.#touched;
      let kept = pass.count;
      const rest = terms.slice(next);
      if (rest.length > 0) {
        candidates = this.#kept;
        candidates.set(this.#touched.subarray(0, kept));
        kept = this.#keepReachable(candidates, kept, remaining, q.k);
        for (const t of rest) {
          this.#completeTerm(t, pass, candidates, kept);
          remaining -= t.bound;
          kept = this.#keepReachable(candidates, kept, remaining, q.k);
        }
      }
      return this.#best(candidates, kept, q.k).map((slot) => ({
        id: this.#ids[slot] as string,
        score: scores[slot] as number,
        matched: q.terms.filter((term) => {
          const termId = this.#vocabulary.get(term);
          return termId !== undefined && (this.#maskOf(slot, termId) & fieldMask) !== 0;
        }),
      }));
    } finally {
      for (let i = 0; i < pass.count; i++) scores[this.#touched[i] as number] = 0;
    }
  }

  /** Adds term `t`'s contributions to every memory of an allowed status holding it (a memory first seen is listed). */
  #addTerm(t: RankedTerm, pass: TermPass): void {
    const postings = this.#postings[t.id] as IntList;
    const { data, length } = postings;
    const { frequency, allowed, base, perLength } = pass;
    const scores = this.#scores;
    const touched = this.#touched;
    const status = this.#status.data;
    const lengths = this.#length.data;
    const idf = t.idf * (K1 + 1);
    let count = pass.count;
    for (let i = 0; i < length; i++) {
      const entry = data[i] as number;
      const slot = entry >> 3;
      const f = frequency[entry & 7] as number;
      if (f === 0 || allowed[status[slot] as number] !== 1) continue;
      if (scores[slot] === 0) touched[count++] = slot;
      scores[slot] = (scores[slot] as number) + (idf * f) / (f + base + perLength * (lengths[slot] as number));
    }
    pass.count = count;
  }

  /**
   * Adds term `t`'s contributions to the candidates `slots[0..count)` only: by reading its postings when they are
   * short next to the candidates, else by looking the term up in each candidate's document.
   */
  #completeTerm(t: RankedTerm, pass: TermPass, slots: Int32Array, count: number): void {
    const postings = this.#postings[t.id] as IntList;
    const { frequency, base, perLength } = pass;
    const scores = this.#scores;
    const lengths = this.#length.data;
    const idf = t.idf * (K1 + 1);
    const add = (slot: number, mask: number) => {
      const f = frequency[mask] as number;
      if (f > 0)
        scores[slot] = (scores[slot] as number) + (idf * f) / (f + base + perLength * (lengths[slot] as number));
    };
    if (postings.length <= count * POSTINGS_PER_LOOKUP) {
      // A candidate has a positive score; a memory never seen or dropped has 0 or -1.
      for (let i = 0; i < postings.length; i++) {
        const entry = postings.data[i] as number;
        if ((scores[entry >> 3] as number) > 0) add(entry >> 3, entry & 7);
      }
    } else {
      for (let i = 0; i < count; i++) add(slots[i] as number, this.#maskOf(slots[i] as number, t.id));
    }
  }

  /**
   * Keeps, in place, the candidates of `slots[0..count)` that the unread terms (adding at most `remaining`) could
   * still lift to the k-th score; a dropped one's score becomes -1. Returns how many are kept.
   */
  #keepReachable(slots: Int32Array, count: number, remaining: number, k: number): number {
    const scores = this.#scores;
    const kth = kthLargest(scores, slots, count, k);
    let kept = 0;
    for (let i = 0; i < count; i++) {
      const slot = slots[i] as number;
      if (((scores[slot] as number) + remaining) * ROUNDING >= kth) slots[kept++] = slot;
      else scores[slot] = -1;
    }
    return kept;
  }

  /**
   * The best `k` of `slots[0..count)` by the accumulated score, then id: the k-th score is found on numbers alone,
   * and ids are compared only to order the few above it and the memories tied with it.
   */
  #best(slots: Int32Array, count: number, k: number): number[] {
    const scores = this.#scores;
    const kth = kthLargest(scores, slots, count, k);
    const above: number[] = [];
    const tied: number[] = [];
    for (let i = 0; i < count; i++) {
      const slot = slots[i] as number;
      const score = scores[slot] as number;
      if (score > kth) above.push(slot);
      else if (score === kth) tied.push(slot);
    }
    const ids = this.#ids;
    const byId = (a: number, b: number) => ((ids[a] as string) < (ids[b] as string) ? -1 : 1);
    above.sort((a, b) => (scores[b] as number) - (scores[a] as number) || byId(a, b));
    if (above.length + tied.length > k) tied.sort(byId);
    return [...above, ...tied.slice(0, k - above.length)];
  }

  /** The query's terms held by some memory in a weighted field, with their idf, largest bound first. */
  #rankedTerms(queryTerms: string[], fieldMask: number, frequency: Float64Array, leastNorm: number): RankedTerm[] {
    const out: RankedTerm[] = [];
    for (const term of queryTerms) {
      const id = this.#vocabulary.get(term);
      if (id === undefined) continue;
      let held = 0;
      let most = 0;
      for (let m = 1; m < 8; m++) {
        const count = this.#maskCounts.data[id * 8 + m] as number;
        if ((m & fieldMask) === 0 || count === 0) continue;
        held += count;
        most = Math.max(most, frequency[m] as number);
      }
      if (held === 0) continue;
      const raw = Math.log((this.#live - held + 0.5) / (held + 0.5));
      const idf = raw > 0 ? raw : MIN_IDF;
      const bound = (idf * most * (K1 + 1)) / (most + leastNorm);
      out.push({ term, id, idf, bound });
    }
    return out.sort((a, b) => b.bound - a.bound);
  }

  /** The field mask of term `termId` in the slot's document (0 when it does not hold it). */
  #maskOf(slot: number, termId: number): number {
    const pool = this.#pool.data;
    let lo = this.#start.data[slot] as number;
    let hi = this.#end(slot) - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const t = (pool[mid] as number) >> 3;
      if (t === termId) return (pool[mid] as number) & 7;
      if (t < termId) lo = mid + 1;
      else hi = mid - 1;
    }
    return 0;
  }

  #end(slot: number): number {
    return slot + 1 < this.#ids.length ? (this.#start.data[slot + 1] as number) : this.#pool.length;
  }

  #termId(term: string): number {
    let id = this.#vocabulary.get(term);
    if (id === undefined) {
      id = this.#postings.length;
      this.#vocabulary.set(term, id);
      this.#postings.push(new IntList());
      for (let m = 0; m < 8; m++) this.#maskCounts.push(0);
    }
    return id;
  }

  #statusCode(status: string): number {
    let code = this.#statusNames.indexOf(status);
    if (code < 0) code = this.#statusNames.push(status) - 1;
    return code;
  }

  /** Rebuilds every array from the live slots, dropping the dead ones. */
  #compact(): void {
    const live = [...this.#slotOf.entries()].sort((a, b) => a[1] - b[1]);
    const old = {
      ids: this.#ids.slice(),
      status: this.#status,
      length: this.#length,
      start: this.#start,
      pool: this.#pool,
      end: (slot: number) => this.#end(slot),
    };
    const ends = live.map(([, slot]) => old.end(slot));
    this.#ids.length = 0;
    this.#slotOf.clear();
    this.#status = new IntList(Math.max(1024, live.length));
    this.#length = new IntList(Math.max(1024, live.length));
    this.#start = new IntList(Math.max(1024, live.length));
    this.#pool = new IntList(Math.max(16_384, old.pool.length));
    this.#postings = this.#postings.map(() => new IntList());
    live.forEach(([id, slot], i) => {
      const fresh = this.#ids.length;
      this.#ids.push(id);
      this.#slotOf.set(id, fresh);
      this.#status.push(old.status.data[slot] as number);
      this.#length.push(old.length.data[slot] as number);
      this.#start.push(this.#pool.length);
      for (let at = old.start.data[slot] as number; at < (ends[i] as number); at++) {
        const entry = old.pool.data[at] as number;
        this.#pool.push(entry);
        (this.#postings[entry >> 3] as IntList).push(fresh * 8 + (entry & 7));
      }
    });
    this.#dead = 0;
    this.#scores = new Float64Array(0);
    this.#touched = new Int32Array(0);
    this.#kept = new Int32Array(0);
  }
}
