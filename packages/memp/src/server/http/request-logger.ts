import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { AppEnv } from './app-env.js';

/** One structured request log line. Never holds the key or any memory content. */
export interface RequestLogEntry {
  level: 'info';
  msg: 'request';
  method: string;
  /** The matched route pattern (e.g. `/v1/namespaces/:namespace/retrieve`), not the raw URL. */
  route: string;
  status: number;
  /** Milliseconds from receipt to the response headers. */
  ms: number;
  namespace?: string;
  keyId?: string;
}

/** Where log lines go: one call per request. */
export type RequestLogger = (entry: RequestLogEntry) => void;

/** Lines logged since the last flush, written to stderr together (one write per event-loop turn, not per request). */
let pending = '';
let flushScheduled = false;

function flushLogLines(): void {
  flushScheduled = false;
  if (pending === '') return;
  const text = pending;
  pending = '';
  process.stderr.write(text);
}

/**
 * A logger writing one JSON line per request to stderr. Lines of one event-loop turn are written together (stderr
 * writes to a pipe or file are synchronous system calls, a visible share of a busy server's time); they are flushed
 * before the next turn and when the process exits, so no line is lost or reordered.
 */
export const jsonLinesLogger: RequestLogger = (entry) => {
  pending += `${JSON.stringify(entry)}\n`;
  if (flushScheduled) return;
  flushScheduled = true;
  setImmediate(flushLogLines);
};
process.once('exit', flushLogLines);

/** Middleware logging every request once it is answered. */
export function requestLogger(log: RequestLogger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const start = performance.now();
    await next();
    let route = c.req.path;
    try {
      route = routePath(c, -1);
    } catch {
      // No matched route (404): the path is all there is.
    }
    const entry: RequestLogEntry = {
      level: 'info',
      msg: 'request',
      method: c.req.method,
      route,
      status: c.res.status,
      ms: Math.round((performance.now() - start) * 100) / 100,
    };
    const namespace = c.get('namespace');
    if (namespace !== undefined) entry.namespace = namespace;
    const keyId = c.get('principal')?.keyId;
    if (keyId !== undefined) entry.keyId = keyId;
    log(entry);
  };
}
