import { createFixedClock } from '../../core/clock.js';
import { createSeededIds } from '../../core/ids.js';
import { createInMemoryApiKeyStore } from '../../adapters/stores/in-memory/in-memory-api-key-store.js';
import { createInMemoryMemoryStore } from '../../adapters/stores/in-memory/in-memory-memory-store.js';
import { createSqliteApiKeyStore } from '../../adapters/stores/sqlite/sqlite-api-key-store.js';
import { createSqliteMemoryStore } from '../../adapters/stores/sqlite/sqlite-memory-store.js';
import type { Memp } from '../../engine/create-memp.js';
import { createMemp } from '../../composition/create-memp.js';
import type { ApiKeyRole, ApiKeyStore } from '../../ports/api-key-store.js';
import type { MemoryStore } from '../../ports/memory-store.js';
import { createApiKey } from '../auth/create-api-key.js';
import type { RequestLogEntry } from '../http/request-logger.js';
import { type RunningMempServer, startMempServer } from '../http/start-memp-server.js';
import type { MempOptions } from '../../engine/memp-options.js';
import type { OutcomeRateLimit } from '../http/outcome-rate-limiter.js';

/**
 * The store the server tests run on: SQLite in memory by default, the in-memory store with
 * `MEMP_SERVER_TEST_STORE=memory`. Pass another factory (e.g. PostgreSQL) to {@link startTestServer}.
 */
export function defaultTestStore(): MemoryStore {
  return process.env.MEMP_SERVER_TEST_STORE === 'memory'
    ? createInMemoryMemoryStore()
    : createSqliteMemoryStore({ path: ':memory:' });
}

/** The key store the server tests run on, chosen like {@link defaultTestStore}. */
export function defaultTestKeys(): ApiKeyStore {
  return process.env.MEMP_SERVER_TEST_STORE === 'memory'
    ? createInMemoryApiKeyStore()
    : createSqliteApiKeyStore({ path: ':memory:' });
}

/** A finished episode the offline policies learn from. */
export function episode(task: string, success = true, id?: string) {
  return {
    ...(id ? { id } : {}),
    task,
    outcome: { success },
    steps: [
      { action: 'go to sinkbasin 1', observation: 'You arrive at sinkbasin 1.' },
      { action: `clean ${task.split(' ').at(-1)} 1 with sinkbasin 1`, observation: 'You clean it.' },
    ],
  };
}

/** A real server on a free loopback port, its engine, captured logs and a key factory. */
export interface TestServer {
  url: string;
  memp: Memp;
  /** The server's API key store. */
  keys: ApiKeyStore;
  server: RunningMempServer;
  logs: RequestLogEntry[];
  /** A new key; its trust defaults as for `memp keys create` (admin trusted, others untrusted). */
  key(namespace: string, role: ApiKeyRole, trust?: 'trusted' | 'untrusted'): Promise<string>;
  /** fetch with an optional bearer key and JSON body. */
  call(
    method: string,
    path: string,
    options?: { key?: string; json?: unknown; body?: string; headers?: Record<string, string> },
  ): Promise<{ status: number; body: any; text: string; headers: Headers }>;
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1:0 over `store` and `keys` (defaults {@link defaultTestStore}, {@link defaultTestKeys}). */
export async function startTestServer(
  options: {
    store?: MemoryStore;
    keys?: ApiKeyStore;
    bodyBytes?: number;
    /** Engine options beside the store, clock and ids (e.g. `consolidate`, `build`). */
    engine?: Omit<MempOptions, 'store' | 'clock' | 'ids'>;
    outcomeRateLimit?: OutcomeRateLimit;
  } = {},
): Promise<TestServer> {
  const memp = createMemp({
    store: options.store ?? defaultTestStore(),
    clock: createFixedClock(),
    ids: createSeededIds(11),
    ...options.engine,
  });
  const keys = options.keys ?? defaultTestKeys();
  const logs: RequestLogEntry[] = [];
  const server = await startMempServer({
    memp,
    keys,
    host: '127.0.0.1',
    port: 0,
    logger: (e) => logs.push(e),
    ...(options.bodyBytes ? { limits: { bodyBytes: options.bodyBytes } } : {}),
    ...(options.outcomeRateLimit ? { outcomeRateLimit: options.outcomeRateLimit } : {}),
  });
  return {
    url: server.url,
    memp,
    keys,
    server,
    logs,
    key: async (namespace, role, trust) =>
      (await createApiKey({ keys, namespace, role, ...(trust === undefined ? {} : { trust }) })).key,
    async call(method, path, o = {}) {
      const headers: Record<string, string> = { ...o.headers };
      if (o.key) headers.authorization = `Bearer ${o.key}`;
      let body = o.body;
      if (o.json !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(o.json);
      }
      const res = await fetch(`${server.url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
      const text = await res.text();
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      return { status: res.status, body: parsed, text, headers: res.headers };
    },
    async close() {
      await server.close({ graceMs: 1000 });
      await memp.close();
      await keys.close();
    },
  };
}
