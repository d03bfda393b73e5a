import { MempError } from '../core/errors.js';
import { createRetrievePolicy } from '../policies/retrieve/create-retrieve-policy.js';
import type { HybridSettings } from '../policies/retrieve/hybrid-settings.js';
import type { RetrievePolicy, RetrievePolicyName } from '../policies/retrieve/retrieve-policy.js';

/**
 * The retrieval policy a name or object stands for (undefined: `query`); `seed` makes `random` reproducible;
 * `hybrid` tunes the `hybrid` policy.
 * `INVALID_ARGUMENT` (field `policy`) for anything else, or an object without a name and a retrieve function.
 */
export function resolveRetrievePolicy(
  policy: RetrievePolicyName | RetrievePolicy | undefined,
  seed: number | undefined,
  hybrid?: HybridSettings,
): RetrievePolicy {
  if (typeof policy === 'object' && policy !== null) {
    if (typeof policy.retrieve !== 'function' || typeof policy.name !== 'string') {
      throw new MempError('INVALID_ARGUMENT', 'a retrieval policy object needs a name and a retrieve function', {
        details: { field: 'policy' },
      });
    }
    return policy;
  }
  if (policy !== undefined && typeof policy !== 'string')
    throw new MempError('INVALID_ARGUMENT', 'policy must be a name or a policy object', {
      details: { field: 'policy' },
    });
  return createRetrievePolicy({
    name: policy ?? 'query',
    ...(seed === undefined ? {} : { seed }),
    ...(hybrid === undefined ? {} : { hybrid }),
  });
}
