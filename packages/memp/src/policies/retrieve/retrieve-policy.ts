import type { RetrievalExplanation, RetrievalKey } from '../../core/retrieved.js';
import type { Embedder } from '../../ports/embedder.js';
import type { MemoryStore } from '../../ports/memory-store.js';
import type { KeywordExtractor } from '../../ports/keyword-extractor.js';

/** Names of the retrieval policies: the paper's three and `hybrid` (vector + lexical, fused). */
export const RETRIEVE_POLICY_NAMES = ['random', 'query', 'avefact', 'hybrid'] as const;
/** Name of a retrieval policy. */
export type RetrievePolicyName = (typeof RETRIEVE_POLICY_NAMES)[number];

/** What a retrieval is asked for. */
export interface RetrieveRequest {
  namespace: string;
  task: string;
  /** How many memories at most. */
  k: number;
  /** Drop memories scoring below this (ignored by `random`). */
  minScore?: number;
}

/** The collaborators a retrieval policy may use. */
export interface RetrieveContext {
  store: MemoryStore;
  embedder: Embedder;
  keywords: KeywordExtractor;
}

/** A retrieval hit before the memory is loaded. */
export interface RetrieveHit {
  id: string;
  score: number;
  key: RetrievalKey;
  /** What each ranking contributed (policies that fuse rankings set it; the engine returns it on `explain`). */
  explain?: RetrievalExplanation;
}

/** Picks the memories most likely to help with a task, best first. Only active memories are returned. */
export interface RetrievePolicy {
  readonly name: string;
  retrieve(request: RetrieveRequest, context: RetrieveContext): Promise<RetrieveHit[]>;
}
