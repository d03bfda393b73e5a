import type { TrustLevel } from '../../core/evidence.js';
import type { ApiKeyRole } from '../../ports/api-key-store.js';

/** Who is calling: the key's id, the namespace it may use (`'*'`: any) and its role. */
export interface Principal {
  /** The key id; undefined for the anonymous caller of a keyless loopback server. */
  keyId: string | undefined;
  namespace: string;
  role: ApiKeyRole;
  /** How far what it writes is believed (the key's trust; the keyless loopback owner is trusted). */
  trust: TrustLevel;
}

/** The attribution of what a principal writes: its key (`key:<id>`), or `local` for the keyless loopback owner. */
export function attributionOf(principal: Principal): { source: string; trust: TrustLevel } {
  return { source: principal.keyId === undefined ? 'local' : `key:${principal.keyId}`, trust: principal.trust };
}

/** The caller of a server that has no keys at all (loopback only): full rights, no key id. */
export const ANONYMOUS_PRINCIPAL: Principal = {
  keyId: undefined,
  namespace: '*',
  role: 'admin',
  trust: 'trusted',
};
