import { DEFAULT_BODY_LIMIT_BYTES, limitBody } from './body-limit.js';
import { checkPortVersions } from '../../engine/check-port-versions.js';
import { OpenAPIHono } from '@hono/zod-openapi';
import { createMiddleware } from 'hono/factory';
import { type Clock, systemClock } from '../../core/clock.js';
import { MempError } from '../../core/errors.js';
import type { Memp } from '../../engine/create-memp.js';
import type { ApiKeyStore } from '../../ports/api-key-store.js';
import { createAuthenticator } from '../auth/authenticate.js';
import { handleMcpHttpRequest } from '../mcp/mcp-http-handler.js';
import { type McpRecallDefaults, resolveRecallDefaults } from '../mcp/mcp-recall-defaults.js';
import type { AppEnv } from './app-env.js';
import { registerDocsRoutes } from './docs-page.js';
import { createAllowedMethods } from './allowed-methods.js';
import { keylessLoopbackGuard } from './keyless-loopback-guard.js';
import { toErrorResponse } from './http-errors.js';
import { invalidFromZod } from './parse-or-throw.js';
import { type RequestLogger, jsonLinesLogger, requestLogger } from './request-logger.js';
import { registerHealthRoutes } from './routes/health-routes.js';
import { registerKeyRoutes } from './routes/key-routes.js';
import { registerMemoryRoutes } from './routes/memory-routes.js';
import { registerNamespaceRoutes } from './routes/namespace-routes.js';
import { registerRetrieveLearnRoutes } from './routes/retrieve-learn-routes.js';
import { registerTransferRoutes } from './routes/transfer-routes.js';
import { registerOverviewRoutes } from './routes/overview-routes.js';
import { registerRunRoutes } from './routes/run-routes.js';
import { registerWhoamiRoutes } from './routes/whoami-routes.js';
import { createRunDirectory } from '../runs/run-directory.js';
import { registerConsoleRoutes } from '../console/console-routes.js';
import { type OutcomeRateLimit, createOutcomeRateLimiter } from './outcome-rate-limiter.js';
import { registerCandidateRoutes } from './routes/candidate-routes.js';

/** Options of {@link createMempHttpApp}. */
export interface MempHttpAppOptions {
  /** The engine every route calls (any store). */
  memp: Memp;
  /**
   * Where API keys live (its own port, beside the engine's store: e.g. `createSqliteApiKeyStore({ database })` on
   * the memory store's database). A store without keys serves anonymous requests unless `requireKeys`.
   */
  keys: ApiKeyStore;
  /**
   * Refuse requests without a key even while the store holds none. Default false: a store without any key serves
   * anonymous requests (the caller must then bind to loopback only, as `startMempServer` does), and only those
   * addressed to a loopback `Host` from no or a loopback `Origin` (DNS rebinding); the anonymous caller cannot create
   * keys (the first key comes from `memp keys create` or `createApiKey` on the server's machine).
   */
  requireKeys?: boolean;
  /** One call per answered request. Default: JSON lines on stderr. */
  logger?: RequestLogger;
  limits?: {
    /** Largest accepted request body, bytes. Default {@link DEFAULT_BODY_LIMIT_BYTES}. */
    bodyBytes?: number;
  };
  /** Clock for key timestamps. Default: the wall clock. */
  clock?: Clock;
  /** True while the server drains for shutdown (`/readyz` then answers 503). */
  isDraining?: () => boolean;
  /** Benchmark runs directory served read-only under `/v1/runs` (`memp serve --runs DIR`). Default: none. */
  runsDir?: string;
  /** Serve the browser console at `/` and `/ui`. Default true. */
  console?: boolean;
  /**
   * Defaults of the MCP tool `recall_procedures` at `/mcp` (`memp serve --k --min-score --format`); an invalid one
   * → `INVALID_ARGUMENT` naming the field. Default: k 3, min score 0.25, Markdown (see `McpRecallDefaults`).
   */
  mcpRecall?: McpRecallDefaults;
  /** Outcome reports per key per minute (`POST …/outcomes`, MCP `report_outcome`); over it: 429. Default 60. */
  outcomeRateLimit?: OutcomeRateLimit;
}

/**
 * Builds the memp HTTP API as a hono app (testable with `app.request()` without a socket): versioned routes under
 * `/v1`, MCP (Streamable HTTP) at `/mcp`, `/healthz`, `/readyz`, the OpenAPI 3.1 document at `/openapi.json`
 * generated from the route schemas, a viewer at `/docs`, and the browser console at `/` and `/ui`. Every error is `{ error: { code, message, details } }`.
 *
 * Keyless mode (no key in `keys`, `requireKeys` false): every route answers only requests whose `Host` is a loopback
 * name and whose `Origin`, if any, is a loopback origin (403 `FORBIDDEN` otherwise), and key creation needs a key.
 * A wrong method on a known path is 405 with an `Allow` header; an unsupported body type is 415 naming the expected one.
 */
export function createMempHttpApp(options: MempHttpAppOptions): OpenAPIHono<AppEnv> {
  const { memp } = options;
  const { keys } = options;
  checkPortVersions({ keys });
  const clock = options.clock ?? systemClock;
  const recall = resolveRecallDefaults(options.mcpRecall);
  const bodyBytes = options.limits?.bodyBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const outcomeLimiter = createOutcomeRateLimiter({
    clock,
    ...(options.outcomeRateLimit === undefined ? {} : { limit: options.outcomeRateLimit }),
  });
  const authenticate = createAuthenticator({ keys, requireKeys: options.requireKeys ?? false });
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw invalidFromZod(result.error, `request ${result.target}`);
    },
  });

  app.use('*', requestLogger(options.logger ?? jsonLinesLogger));
  app.onError((error, c) => {
    const { status, body } = toErrorResponse(error);
    return c.json(body, status as 400);
  });
  const allowedMethods = createAllowedMethods(app);
  app.notFound((c) => {
    const allowed = allowedMethods(c.req.path);
    if (allowed.length === 0)
      return c.json(toErrorResponse(new MempError('NOT_FOUND', `no route ${c.req.method} ${c.req.path}`)).body, 404);
    const error = new MempError('INVALID_ARGUMENT', `${c.req.method} is not allowed on ${c.req.path}`, {
      details: { method: c.req.method, allowed },
    });
    c.header('Allow', allowed.join(', '));
    return c.json(toErrorResponse(error).body, 405);
  });
  app.use('*', keylessLoopbackGuard({ keyless: authenticate.allowsAnonymous }));
  const limit = limitBody({
    maxSize: bodyBytes,
    onError: () => {
      throw new MempError('PAYLOAD_TOO_LARGE', `request body exceeds ${bodyBytes} bytes`, {
        details: { limit: bodyBytes },
      });
    },
  });
  app.use('/v1/*', limit);
  app.use('/mcp', limit);
  const auth = createMiddleware<AppEnv>(async (c, next) => {
    c.set('principal', await authenticate(c.req.header('authorization')));
    await next();
  });
  app.use('/v1/*', auth);
  app.use('/mcp', auth);

  registerHealthRoutes(app, { store: memp.store, isDraining: options.isDraining ?? (() => false) });
  registerRetrieveLearnRoutes(app, memp, outcomeLimiter);
  registerMemoryRoutes(app, memp);
  registerCandidateRoutes(app, memp);
  registerNamespaceRoutes(app, memp);
  registerTransferRoutes(app, memp);
  registerKeyRoutes(app, { keys, clock });
  registerWhoamiRoutes(app, { runs: options.runsDir !== undefined });
  registerOverviewRoutes(app, memp);
  registerRunRoutes(app, options.runsDir === undefined ? undefined : createRunDirectory({ root: options.runsDir }));
  app.all('/mcp', (c) =>
    handleMcpHttpRequest({ request: c.req.raw, memp, principal: c.get('principal'), recall, outcomeLimiter }),
  );

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'memp_<id>_<secret>',
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'memp',
      version: '1',
      description: 'Procedural memory for AI agents: retrieve before a task, learn after it.',
      license: { name: 'MIT', url: 'https://spdx.org/licenses/MIT.html' },
    },
    // Relative: OpenAPI resolves it against where this document was fetched, i.e. this server, whatever host, port or
    // TLS-terminating proxy is in front. The document stays the same for every request (no Host header reflected).
    servers: [{ url: '/', description: 'This server: the origin that served this document' }],
    security: [{ bearer: [] }],
  });
  registerDocsRoutes(app);
  if (options.console ?? true) registerConsoleRoutes(app);
  return app;
}
