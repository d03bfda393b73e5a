import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { MempError } from '../../core/errors.js';
import { type MempHttpAppOptions, createMempHttpApp } from './create-memp-http-app.js';

/** A running memp server. */
export interface RunningMempServer {
  /** Base URL, e.g. `http://127.0.0.1:8787`. */
  url: string;
  port: number;
  /** True when the key store held no active key at start (anonymous access, loopback only). */
  open: boolean;
  /**
   * Graceful shutdown: stop accepting connections, let in-flight requests finish (up to `graceMs`, default 10 s,
   * then cut the rest), resolve when the socket is closed. Does not close the engine.
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

/** True for addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Starts the HTTP (and MCP) server on `host:port` (port 0: any free port). Without any active key in `keys`
 * it binds only to loopback and says so through `onNotice`; binding another address without keys fails with
 * `INVALID_ARGUMENT` before listening. Off loopback every request needs a key.
 */
export async function startMempServer(
  options: Omit<MempHttpAppOptions, 'isDraining' | 'requireKeys'> & {
    host?: string;
    port?: number;
    onNotice?: (text: string) => void;
  },
): Promise<RunningMempServer> {
  const host = options.host ?? '127.0.0.1';
  const { keys } = options;
  const active = (await keys.listKeys()).filter((k) => k.revokedAt === undefined).length;
  const loopback = isLoopbackHost(host);
  if (active === 0 && !loopback) {
    throw new MempError(
      'INVALID_ARGUMENT',
      `refusing to listen on ${host} without API keys: anyone who can reach it could read and change every memory. ` +
        "Create a key first (memp keys create --namespace '*' --role admin), or listen on 127.0.0.1",
      { details: { field: 'host', host } },
    );
  }
  let draining = false;
  const app = createMempHttpApp({ ...options, keys, requireKeys: !loopback, isDraining: () => draining });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: host, port: options.port ?? 8787 }) as Server;
    s.once('listening', () => resolve(s));
    s.once('error', (error) =>
      reject(
        new MempError('INVALID_ARGUMENT', `cannot listen on ${host}:${options.port}: ${error.message}`, {
          cause: error,
        }),
      ),
    );
  });
  // Longer than common client pools keep idle sockets, so a client never reuses a socket the server is closing.
  server.keepAliveTimeout = 65_000;
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;
  if (active === 0) {
    options.onNotice?.(
      `no API key configured: serving WITHOUT authentication, on loopback only (${url}). ` +
        'Create keys with `memp keys create` to require them.',
    );
  }
  return {
    url,
    port,
    open: active === 0,
    close: ({ graceMs = 10_000 } = {}) =>
      new Promise<void>((resolve) => {
        draining = true;
        const timer = setTimeout(() => server.closeAllConnections(), graceMs);
        timer.unref();
        // Keep-alive connections turn idle as their requests finish: close them as soon as they do.
        const sweep = setInterval(() => server.closeIdleConnections(), 50);
        server.close(() => {
          clearTimeout(timer);
          clearInterval(sweep);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
