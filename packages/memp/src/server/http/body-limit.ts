import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/** Default largest accepted request body, bytes (`memp serve --body-limit`): 10 MiB. */
export const DEFAULT_BODY_LIMIT_BYTES = 10 * 1024 * 1024;

/**
 * hono's `bodyLimit` with a fast path: a request whose size its `Content-Length` states (no `Transfer-Encoding`:
 * Node's HTTP parser then delivers exactly that many bytes) is judged by the header alone, as hono's middleware
 * judges it, but without touching `c.req.raw.body`. Under `@hono/node-server` that property turns the lightweight
 * request into a full web `Request` with a stream over the socket, which then makes reading the JSON body go
 * through web streams too: about a tenth of a busy server's time. Bodies of unstated size (chunked) and GET/HEAD
 * go through hono's middleware, which counts the bytes as they arrive.
 */
export function limitBody(options: { maxSize: number; onError: () => never }): MiddlewareHandler {
  const counted = bodyLimit(options);
  return async (c, next) => {
    const method = c.req.method;
    if (method !== 'GET' && method !== 'HEAD') {
      const length = c.req.header('content-length');
      if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
        if (Number.parseInt(length, 10) > options.maxSize) options.onError();
        await next();
        return;
      }
    }
    return counted(c, next);
  };
}
