import { type OpenAPIHono, createRoute } from '@hono/zod-openapi';
import type { Memp } from '../../../engine/create-memp.js';
import { listAllMemories } from '../../../engine/list-all-memories.js';
import type { AppEnv } from '../app-env.js';
import { HistorySchema, OverviewQuerySchema, OverviewSchema } from '../console-api-schemas.js';
import { MemoryParamSchema, NamespaceParamSchema } from '../http-schemas.js';
import { memoryHistory } from '../memory-history.js';
import { namespaceOverview } from '../namespace-overview.js';
import { needsNamespace } from '../route-access.js';
import { AUTHED_ERRORS, NOT_FOUND_ERROR, jsonResponse } from './error-responses.js';

/** A namespace's overview (counts, growth, best and worst procedures) and a memory's history with diffs. */
export function registerOverviewRoutes(app: OpenAPIHono<AppEnv>, memp: Memp): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/namespaces/{namespace}/overview',
      operationId: 'getNamespaceOverview',
      tags: ['namespaces'],
      summary: 'Counts, memory growth over time and the most / least successful procedures (read)',
      middleware: [needsNamespace('read')],
      request: { params: NamespaceParamSchema, query: OverviewQuerySchema },
      responses: { 200: jsonResponse('The overview', OverviewSchema), ...AUTHED_ERRORS },
    }),
    async (c) => {
      const { namespace } = c.req.valid('param');
      const q = c.req.valid('query');
      const [stats, memories] = await Promise.all([
        memp.stats({ namespace }),
        listAllMemories({ store: memp.store, namespace }),
      ]);
      const overview = namespaceOverview({
        memories,
        ...(q.top === undefined ? {} : { top: q.top }),
        ...(q.minHits === undefined ? {} : { minHits: q.minHits }),
      });
      return c.json({ stats: { namespace, ...stats }, ...overview }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/namespaces/{namespace}/memories/{id}/history',
      operationId: 'getMemoryHistory',
      tags: ['memories'],
      summary:
        'A memory and every change to it, oldest first, with the content before and after and a line diff (read)',
      middleware: [needsNamespace('read')],
      request: { params: MemoryParamSchema },
      responses: {
        200: jsonResponse('The memory and its changes', HistorySchema),
        ...AUTHED_ERRORS,
        ...NOT_FOUND_ERROR,
      },
    }),
    async (c) => {
      const { namespace, id } = c.req.valid('param');
      const { memory, revisions } = await memp.show({ namespace, id });
      c.header('ETag', `"${memory.version}"`);
      return c.json({ memory, changes: memoryHistory(memory, revisions) }, 200);
    },
  );
}
