import { type OpenAPIHono, createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z } from 'zod';
import type { Clock } from '../../../core/clock.js';
import { MempError } from '../../../core/errors.js';
import type { ApiKeyStore } from '../../../ports/api-key-store.js';
import { createApiKey } from '../../auth/create-api-key.js';
import { type AppEnv, requireAccess } from '../app-env.js';
import { ApiKeyRecordSchema, CreateKeyBodySchema } from '../http-schemas.js';
import { needsRole } from '../route-access.js';
import { AUTHED_ERRORS, NOT_FOUND_ERROR, jsonBody, jsonResponse } from './error-responses.js';

const tags = ['keys'];
const scopeOf = (namespace: string) => (namespace === '*' ? undefined : namespace);

/**
 * Key changes need a key: the anonymous caller of a keyless server may not mint or revoke one (otherwise any page
 * that reaches the loopback port could take the server over). The first key is an operator action on the server's
 * machine: `memp keys create --namespace '*' --role admin`.
 */
function requireKeyHolder(c: Context<AppEnv>): void {
  if (c.get('principal').keyId !== undefined) return;
  throw new MempError(
    'FORBIDDEN',
    "an anonymous caller cannot manage API keys: create the first key with `memp keys create --namespace '*' --role admin`",
    { details: { field: 'authorization' } },
  );
}

/**
 * Manage API keys (admin). A key for one namespace manages only that namespace's keys. Creating and revoking need a
 * key: a keyless server's anonymous caller gets 403 (see {@link requireKeyHolder}).
 */
export function registerKeyRoutes(app: OpenAPIHono<AppEnv>, deps: { keys: ApiKeyStore; clock: Clock }): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/keys',
      operationId: 'listKeys',
      tags,
      summary: 'List API keys, revoked ones too (admin)',
      middleware: [needsRole('admin')],
      responses: {
        200: jsonResponse('Key records (never secrets)', z.object({ keys: z.array(ApiKeyRecordSchema) })),
        ...AUTHED_ERRORS,
      },
    }),
    async (c) => {
      const scope = c.get('principal').namespace;
      const keys = await deps.keys.listKeys();
      return c.json({ keys: scope === '*' ? keys : keys.filter((k) => k.namespace === scope) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/keys',
      operationId: 'createKey',
      tags,
      summary: 'Create an API key; the key is returned once (admin key; the first key comes from `memp keys create`)',
      middleware: [needsRole('admin')],
      request: { body: jsonBody(CreateKeyBodySchema) },
      responses: {
        201: jsonResponse(
          'The key (shown once) and its record',
          z.object({ key: z.string(), record: ApiKeyRecordSchema }),
        ),
        ...AUTHED_ERRORS,
      },
    }),
    async (c) => {
      requireKeyHolder(c);
      const body = c.req.valid('json');
      requireAccess(c, 'admin', scopeOf(body.namespace));
      const created = await createApiKey({ keys: deps.keys, clock: deps.clock, ...body });
      return c.json(created, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/v1/keys/{id}',
      operationId: 'revokeKey',
      tags,
      summary: 'Revoke an API key (admin)',
      middleware: [needsRole('admin')],
      request: { params: z.object({ id: z.string().min(1) }) },
      responses: { 200: jsonResponse('The revoked key', ApiKeyRecordSchema), ...AUTHED_ERRORS, ...NOT_FOUND_ERROR },
    }),
    async (c) => {
      requireKeyHolder(c);
      const { id } = c.req.valid('param');
      const found = await deps.keys.findKey({ id });
      if (!found) throw new MempError('NOT_FOUND', `API key "${id}" not found`, { details: { id } });
      requireAccess(c, 'admin', scopeOf(found.record.namespace));
      return c.json(await deps.keys.revokeKey({ id, at: deps.clock.now() }), 200);
    },
  );
}
