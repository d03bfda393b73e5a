import type { RetrievalKey } from '../../core/retrieved.js';
import type { Embedder } from '../../ports/embedder.js';
import type { MemoryStore } from '../../ports/memory-store.js';
import type { KeywordExtractor } from '../../ports/keyword-extractor.js';

/** Names of the paper's retrieval policies. */
export const RETRIEVE_POLICY_NAMES = ['random', 'query', 'avefact'] as const;
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
}

/** Picks the memories most likely to help with a task, best first. Only active memories are returned. */
export interface RetrievePolicy {
  readonly name: string;
  retrieve(request: RetrieveRequest, context: RetrieveContext): Promise<RetrieveHit[]>;
}
