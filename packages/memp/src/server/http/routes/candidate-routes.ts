import { type OpenAPIHono, createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import type { Memp } from '../../../engine/create-memp.js';
import { attributionOf } from '../../auth/principal.js';
import type { AppEnv } from '../app-env.js';
import { ApiMemorySchema, NamespaceParamSchema, PendingCandidateSchema } from '../http-schemas.js';
import { needsNamespace } from '../route-access.js';
import { optionalJsonBody } from '../optional-json-body.js';
import { AUTHED_ERRORS, CONFLICT_ERROR, NOT_FOUND_ERROR, jsonResponse } from './error-responses.js';

const base = '/v1/namespaces/{namespace}/candidates';
const tags = ['candidates'];
const CandidateParamSchema = NamespaceParamSchema.extend({ candidate: z.string().min(1) });
const NoteBodySchema = z.strictObject({ note: z.string().max(2000).optional() });

/**
 * Candidates (admin): changes of a memory's served content that wait for confirmation because their writer was
 * untrusted or alone against what others proved. List them, promote one (it replaces the memory's content, with a
 * revision) or reject one (recorded; the memory is unchanged).
 */
export function registerCandidateRoutes(app: OpenAPIHono<AppEnv>, memp: Memp): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: base,
      operationId: 'listCandidates',
      tags,
      summary: 'Pending candidates of a namespace, oldest first, optionally of one memory (admin)',
      middleware: [needsNamespace('admin')],
      request: { params: NamespaceParamSchema, query: z.object({ memoryId: z.string().min(1).optional() }) },
      responses: {
        200: jsonResponse('Pending candidates', z.object({ candidates: z.array(PendingCandidateSchema) })),
        ...AUTHED_ERRORS,
      },
    }),
    async (c) => {
      const { namespace } = c.req.valid('param');
      const { memoryId } = c.req.valid('query');
      const candidates = await memp.candidates({ namespace, ...(memoryId ? { memoryId } : {}) });
      return c.json({ candidates }, 200);
    },
  );
  for (const action of ['promote', 'reject'] as const) {
    app.openapi(
      createRoute({
        method: 'post',
        path: `${base}/{candidate}/${action}`,
        operationId: `${action}Candidate`,
        tags,
        summary:
          action === 'promote'
            ? "Apply a pending candidate: it replaces the memory's served content, with a revision (admin)"
            : 'Drop a pending candidate; the memory is unchanged (admin)',
        middleware: [needsNamespace('admin'), optionalJsonBody],
        request: {
          params: CandidateParamSchema,
          body: { required: false, content: { 'application/json': { schema: NoteBodySchema } } },
        },
        responses: {
          200: jsonResponse(
            action === 'promote' ? 'The memory after the promotion' : 'The rejected candidate',
            action === 'promote' ? ApiMemorySchema : z.object({ candidate: z.string(), memoryId: z.string() }),
          ),
          ...AUTHED_ERRORS,
          ...NOT_FOUND_ERROR,
          ...CONFLICT_ERROR,
        },
      }),
      async (c) => {
        const { namespace, candidate } = c.req.valid('param');
        const body = c.req.valid('json');
        const target = {
          namespace,
          candidate,
          attribution: attributionOf(c.get('principal')),
          ...(body.note ? { note: body.note } : {}),
        };
        if (action === 'promote') return c.json(await memp.promote(target), 200);
        return c.json(await memp.reject(target), 200);
      },
    );
  }
}
