import { MempError } from '../../core/errors.js';
import { createAveFactRetrievePolicy } from './avefact-retrieve-policy.js';
import { createHybridRetrievePolicy } from './hybrid-retrieve-policy.js';
import type { HybridSettings } from './hybrid-settings.js';
import { createQueryRetrievePolicy } from './query-retrieve-policy.js';
import { createRandomRetrievePolicy } from './random-retrieve-policy.js';
import type { RetrievePolicy, RetrievePolicyName } from './retrieve-policy.js';

/** Creates a retrieval policy by name. `seed` seeds `random`; `hybrid` tunes `hybrid` (see `HybridSettings`). */
export function createRetrievePolicy(options: {
  name: RetrievePolicyName;
  seed?: number;
  hybrid?: HybridSettings;
}): RetrievePolicy {
  switch (options.name) {
    case 'random':
      return createRandomRetrievePolicy(options.seed === undefined ? {} : { seed: options.seed });
    case 'query':
      return createQueryRetrievePolicy();
    case 'avefact':
      return createAveFactRetrievePolicy();
    case 'hybrid':
      return createHybridRetrievePolicy(options.hybrid ?? {});
    default:
      throw new MempError('INVALID_ARGUMENT', `unknown retrieve policy "${String(options.name)}"`, {
        details: { field: 'retrieve' },
      });
  }
}
