import { type OpenAPIHono, createRoute } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env.js';
import { WhoamiSchema } from '../console-api-schemas.js';
import { AUTHED_ERRORS, jsonResponse } from './error-responses.js';

/** `GET /v1/whoami`: the caller's role and namespace, so a client shows only what the key allows. */
export function registerWhoamiRoutes(app: OpenAPIHono<AppEnv>, deps: { runs: boolean }): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/whoami',
      operationId: 'whoami',
      tags: ['keys'],
      summary: 'The role and namespace of the presented key (any key)',
      responses: { 200: jsonResponse('The caller', WhoamiSchema), ...AUTHED_ERRORS },
    }),
    (c) => {
      const p = c.get('principal');
      return c.json(
        {
          role: p.role,
          namespace: p.namespace,
          ...(p.keyId ? { keyId: p.keyId } : {}),
          anonymous: p.keyId === undefined,
          runs: deps.runs,
        },
        200,
      );
    },
  );
}
