import type { Memory } from '../../../core/memory.js';
import { LEXICAL_FIELDS, lexicalDocument } from '../../../core/text/lexical-terms.js';
import type { LexicalDocument } from '../../../core/text/lexical-terms.js';
import type { LexicalHit } from '../../../ports/memory-store.js';
import type { CheckedLexicalSearch } from './lexical-search-check.js';
import { compareHits } from './store-validation.js';

/** A memory's lexical document, cached per memory version. */
export class LexicalDocumentCache {
  readonly #docs = new Map<string, { version: number; doc: LexicalDocument; all: Set<string> }>();

  /** The document of `memory`, computed once per version. */
  of(memory: Memory): { doc: LexicalDocument; all: Set<string> } {
    const cached = this.#docs.get(memory.id);
    if (cached !== undefined && cached.version === memory.version) return cached;
    const doc = lexicalDocument(memory);
    const entry = { version: memory.version, doc, all: new Set(LEXICAL_FIELDS.flatMap((f) => doc[f])) };
    this.#docs.set(memory.id, entry);
    return entry;
  }

  /** Forgets a deleted memory. */
  forget(id: string): void {
    this.#docs.delete(id);
  }
}

/**
 * The in-memory store's lexical search, by scanning every memory: a memory scores, for each query term it holds,
 * the term's BM25 inverse document frequency `ln(1 + (N − n + 0.5) / (n + 0.5))` (N memories searched, n of them
 * holding the term) times the sum of the weights of the fields holding it. No length normalisation: a term is
 * counted once per field.
 */
export function scanLexical(
  memories: Iterable<Memory>,
  cache: LexicalDocumentCache,
  q: CheckedLexicalSearch,
): LexicalHit[] {
  const searched: Array<{ id: string; doc: LexicalDocument; all: Set<string> }> = [];
  for (const m of memories) if (q.statuses.has(m.status)) searched.push({ id: m.id, ...cache.of(m) });
  const df = new Map<string, number>(q.terms.map((t) => [t, 0]));
  for (const s of searched) for (const t of q.terms) if (s.all.has(t)) df.set(t, (df.get(t) ?? 0) + 1);
  const n = searched.length;
  const idf = new Map(q.terms.map((t) => [t, Math.log(1 + (n - (df.get(t) ?? 0) + 0.5) / ((df.get(t) ?? 0) + 0.5))]));
  const hits: LexicalHit[] = [];
  for (const s of searched) {
    let score = 0;
    const matched: string[] = [];
    for (const t of q.terms) {
      let weight = 0;
      for (const f of LEXICAL_FIELDS) if (q.weights[f] > 0 && s.doc[f].includes(t)) weight += q.weights[f];
      if (weight === 0) continue;
      matched.push(t);
      score += (idf.get(t) ?? 0) * weight;
    }
    if (matched.length > 0) hits.push({ id: s.id, score, matched });
  }
  return hits.sort(compareHits).slice(0, q.k);
}
