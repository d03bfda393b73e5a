import type { Memory } from './memory.js';

/** Every key a retrieval can match on. */
export const RETRIEVAL_KEYS = ['query', 'keywords', 'random', 'hybrid'] as const;
/** Which key a retrieval matched on (`hybrid`: the vector and lexical rankings fused). */
export type RetrievalKey = (typeof RETRIEVAL_KEYS)[number];

/** Why a memory was retrieved: what each ranking contributed (asked for with `explain`). */
export interface RetrievalExplanation {
  /** Its place in the vector ranking (1 = best) and its cosine; absent when the vector ranking did not list it. */
  vector?: { rank: number; score: number };
  /**
   * Its place in the lexical ranking, the store's lexical score, and the query terms (normalised by `lexicalTerms`)
   * it holds; absent when no query term matched (or the policy has no lexical ranking).
   */
  lexical?: { rank: number; score: number; matched: string[] };
  /** What each ranking added to the fused score (`hybrid` only; they sum to the score). */
  contributions?: { vector: number; lexical: number };
  /** Query terms added by synonyms or learned expansion (`hybrid` only), if any. */
  expandedTerms?: string[];
  /** Where each of {@link expandedTerms} came from (`hybrid` only), in the same order. */
  expansions?: ExpansionSource[];
}

/** Which expansion added a query term: an environment's synonym map, or one learned from the namespace. */
export const EXPANSION_KINDS = ['synonym', 'feedback', 'cooccurrence'] as const;
/** Which expansion added a query term. */
export type ExpansionKind = (typeof EXPANSION_KINDS)[number];

/** One term a query gained by expansion, and why. */
export interface ExpansionSource {
  /** The added term (normalised by `lexicalTerms`). */
  term: string;
  /** `synonym`: the environment's synonym map; `feedback`: shared by the first results; `cooccurrence`: learned from tasks solved by the same procedure. */
  kind: ExpansionKind;
  /** The query terms it was reached from (`synonym`, `cooccurrence`). */
  from?: string[];
  /** How many pairs of tasks solved by the same procedure link it to `from` (`cooccurrence`). */
  support?: number;
}

/** A memory returned by retrieval, with its similarity score (cosine, or 0 for random). */
export interface Retrieved {
  memory: Memory;
  score: number;
  key: RetrievalKey;
  /** Present when the retrieval was asked to `explain`. */
  explain?: RetrievalExplanation;
}
