import type { Hono } from 'hono';
import type { AppEnv } from './app-env.js';

const METHOD_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** A route path (`/v1/namespaces/:namespace/memories/:id`, `/ui/assets/*`) as an anchored regular expression. */
function pathPattern(path: string): RegExp {
  const source = path
    .split('/')
    .map((part) => {
      if (part === '*') return '.*';
      if (part.startsWith(':')) return '[^/]+';
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return new RegExp(`^${source}$`);
}

/**
 * Answers which methods an app serves at a path, for `405 Method Not Allowed` and its `Allow` header: built from
 * the app's registered routes the first time it is asked (after every route is registered), ignoring `use`/`all`
 * handlers (middleware). `HEAD` is listed wherever `GET` is (hono answers it). An empty list: no such path (404).
 */
export function createAllowedMethods(app: Hono<AppEnv>): (path: string) => string[] {
  let routes: Array<{ pattern: RegExp; method: string }> | undefined;
  return (path) => {
    routes ??= app.routes
      .filter((r) => r.method !== 'ALL')
      .map((r) => ({ pattern: pathPattern(r.path), method: r.method.toUpperCase() }));
    const methods = new Set(routes.filter((r) => r.pattern.test(path)).map((r) => r.method));
    if (methods.has('GET')) methods.add('HEAD');
    return METHOD_ORDER.filter((m) => methods.has(m));
  };
}
