import type { Context } from 'hono';
import type { ApiKeyRole } from '../../ports/api-key-store.js';
import { authorize } from '../auth/authorize.js';
import type { Principal } from '../auth/principal.js';

/** What the middleware stores on each request's context. */
export interface AppEnv {
  Variables: {
    /** Set by the authentication middleware on `/v1/*` and `/mcp`. */
    principal: Principal;
    /** The namespace the request acted on, for the request log. */
    namespace: string | undefined;
  };
}

/**
 * Checks that the request's principal may act with `role` on `namespace` (undefined: store-wide) and records the
 * namespace for the request log. `FORBIDDEN` otherwise.
 */
export function requireAccess(c: Context<AppEnv>, role: ApiKeyRole, namespace: string | undefined): void {
  if (namespace !== undefined) c.set('namespace', namespace);
  authorize({ principal: c.get('principal'), role, namespace });
}
