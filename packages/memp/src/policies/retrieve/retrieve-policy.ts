import type { RetrievalExplanation, RetrievalKey } from '../../core/retrieved.js';
import type { Embedder } from '../../ports/embedder.js';
import type { MemoryKind, MemoryStatus } from '../../core/memory.js';
import type { MemoryStore, VectorHit } from '../../ports/memory-store.js';
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
  /** The memory's kind and status when the store's search gave them ({@link VectorHit.kind}): both or neither. */
  kind?: MemoryKind;
  status?: MemoryStatus;
  score: number;
  key: RetrievalKey;
  /** What each ranking contributed (policies that fuse rankings set it; the engine returns it on `explain`). */
  explain?: RetrievalExplanation;
}

/** The retrieval hit of a store's search hit under `key`, with its kind and status when the store gave both. */
export function retrieveHitOf(hit: VectorHit, key: RetrievalKey): RetrieveHit {
  const out: RetrieveHit = { id: hit.id, score: hit.score, key };
  if (hit.kind !== undefined && hit.status !== undefined) {
    out.kind = hit.kind;
    out.status = hit.status;
  }
  return out;
}

/** Picks the memories most likely to help with a task, best first. Only active memories are returned. */
export interface RetrievePolicy {
  readonly name: string;
  retrieve(request: RetrieveRequest, context: RetrieveContext): Promise<RetrieveHit[]>;
}
