import type { ApiKeyRole } from '../../ports/api-key-store.js';

/** Who is calling: the key's id, the namespace it may use (`'*'`: any) and its role. */
export interface Principal {
  /** The key id; undefined for the anonymous caller of a keyless loopback server. */
  keyId: string | undefined;
  namespace: string;
  role: ApiKeyRole;
}

/** The caller of a server that has no keys at all (loopback only): full rights, no key id. */
export const ANONYMOUS_PRINCIPAL: Principal = { keyId: undefined, namespace: '*', role: 'admin' };
