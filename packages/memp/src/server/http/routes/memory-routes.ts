import { type OpenAPIHono, createRoute } from '@hono/zod-openapi';
import type { Memp } from '../../../engine/create-memp.js';
import type { AppEnv } from '../app-env.js';
import {
  ApiMemorySchema,
  EditBodySchema,
  IfMatchHeaderSchema,
  LifecycleBodySchema,
  ListQuerySchema,
  ListResponseSchema,
  MemoryDetailSchema,
  MemoryParamSchema,
  NamespaceParamSchema,
} from '../http-schemas.js';
import { optionalJsonBody } from '../optional-json-body.js';
import { expectedVersion, needsNamespace, needsTrustedWriter } from '../route-access.js';
import { attributionOf } from '../../auth/principal.js';
import { AUTHED_ERRORS, CONFLICT_ERROR, NOT_FOUND_ERROR, jsonBody, jsonResponse } from './error-responses.js';
import { z } from 'zod';
import { filteredPage } from '../filtered-page.js';

const base = '/v1/namespaces/{namespace}/memories';
const tags = ['memories'];
const optionalBody = { required: false, content: { 'application/json': { schema: LifecycleBodySchema } } };

/** List, get, edit, deprecate, restore and delete memories. */
export function registerMemoryRoutes(app: OpenAPIHono<AppEnv>, memp: Memp): void {
  registerListRoute(app, memp);
  registerGetRoute(app, memp);
  registerEditRoute(app, memp);
  registerLifecycleRoutes(app, memp);
  registerDeleteRoute(app, memp);
}

/** `GET …/memories`: a page in creation order, or filtered by text (`q`). */
function registerListRoute(app: OpenAPIHono<AppEnv>, memp: Memp): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: base,
      operationId: 'listMemories',
      tags,
      summary: 'List memories in creation order, optionally filtered by text (`q`) (read)',
      middleware: [needsNamespace('read')],
      request: { params: NamespaceParamSchema, query: ListQuerySchema },
      responses: { 200: jsonResponse('A page of memories', ListResponseSchema), ...AUTHED_ERRORS },
    }),
    async (c) => {
      const { namespace } = c.req.valid('param');
      const q = c.req.valid('query');
      const limit = q.limit ?? 100;
      if (q.q !== undefined)
        return c.json(
          await filteredPage({ memp, namespace, limit, query: q.q, status: q.status, kind: q.kind, after: q.after }),
          200,
        );
      const memories = await memp.list({
        namespace,
        limit,
        ...(q.status ? { status: q.status } : {}),
        ...(q.after ? { after: q.after } : {}),
      });
      const page = q.kind ? memories.filter((m) => m.kind === q.kind) : memories;
      const last = memories[memories.length - 1];
      return c.json({ memories: page, ...(memories.length === limit && last ? { next: last.id } : {}) }, 200);
    },
  );
}

/** `GET …/memories/{id}`: one memory with its revisions; ETag is its version. */
function registerGetRoute(app: OpenAPIHono<AppEnv>, memp: Memp): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: `${base}/{id}`,
      operationId: 'getMemory',
      tags,
      summary: 'One memory with its revisions (read); ETag is its version',
      middleware: [needsNamespace('read')],
      request: { params: MemoryParamSchema },
      responses: {
        200: jsonResponse('The memory, its history and a summary of its attributed evidence', MemoryDetailSchema),
        ...AUTHED_ERRORS,
        ...NOT_FOUND_ERROR,
      },
    }),
    async (c) => {
      const { namespace, id } = c.req.valid('param');
      const detail = await memp.show({ namespace, id });
      c.header('ETag', `"${detail.memory.version}"`);
      return c.json(detail, 200);
    },
  );
}

/** `PATCH …/memories/{id}`: edits content against an expected version (If-Match or `version`). */
function registerEditRoute(app: OpenAPIHono<AppEnv>, memp: Memp): void {
  app.openapi(
    createRoute({
      method: 'patch',
      path: `${base}/{id}`,
      operationId: 'editMemory',
      tags,
      summary: "Edit a memory's content (write); needs If-Match or `version`, 409 CONFLICT when stale",
      middleware: [needsNamespace('write'), needsTrustedWriter()],
      request: { params: MemoryParamSchema, headers: IfMatchHeaderSchema, body: jsonBody(EditBodySchema) },
      responses: {
        200: jsonResponse('The memory after the edit', ApiMemorySchema),
        ...AUTHED_ERRORS,
        ...NOT_FOUND_ERROR,
        ...CONFLICT_ERROR,
      },
    }),
    async (c) => {
      const { namespace, id } = c.req.valid('param');
      const { version, note, ...content } = c.req.valid('json');
      const expected = expectedVersion(c.req.valid('header')['if-match'], version);
      const memory = await memp.edit({
        namespace,
        id,
        expectedVersion: expected ?? Number.NaN,
        content,
        ...(note ? { note } : {}),
      });
      c.header('ETag', `"${memory.version}"`);
      return c.json(memory, 200);
    },
  );
}

/** `POST …/memories/{id}/deprecate` and `…/restore`. */
function registerLifecycleRoutes(app: OpenAPIHono<AppEnv>, memp: Memp): void {
  for (const action of ['deprecate', 'restore'] as const) {
    app.openapi(
      createRoute({
        method: 'post',
        path: `${base}/{id}/${action}`,
        operationId: `${action}Memory`,
        tags,
        summary:
          action === 'deprecate'
            ? 'Deprecate a memory: kept, no longer retrieved (write)'
            : 'Make a deprecated memory active again (write)',
        middleware: [needsNamespace('write'), needsTrustedWriter(), optionalJsonBody],
        request: { params: MemoryParamSchema, headers: IfMatchHeaderSchema, body: optionalBody },
        responses: {
          200: jsonResponse('The memory after the change', ApiMemorySchema),
          ...AUTHED_ERRORS,
          ...NOT_FOUND_ERROR,
          ...CONFLICT_ERROR,
        },
      }),
      async (c) => {
        const { namespace, id } = c.req.valid('param');
        const body = c.req.valid('json');
        const expected = expectedVersion(c.req.valid('header')['if-match'], body.version);
        const target = {
          namespace,
          id,
          ...(expected === undefined ? {} : { expectedVersion: expected }),
          ...(body.note ? { note: body.note } : {}),
        };
        const memory =
          action === 'deprecate'
            ? await memp.deprecate(target)
            : await memp.restore({ ...target, attribution: attributionOf(c.get('principal')) });
        c.header('ETag', `"${memory.version}"`);
        return c.json(memory, 200);
      },
    );
  }
}

/** `DELETE …/memories/{id}`: deletes a memory and its revisions for good (admin). */
function registerDeleteRoute(app: OpenAPIHono<AppEnv>, memp: Memp): void {
  app.openapi(
    createRoute({
      method: 'delete',
      path: `${base}/{id}`,
      operationId: 'deleteMemory',
      tags,
      summary: 'Delete a memory for good, with its revisions (admin)',
      middleware: [needsNamespace('admin')],
      request: { params: MemoryParamSchema, headers: IfMatchHeaderSchema },
      responses: {
        200: jsonResponse('Deleted', z.object({ id: z.string(), version: z.number().int(), deleted: z.literal(true) })),
        ...AUTHED_ERRORS,
        ...NOT_FOUND_ERROR,
        ...CONFLICT_ERROR,
      },
    }),
    async (c) => {
      const { namespace, id } = c.req.valid('param');
      const expected = expectedVersion(c.req.valid('header')['if-match'], undefined);
      const result = await memp.delete({
        namespace,
        id,
        ...(expected === undefined ? {} : { expectedVersion: expected }),
      });
      return c.json({ ...result, deleted: true as const }, 200);
    },
  );
}
