import type { OpenAPIHono } from '@hono/zod-openapi';
import { wrapError } from '../../../core/errors.js';
import type { MemoryStore } from '../../../ports/memory-store.js';
import type { AppEnv } from '../app-env.js';
import { toErrorResponse } from '../http-errors.js';

/** `/healthz`: the process answers. `/readyz`: the store answers too (503 `STORAGE_FAILED`/`UNAVAILABLE` otherwise). */
export function registerHealthRoutes(
  app: OpenAPIHono<AppEnv>,
  deps: { store: MemoryStore; isDraining: () => boolean },
): void {
  app.get('/healthz', (c) => c.json({ status: 'ok' }, 200));
  app.get('/readyz', async (c) => {
    if (deps.isDraining()) {
      const { status, body } = toErrorResponse(wrapError(new Error('shutting down'), 'UNAVAILABLE', 'server'));
      return c.json(body, status as 503);
    }
    try {
      await deps.store.namespaces();
      return c.json({ status: 'ready' }, 200);
    } catch (error) {
      const { status, body } = toErrorResponse(wrapError(error, 'STORAGE_FAILED', 'store check'));
      return c.json(body, status as 503);
    }
  });
}
