import { type OpenAPIHono, createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { MempError } from '../../../core/errors.js';
import type { RunDirectory } from '../../runs/run-directory.js';
import type { AppEnv } from '../app-env.js';
import { RunDetailSchema, RunFileParamSchema, RunListItemSchema, RunParamSchema } from '../console-api-schemas.js';
import { needsRole } from '../route-access.js';
import { AUTHED_ERRORS, NOT_FOUND_ERROR, jsonResponse } from './error-responses.js';

const tags = ['runs'];

/**
 * Benchmark runs under the server's runs directory, read-only (any read key: runs are server-wide, not namespace
 * data). Without a runs directory every route answers `NOT_FOUND`.
 */
export function registerRunRoutes(app: OpenAPIHono<AppEnv>, runs: RunDirectory | undefined): void {
  const dir = (): RunDirectory => {
    if (!runs)
      throw new MempError('NOT_FOUND', 'this server has no runs directory (start it with --runs DIR)', {
        details: { field: 'runs' },
      });
    return runs;
  };
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/runs',
      operationId: 'listRuns',
      tags,
      summary: 'Benchmark runs and comparisons, newest first (read)',
      middleware: [needsRole('read')],
      responses: {
        200: jsonResponse('The runs', z.object({ runs: z.array(RunListItemSchema) })),
        ...AUTHED_ERRORS,
        ...NOT_FOUND_ERROR,
      },
    }),
    (c) => c.json({ runs: dir().list() }, 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/runs/{id}',
      operationId: 'getRun',
      tags,
      summary: 'One run: its summary (ALFWorld, TravelPlanner) or comparison, and its files (read)',
      middleware: [needsRole('read')],
      request: { params: RunParamSchema },
      responses: { 200: jsonResponse('The run', RunDetailSchema), ...AUTHED_ERRORS, ...NOT_FOUND_ERROR },
    }),
    (c) => c.json(dir().read(c.req.valid('param').id), 200),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/runs/{id}/files/{name}',
      operationId: 'getRunFile',
      tags,
      summary: "One of a run's files as plain text (read)",
      middleware: [needsRole('read')],
      request: { params: RunFileParamSchema },
      responses: {
        200: { description: 'The file, as text/plain', content: { 'text/plain': { schema: z.string() } } },
        ...AUTHED_ERRORS,
        ...NOT_FOUND_ERROR,
      },
    }),
    (c) => {
      const { id, name } = c.req.valid('param');
      const text = dir().file(id, name);
      // Served as inert text: never rendered as a page, never sniffed into HTML or script.
      c.header('Content-Security-Policy', "sandbox; default-src 'none'");
      c.header('X-Content-Type-Options', 'nosniff');
      return c.text(text, 200);
    },
  );
}
