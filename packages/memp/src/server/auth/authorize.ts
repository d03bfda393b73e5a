import { MempError } from '../../core/errors.js';
import { API_KEY_ROLES, type ApiKeyRole } from '../../ports/api-key-store.js';
import type { Principal } from './principal.js';

/** True when `role` includes everything `needed` allows (read < write < admin). */
export function roleAllows(role: ApiKeyRole, needed: ApiKeyRole): boolean {
  return API_KEY_ROLES.indexOf(role) >= API_KEY_ROLES.indexOf(needed);
}

/**
 * Checks that `principal` may act with `role` on `namespace` (undefined: a store-wide action such as managing
 * keys or listing every namespace, which needs a `'*'` key). Otherwise → `FORBIDDEN`.
 */
export function authorize(options: { principal: Principal; role: ApiKeyRole; namespace: string | undefined }): void {
  const { principal, role, namespace } = options;
  if (!roleAllows(principal.role, role)) {
    throw new MempError('FORBIDDEN', `this key's role "${principal.role}" does not allow this (needs "${role}")`, {
      details: { role: principal.role, needed: role },
    });
  }
  if (principal.namespace !== '*' && principal.namespace !== namespace) {
    throw new MempError(
      'FORBIDDEN',
      namespace === undefined
        ? "this key is limited to one namespace; this needs a key for every namespace ('*')"
        : `this key is not valid for namespace "${namespace}"`,
      { details: { namespace: namespace ?? '*' } },
    );
  }
}
