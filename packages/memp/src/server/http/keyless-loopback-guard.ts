import { createMiddleware } from 'hono/factory';
import { MempError } from '../../core/errors.js';
import type { AppEnv } from './app-env.js';
import { isLoopbackHostHeader, isLoopbackOrigin } from './loopback-host.js';

/**
 * App-wide middleware against DNS rebinding: while the server answers anonymous callers (`keyless()` true: no key
 * exists and keys are not required), every route — `/v1`, `/mcp`, the console, `/docs`, the health checks — refuses
 * a request whose `Host` is not a loopback name or whose `Origin`, when sent, is not a loopback origin: 403
 * `FORBIDDEN` naming the header. Binding to 127.0.0.1 alone does not stop a web page whose domain re-resolves to
 * 127.0.0.1 from reaching the server; its requests still carry the page's host name, which this refuses.
 *
 * Ports are not compared (the check is by host name, as the MCP SDK's `localhostHostValidation` middleware does):
 * a rebinding page cannot make its host name a loopback name. The SDK's transport options
 * (`enableDnsRebindingProtection`, `allowedHosts`) are deprecated in favour of such middleware and would cover
 * `/mcp` only. Once a key exists every request needs one, and the check stops, so a reverse proxy may forward any host name.
 */
export function keylessLoopbackGuard(options: { keyless: () => Promise<boolean> }) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (await options.keyless()) {
      // Without a Host header (an in-process `app.request()`), the request URL's host stands in for it.
      if (!isLoopbackHostHeader(c.req.header('host') ?? new URL(c.req.url).host)) {
        throw new MempError(
          'FORBIDDEN',
          'this server has no API key and answers only requests addressed to a loopback host (127.0.0.1, localhost, [::1])',
          { details: { field: 'Host' } },
        );
      }
      const origin = c.req.header('origin');
      if (origin !== undefined && !isLoopbackOrigin(origin)) {
        throw new MempError(
          'FORBIDDEN',
          'this server has no API key and answers only pages served from a loopback origin',
          { details: { field: 'Origin' } },
        );
      }
    }
    await next();
  });
}
