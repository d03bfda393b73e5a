import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { MempError } from '../../core/errors.js';
import type { AppEnv } from '../http/app-env.js';
import { type ConsoleAsset, type ConsoleAssets, loadConsoleAssets } from './console-assets.js';
import { CONSOLE_SECURITY_HEADERS, consolePageHtml } from './console-page.js';

function send(c: Context<AppEnv>, asset: ConsoleAsset): Response {
  const gzip = /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
  const headers: Record<string, string> = {
    ...CONSOLE_SECURITY_HEADERS,
    'Content-Type': asset.type,
    'Cache-Control': 'public, max-age=31536000, immutable',
    Vary: 'Accept-Encoding',
  };
  if (gzip) headers['Content-Encoding'] = 'gzip';
  return new Response(new Uint8Array(gzip ? asset.gzip : asset.body), { status: 200, headers });
}

/**
 * The browser console: the page at `/`, `/ui` and `/ui/`, its two hashed assets under `/ui/assets/`. It is a client
 * of the public HTTP API only (keys travel in the `Authorization` header the script sets; nothing here is
 * authenticated because nothing here holds data). Without a built bundle → 503 `UNAVAILABLE`.
 */
export function registerConsoleRoutes(app: OpenAPIHono<AppEnv>, options: { assets?: ConsoleAssets } = {}): void {
  const assets = options.assets ?? loadConsoleAssets();
  const missing = () =>
    new MempError('UNAVAILABLE', 'the console bundle was not built: run `npm run build`', {
      details: { field: 'console' },
    });
  const html = assets ? consolePageHtml(assets) : undefined;
  const page = (c: Context<AppEnv>) => {
    if (html === undefined) throw missing();
    for (const [name, value] of Object.entries(CONSOLE_SECURITY_HEADERS)) c.header(name, value);
    c.header('Cache-Control', 'no-cache');
    return c.html(html);
  };
  app.get('/', page);
  app.get('/ui', page);
  app.get('/ui/', page);
  app.get('/ui/assets/:name', (c) => {
    if (!assets) throw missing();
    const name = c.req.param('name');
    const asset = [assets.script, assets.style].find((a) => a.name === name);
    if (!asset) throw new MempError('NOT_FOUND', `no console asset "${name}"`, { details: { name } });
    return send(c, asset);
  });
}
