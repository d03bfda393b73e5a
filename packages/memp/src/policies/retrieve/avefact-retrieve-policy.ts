import { type RetrievePolicy, retrieveHitOf } from './retrieve-policy.js';

/**
 * Key=AveFact: the task's keywords are embedded; a memory scores the mean, over those keywords, of the best
 * cosine to any of the memory's keywords. A task with no keywords falls back to its whole text as one keyword.
 */
export function createAveFactRetrievePolicy(): RetrievePolicy {
  return {
    name: 'avefact',
    async retrieve(request, { store, embedder, keywords }) {
      const extracted = await keywords.extract({ task: request.task });
      const queries = await embedder.embed(extracted.length > 0 ? extracted : [request.task]);
      const hits = await store.search({
        namespace: request.namespace,
        field: 'keywords',
        queries,
        k: request.k,
        ...(request.minScore === undefined ? {} : { minScore: request.minScore }),
      });
      return hits.map((hit) => retrieveHitOf(hit, 'keywords'));
    },
  };
}
