import { type RetrievePolicy, retrieveHitOf } from './retrieve-policy.js';

/** Key=Query: cosine between the task's embedding and each memory's task embedding, descending. */
export function createQueryRetrievePolicy(): RetrievePolicy {
  return {
    name: 'query',
    async retrieve(request, { store, embedder }) {
      const [query] = await embedder.embed([request.task]);
      if (!query) return [];
      const hits = await store.search({
        namespace: request.namespace,
        field: 'task',
        queries: [query],
        k: request.k,
        ...(request.minScore === undefined ? {} : { minScore: request.minScore }),
      });
      return hits.map((hit) => retrieveHitOf(hit, 'query'));
    },
  };
}
