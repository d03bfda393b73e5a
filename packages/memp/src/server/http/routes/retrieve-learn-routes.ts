import { type OpenAPIHono, createRoute } from '@hono/zod-openapi';
import { z } from 'zod';
import { estimateTokens } from '../../../core/render/estimate-tokens.js';
import type { Memp } from '../../../engine/create-memp.js';
import type { AppEnv } from '../app-env.js';
import {
  IdempotencyKeyHeaderSchema,
  LearnBatchBodySchema,
  LearnBodySchema,
  LearnResultSchema,
  NamespaceParamSchema,
  OutcomeBodySchema,
  OutcomeResponseSchema,
  RetrieveBodySchema,
  RetrieveResponseSchema,
} from '../http-schemas.js';
import { scopedIdempotencyKey } from '../../auth/scoped-idempotency-key.js';
import { needsNamespace } from '../route-access.js';
import { attributionOf } from '../../auth/principal.js';
import type { OutcomeRateLimiter } from '../outcome-rate-limiter.js';
import {
  AUTHED_ERRORS,
  CONFLICT_ERROR,
  IDEMPOTENCY_KEY_ERROR,
  NOT_FOUND_ERROR,
  jsonBody,
  jsonResponse,
} from './error-responses.js';
import { LEARN_BATCH_EXAMPLE, LEARN_EXAMPLE, OUTCOME_EXAMPLE, RETRIEVE_EXAMPLE } from '../openapi-examples.js';

const base = '/v1/namespaces/{namespace}';
const tags = ['retrieve and learn'];

/** Retrieve before a task; learn (one episode or a batch) and report outcomes after it. */
export function registerRetrieveLearnRoutes(
  app: OpenAPIHono<AppEnv>,
  memp: Memp,
  outcomeLimiter: OutcomeRateLimiter,
): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/retrieve`,
      operationId: 'retrieveProcedures',
      tags,
      summary: 'Retrieve the memories most likely to help with a task (read)',
      middleware: [needsNamespace('read')],
      request: { params: NamespaceParamSchema, body: jsonBody(RetrieveBodySchema, RETRIEVE_EXAMPLE) },
      responses: {
        200: jsonResponse('Best first; `rendered` holds prompt text when `render` was asked', RetrieveResponseSchema),
        ...AUTHED_ERRORS,
      },
    }),
    async (c) => {
      const { namespace } = c.req.valid('param');
      const { render, renderAll, ...body } = c.req.valid('json');
      const results = await memp.retrieve({ namespace, ...strip(body) });
      const rendered =
        render === undefined || render === false
          ? undefined
          : memp.render(results, render === true ? {} : { format: render });
      const renderings = renderAll
        ? (['memp', 'markdown'] as const).map((format) => {
            const text = memp.render(results, { format });
            return { format, text, tokens: estimateTokens(text) };
          })
        : undefined;
      return c.json(
        {
          results,
          ...(rendered === undefined ? {} : { rendered, renderedTokens: estimateTokens(rendered) }),
          ...(renderings === undefined ? {} : { renderings }),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/learn`,
      operationId: 'learnTrajectory',
      tags,
      summary: 'Learn from one finished episode (write)',
      description:
        'Idempotent: the same trajectory content learned again in the namespace (same task, steps, outcome, model, ' +
        'env, used, and id when given; not meta) writes nothing and answers with the first result, `replayed: true`. ' +
        'With an `Idempotency-Key` header (per namespace and API key, kept 24 hours) the same key and content replay ' +
        'the first response; the same key with other content is 422 `IDEMPOTENCY_KEY_REUSED`.',
      middleware: [needsNamespace('write')],
      request: {
        params: NamespaceParamSchema,
        headers: IdempotencyKeyHeaderSchema,
        body: jsonBody(LearnBodySchema, LEARN_EXAMPLE),
      },
      responses: {
        200: jsonResponse(
          'What changed (or, `replayed: true`, what the first identical learn changed)',
          LearnResultSchema,
        ),
        ...AUTHED_ERRORS,
        ...CONFLICT_ERROR,
        ...IDEMPOTENCY_KEY_ERROR,
      },
    }),
    async (c) => {
      const { namespace } = c.req.valid('param');
      const { trajectory, used } = c.req.valid('json');
      const idempotencyKey = scopedIdempotencyKey({
        principal: c.get('principal'),
        key: c.req.header('idempotency-key'),
        field: 'Idempotency-Key',
      });
      const attribution = attributionOf(c.get('principal'));
      const result = await memp.learn({
        namespace,
        trajectory,
        attribution,
        ...(used ? { used } : {}),
        ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
      });
      if (result.replayed) c.header('Idempotent-Replayed', 'true');
      return c.json(result, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/learn/batch`,
      operationId: 'learnTrajectoryBatch',
      tags,
      summary: 'Learn from many episodes, all or nothing (write)',
      middleware: [needsNamespace('write')],
      request: { params: NamespaceParamSchema, body: jsonBody(LearnBatchBodySchema, LEARN_BATCH_EXAMPLE) },
      responses: {
        200: jsonResponse('What each episode changed, in order', z.object({ results: z.array(LearnResultSchema) })),
        ...AUTHED_ERRORS,
        ...CONFLICT_ERROR,
      },
    }),
    async (c) => {
      const { namespace } = c.req.valid('param');
      const { items } = c.req.valid('json');
      const results = await memp.learnBatch({
        namespace,
        attribution: attributionOf(c.get('principal')),
        items: items.map((i) => ({ trajectory: i.trajectory, ...(i.used ? { used: i.used } : {}) })),
      });
      return c.json({ results }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: `${base}/outcomes`,
      operationId: 'reportOutcome',
      tags,
      summary:
        'Report whether recalled memories worked: one hit each, then the deprecation rule (write); rate-limited per key (429)',
      middleware: [needsNamespace('write')],
      request: { params: NamespaceParamSchema, body: jsonBody(OutcomeBodySchema, OUTCOME_EXAMPLE) },
      responses: {
        200: jsonResponse('The memories after the report', OutcomeResponseSchema),
        ...AUTHED_ERRORS,
        ...NOT_FOUND_ERROR,
      },
    }),
    async (c) => {
      const { namespace } = c.req.valid('param');
      const { used, memoryIds, success, episode } = c.req.valid('json');
      const principal = c.get('principal');
      outcomeLimiter.take(principal.keyId ?? 'local', (seconds) => c.header('Retry-After', String(seconds)));
      const attribution = attributionOf(principal);
      const ids = used ?? memoryIds ?? [];
      return c.json(
        await memp.reportOutcome({ namespace, used: ids, success, attribution, ...(episode ? { episode } : {}) }),
        200,
      );
    },
  );
}

function strip<T extends Record<string, unknown>>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}
