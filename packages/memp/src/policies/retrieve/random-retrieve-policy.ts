import { createSeededRandom, hashString, sampleWithoutReplacement } from '../../core/random.js';
import type { RetrievePolicy } from './retrieve-policy.js';

/**
 * Random: k active memories sampled without replacement. The sample is seeded by `seed` and the task text,
 * so a run is reproducible regardless of the order tasks arrive in. Scores are 0.
 */
export function createRandomRetrievePolicy(options: { seed?: number } = {}): RetrievePolicy {
  const seed = options.seed ?? 1;
  return {
    name: 'random',
    async retrieve(request, { store }) {
      const ids = await store.ids({ namespace: request.namespace, status: 'active' });
      const random = createSeededRandom((seed ^ hashString(request.task)) >>> 0);
      return sampleWithoutReplacement(ids, request.k, random).map((id) => ({ id, score: 0, key: 'random' as const }));
    },
  };
}
