import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './app-env.js';

/**
 * Route middleware for a route whose JSON body is optional (deprecate, restore): an empty (or blank) body sent with
 * `Content-Type: application/json` counts as no body, as clients that always set the header send it, instead of
 * failing as malformed JSON. Runs before the route's validators; a non-empty body is validated as usual.
 */
export const optionalJsonBody = createMiddleware<AppEnv>(async (c, next) => {
  const type = c.req.header('content-type') ?? '';
  if (/^application\/([\w.-]+\+)?json\b/i.test(type.trim()) && (await c.req.text()).trim() === '') {
    const headers = new Headers(c.req.raw.headers);
    headers.delete('content-type');
    headers.delete('content-length');
    c.req.raw = new Request(c.req.raw.url, { method: c.req.raw.method, headers, signal: c.req.raw.signal });
  }
  await next();
});
