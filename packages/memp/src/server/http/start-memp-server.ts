import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { MempError } from '../../core/errors.js';
import { type MempHttpAppOptions, createMempHttpApp } from './create-memp-http-app.js';
import { isLoopbackHost } from './loopback-host.js';

/**
 * How a server authenticates, as found at start: `keys` (at least one active key: every request needs one), `none`
 * (the store holds no key: anonymous access, loopback only, loopback `Host`/`Origin` only, no key minting over
 * HTTP), `revoked` (every key in the store is revoked: every request is refused with 401 until an operator creates
 * a key with `memp keys create`).
 */
export type ServerAuthMode = 'keys' | 'none' | 'revoked';

/** A running memp server. */
export interface RunningMempServer {
  /** Base URL, e.g. `http://127.0.0.1:8787`. */
  url: string;
  port: number;
  /** True when the key store held no key at all at start (anonymous access, loopback only): `auth === 'none'`. */
  open: boolean;
  /** How requests are authenticated, as found at start. */
  auth: ServerAuthMode;
  /**
   * Graceful shutdown: stop accepting connections, let in-flight requests finish (up to `graceMs`, default 10 s,
   * then cut the rest), resolve when the socket is closed. Does not close the engine.
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

/** The port to listen on: an integer 0 (any free port) to 65535, else `INVALID_ARGUMENT` naming `port`. */
function checkPort(port: number | undefined): number {
  if (port === undefined) return 8787;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new MempError('INVALID_ARGUMENT', `port must be an integer from 0 to 65535 (got ${port})`, {
      details: { field: 'port' },
    });
  }
  return port;
}

/** Finds the auth mode from the key store's records. */
async function findAuthMode(keys: MempHttpAppOptions['keys']): Promise<ServerAuthMode> {
  const records = await keys.listKeys();
  if (records.some((k) => k.revokedAt === undefined)) return 'keys';
  return records.length === 0 ? 'none' : 'revoked';
}

const NOTICES: Record<Exclude<ServerAuthMode, 'keys'>, (url: string) => string> = {
  none: (url) =>
    `no API key configured: serving WITHOUT authentication, on loopback only (${url}), to loopback Host and Origin ` +
    "values only. Create the first key with `memp keys create --namespace '*' --role admin` to require keys.",
  revoked: (url) =>
    `every API key in this store is revoked: ${url} will refuse every request (401) until an operator creates a key ` +
    "with `memp keys create --namespace '*' --role admin`.",
};

/**
 * Starts the HTTP (and MCP) server on `host:port` (port 0: any free port; outside 0–65535 → `INVALID_ARGUMENT`).
 * Without any active key in `keys` it binds only to loopback; binding another address without keys fails with
 * `INVALID_ARGUMENT` before listening. Off loopback every request needs a key. The auth mode
 * ({@link ServerAuthMode}) is reported through `onNotice` when it is not `keys`.
 *
 * A keyless server (`auth: 'none'`) serves anonymous callers, but only those addressing it by a loopback name from
 * no or a loopback `Origin` (so a web page cannot reach it by DNS rebinding), and never mints keys for them: the
 * first key is an operator action on this machine, `memp keys create --namespace '*' --role admin` (or
 * `createApiKey` on the same key store). Keys created while it runs take effect at once.
 */
export async function startMempServer(
  options: Omit<MempHttpAppOptions, 'isDraining' | 'requireKeys'> & {
    host?: string;
    port?: number;
    /** Told the auth mode at start when it is not `keys` (a sentence for the operator, and the mode). */
    onNotice?: (text: string, context: { auth: ServerAuthMode }) => void;
  },
): Promise<RunningMempServer> {
  const host = options.host ?? '127.0.0.1';
  const port = checkPort(options.port);
  const { keys } = options;
  const auth = await findAuthMode(keys);
  const loopback = isLoopbackHost(host);
  if (auth !== 'keys' && !loopback) {
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
    const s = serve({ fetch: app.fetch, hostname: host, port }) as Server;
    s.once('listening', () => resolve(s));
    s.once('error', (error) =>
      reject(
        new MempError('INVALID_ARGUMENT', `cannot listen on ${host}:${port}: ${error.message}`, {
          cause: error,
        }),
      ),
    );
  });
  // Longer than common client pools keep idle sockets, so a client never reuses a socket the server is closing.
  server.keepAliveTimeout = 65_000;
  const bound = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${bound}`;
  if (auth !== 'keys') options.onNotice?.(NOTICES[auth](url), { auth });
  return {
    url,
    port: bound,
    open: auth === 'none',
    auth,
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
