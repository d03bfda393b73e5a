import type { Memory } from './memory.js';

/** Which key a retrieval matched on. */
export type RetrievalKey = 'query' | 'keywords' | 'random';

/** A memory returned by retrieval, with its similarity score (cosine, or 0 for random). */
export interface Retrieved {
  memory: Memory;
  score: number;
  key: RetrievalKey;
}
