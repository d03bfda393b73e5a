import type { MiddlewareHandler } from 'hono';
import { MempError } from '../../core/errors.js';
import type { ApiKeyRole } from '../../ports/api-key-store.js';
import { roleAllows } from '../auth/authorize.js';
import { type AppEnv, requireAccess } from './app-env.js';

/**
 * Route middleware: the caller needs `role` on the route's `{namespace}` path parameter. Runs before the request is
 * validated, so a key of another namespace gets 403 whatever it sends.
 */
export function needsNamespace(role: ApiKeyRole): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    requireAccess(c, role, c.req.param('namespace'));
    await next();
  };
}

/** Route middleware: the caller needs `role`, whatever its namespace (the handler checks the namespace it touches). */
export function needsRole(role: ApiKeyRole): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const principal = c.get('principal');
    if (!roleAllows(principal.role, role)) {
      throw new MempError('FORBIDDEN', `this key's role "${principal.role}" does not allow this (needs "${role}")`, {
        details: { role: principal.role, needed: role },
      });
    }
    await next();
  };
}

/**
 * Route middleware for direct changes of what a memory serves or whether it is served (edit, deprecate, restore):
 * besides `write` on the namespace, the caller must be trusted or an admin. An untrusted key's word reaches a memory
 * only as evidence and candidates (see docs/trust.md).
 */
export function needsTrustedWriter(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const principal = c.get('principal');
    if (principal.trust !== 'trusted' && principal.role !== 'admin') {
      throw new MempError(
        'FORBIDDEN',
        'this key is untrusted: it may learn and report outcomes, but editing, deprecating or restoring a memory needs a trusted or admin key (memp keys create --trust trusted)',
        { details: { trust: principal.trust, role: principal.role } },
      );
    }
    await next();
  };
}

/** Reads an expected version from `If-Match` (`"3"`, `3`, `W/"3"`) or the body's `version`; a bad header → 400. */
export function expectedVersion(ifMatch: string | undefined, version: number | undefined): number | undefined {
  if (ifMatch === undefined || ifMatch.trim() === '*') return version;
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(ifMatch.trim());
  if (!match)
    throw new MempError('INVALID_ARGUMENT', 'If-Match must be a memory version such as "3"', {
      details: { field: 'If-Match' },
    });
  const fromHeader = Number(match[1]);
  if (version !== undefined && version !== fromHeader) {
    throw new MempError('INVALID_ARGUMENT', 'If-Match and version disagree', { details: { field: 'version' } });
  }
  return fromHeader;
}
