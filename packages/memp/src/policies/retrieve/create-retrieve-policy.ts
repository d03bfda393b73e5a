import { MempError } from '../../core/errors.js';
import { createAveFactRetrievePolicy } from './avefact-retrieve-policy.js';
import { createQueryRetrievePolicy } from './query-retrieve-policy.js';
import { createRandomRetrievePolicy } from './random-retrieve-policy.js';
import type { RetrievePolicy, RetrievePolicyName } from './retrieve-policy.js';

/** Creates one of the paper's retrieval policies by name. `seed` seeds `random`. */
export function createRetrievePolicy(options: { name: RetrievePolicyName; seed?: number }): RetrievePolicy {
  switch (options.name) {
    case 'random':
      return createRandomRetrievePolicy(options.seed === undefined ? {} : { seed: options.seed });
    case 'query':
      return createQueryRetrievePolicy();
    case 'avefact':
      return createAveFactRetrievePolicy();
    default:
      throw new MempError('INVALID_ARGUMENT', `unknown retrieve policy "${String(options.name)}"`, {
        details: { field: 'retrieve' },
      });
  }
}
