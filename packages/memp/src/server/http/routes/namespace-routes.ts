import { type OpenAPIHono, createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import type { Memp } from '../../../engine/create-memp.js';
import type { AppEnv } from '../app-env.js';
import { NamespaceParamSchema, StatsSchema } from '../http-schemas.js';
import { needsNamespace, needsRole } from '../route-access.js';
import { AUTHED_ERRORS, jsonResponse } from './error-responses.js';

const tags = ['namespaces'];

/** Namespaces and their counts. */
export function registerNamespaceRoutes(app: OpenAPIHono<AppEnv>, memp: Memp): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/namespaces',
      operationId: 'listNamespaces',
      tags,
      summary: 'Namespaces holding memories (read); a key for one namespace sees only that one',
      middleware: [needsRole('read')],
      responses: { 200: jsonResponse('Sorted names', z.object({ namespaces: z.array(z.string()) })), ...AUTHED_ERRORS },
    }),
    async (c) => {
      const scope = c.get('principal').namespace;
      const all = await memp.namespaces();
      return c.json({ namespaces: scope === '*' ? all : all.filter((n) => n === scope) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/namespaces/{namespace}/stats',
      operationId: 'getNamespaceStats',
      tags,
      summary: 'Counts for a namespace (read)',
      middleware: [needsNamespace('read')],
      request: { params: NamespaceParamSchema },
      responses: { 200: jsonResponse('Counts', StatsSchema), ...AUTHED_ERRORS },
    }),
    async (c) => {
      const { namespace } = c.req.valid('param');
      return c.json({ namespace, ...(await memp.stats({ namespace })) }, 200);
    },
  );
}
