import { systemClock, type Clock } from '../../core/clock.js';
import { MempError } from '../../core/errors.js';
import { NamespaceSchema } from '../../core/namespace.js';
import { API_KEY_ROLES, type ApiKeyRecord, type ApiKeyRole, type ApiKeyStore } from '../../ports/api-key-store.js';
import { generateApiKey, hashApiKeySecret, newSalt } from './api-key-secret.js';

/**
 * Creates an API key for one namespace (or `'*'` for all) with a role, stores only its salted hash, and returns the
 * key itself: the only time it is ever available. Bad namespace or role → `INVALID_ARGUMENT`.
 */
export async function createApiKey(options: {
  keys: ApiKeyStore;
  namespace: string;
  role: string;
  name?: string;
  /** Default: trusted for admin keys, untrusted for the others (see `keyTrust`). */
  trust?: string;
  clock?: Clock;
}): Promise<{ key: string; record: ApiKeyRecord }> {
  if (options.trust !== undefined && options.trust !== 'trusted' && options.trust !== 'untrusted') {
    throw new MempError('INVALID_ARGUMENT', 'trust must be trusted or untrusted', { details: { field: 'trust' } });
  }
  if (options.namespace !== '*' && !NamespaceSchema.safeParse(options.namespace).success) {
    throw new MempError('INVALID_ARGUMENT', `invalid namespace "${options.namespace}" (a namespace or '*')`, {
      details: { field: 'namespace' },
    });
  }
  if (!(API_KEY_ROLES as readonly string[]).includes(options.role)) {
    throw new MempError('INVALID_ARGUMENT', `role must be one of ${API_KEY_ROLES.join(', ')}`, {
      details: { field: 'role' },
    });
  }
  const { id, secret, key } = generateApiKey();
  const salt = newSalt();
  const record: ApiKeyRecord = {
    id,
    namespace: options.namespace,
    role: options.role as ApiKeyRole,
    createdAt: (options.clock ?? systemClock).now(),
    ...(options.name === undefined ? {} : { name: options.name }),
    ...(options.trust === undefined ? {} : { trust: options.trust as 'trusted' | 'untrusted' }),
  };
  await options.keys.createKey({ record, salt, hash: hashApiKeySecret({ secret, salt }) });
  return { key, record };
}
