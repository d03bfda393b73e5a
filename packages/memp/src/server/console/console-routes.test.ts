import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { OpenAPIHono } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../http/app-env.js';
import { toErrorResponse } from '../http/http-errors.js';
import { registerConsoleRoutes } from './console-routes.js';

const asset = (name: string, type: string, text: string) => ({
  name,
  type,
  body: Buffer.from(text),
  gzip: gzipSync(text),
});

function app(withAssets: boolean) {
  const a = new OpenAPIHono<AppEnv>();
  a.onError((error, c) => c.json(toErrorResponse(error).body, toErrorResponse(error).status as 400));
  registerConsoleRoutes(
    a,
    withAssets
      ? {
          assets: {
            script: asset('console.abc.js', 'text/javascript', 'console.log(1)'),
            style: asset('console.def.css', 'text/css', 'a{}'),
          },
        }
      : {},
  );
  return a;
}

describe('console routes', () => {
  it('serves the page at /, /ui and /ui/ under a strict CSP, and the hashed assets gzipped', async () => {
    for (const path of ['/', '/ui', '/ui/']) {
      const res = await app(true).request(path);
      expect(res.status).toBe(200);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      const html = await res.text();
      expect(html).toContain('/ui/assets/console.abc.js');
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
    }
    const js = await app(true).request('/ui/assets/console.abc.js', { headers: { 'accept-encoding': 'gzip' } });
    expect(js.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await js.arrayBuffer())).toString()).toBe('console.log(1)');
    expect((await app(true).request('/ui/assets/other.js')).status).toBe(404);
  });

  it('answers 503 UNAVAILABLE when the bundle was not built (running from sources)', async () => {
    const res = await app(false).request('/');
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAVAILABLE');
  });

  it('the client never parses strings as HTML', () => {
    const dir = join(import.meta.dirname, 'client');
    const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      expect(readFileSync(join(dir, f), 'utf8'), f).not.toMatch(
        /innerHTML|outerHTML|insertAdjacentHTML|document\.write|DOMParser|createContextualFragment|\beval\(|new Function/,
      );
    }
  });
});
