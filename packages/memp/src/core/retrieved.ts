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
}

/** A memory returned by retrieval, with its similarity score (cosine, or 0 for random). */
export interface Retrieved {
  memory: Memory;
  score: number;
  key: RetrievalKey;
  /** Present when the retrieval was asked to `explain`. */
  explain?: RetrievalExplanation;
}
