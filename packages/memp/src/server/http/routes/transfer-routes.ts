import { type OpenAPIHono, createRoute } from '@hono/zod-openapi';
import { stream } from 'hono/streaming';
import { z } from 'zod';
import type { Memp } from '../../../engine/create-memp.js';
import type { AppEnv } from '../app-env.js';
import { ExportQuerySchema, ImportQuerySchema, ImportResponseSchema, NamespaceParamSchema } from '../http-schemas.js';
import { needsNamespace } from '../route-access.js';
import { parseOrThrow } from '../parse-or-throw.js';
import { AUTHED_ERRORS, CONFLICT_ERROR, jsonResponse } from './error-responses.js';
import { IMPORT_EXAMPLE } from '../openapi-examples.js';

const tags = ['export and import'];
const JSONL = 'application/x-ndjson';

/** Export a namespace as streamed JSON lines; import such a file all or nothing. */
export function registerTransferRoutes(app: OpenAPIHono<AppEnv>, memp: Memp): void {
  // Registered in the OpenAPI document from its schema; served by a plain route because the body is a stream.
  app.openAPIRegistry.registerPath(
    createRoute({
      method: 'get',
      path: '/v1/namespaces/{namespace}/export',
      operationId: 'exportNamespace',
      tags,
      summary: 'Export a namespace as JSON lines (read): a header, memories with revisions, trajectories',
      request: { params: NamespaceParamSchema, query: ExportQuerySchema },
      responses: {
        200: { description: 'memp-export lines, streamed', content: { [JSONL]: { schema: z.string() } } },
        ...AUTHED_ERRORS,
      },
    }),
  );
  app.get('/v1/namespaces/:namespace/export', needsNamespace('read'), (c) => {
    const namespace = parseOrThrow(NamespaceParamSchema, { namespace: c.req.param('namespace') }).namespace;
    const embeddings = parseOrThrow(ExportQuerySchema, c.req.query()).embeddings === 'true';
    c.header('Content-Type', JSONL);
    return stream(c, async (s) => {
      await memp.exportTo({ namespace, embeddings, write: (line) => s.write(`${line}\n`).then(() => undefined) });
    });
  });

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/namespaces/{namespace}/import',
      operationId: 'importNamespace',
      tags,
      summary: 'Import memp-export lines into a namespace, all or nothing (write)',
      middleware: [needsNamespace('write')],
      request: {
        params: NamespaceParamSchema,
        query: ImportQuerySchema,
        body: { required: true, content: { [JSONL]: { schema: z.string(), example: IMPORT_EXAMPLE } } },
      },
      responses: { 200: jsonResponse('What was imported', ImportResponseSchema), ...AUTHED_ERRORS, ...CONFLICT_ERROR },
    }),
    async (c) => {
      const { namespace } = c.req.valid('param');
      const { onConflict } = c.req.valid('query');
      const text = await c.req.text();
      const result = await memp.importFrom({
        namespace,
        lines: text.split('\n'),
        source: 'request body',
        ...(onConflict ? { onConflict } : {}),
      });
      return c.json(result, 200);
    },
  );
}
