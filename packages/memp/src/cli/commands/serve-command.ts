import type { Command } from 'commander';
import { DEFAULT_BODY_LIMIT_BYTES } from '../../server/http/body-limit.js';
import { MempError } from '../../core/errors.js';
import { globalOptions, parsePositiveInt, withEngine } from '../cli-context.js';
import { type RecallFlags, addRecallFlags, parseRecallFlags } from '../recall-flags.js';
import { type RetrievalFlags, addRetrievalFlags, parseRetrievalFlags } from '../retrieval-flags.js';

/** `--port`: an integer from 0 (any free port) to 65535, else `INVALID_ARGUMENT` naming `--port` (exit 2). */
function parsePort(value: string): number {
  const port = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(port) || port > 65535) {
    throw new MempError('INVALID_ARGUMENT', `--port must be an integer from 0 to 65535 (got "${value}")`, {
      details: { field: '--port' },
    });
  }
  return port;
}

/** `--key-cache-ms` (then `MEMP_KEY_CACHE_MS`, else 5000): a non-negative integer, else `INVALID_ARGUMENT`. */
function parseKeyCacheMs(flag: string | undefined): number {
  const value = flag ?? process.env.MEMP_KEY_CACHE_MS;
  if (value === undefined) return 5_000;
  const ms = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isSafeInteger(ms)) {
    const field = flag === undefined ? 'MEMP_KEY_CACHE_MS' : '--key-cache-ms';
    throw new MempError('INVALID_ARGUMENT', `${field} must be a non-negative integer of ms (got "${value}")`, {
      details: { field },
    });
  }
  return ms;
}

/** A SQLite checkpoint never stops the event loop that serves requests (see `SqliteDatabaseOptions.checkpoints`). */
const SERVE_STORE = { sqliteCheckpoints: 'background' } as const;

const AUTH_HELP = `
Authentication: with at least one active key (memp keys create) every request needs "Authorization: Bearer <key>".
With no key at all the server is keyless: it listens on loopback only, answers only requests addressed to a
loopback host (127.0.0.1, localhost, [::1]) from no or a loopback Origin (no DNS rebinding), and never creates keys
for anonymous callers: create the first key here, as the operator:
  memp keys create --namespace '*' --role admin
A store whose keys are all revoked refuses every request (401) and says so at start. The "listening" log line
names the mode: "auth": "keys" | "none" | "revoked".`;

/**
 * `memp serve`: the HTTP API and MCP (Streamable HTTP at /mcp) until SIGTERM/SIGINT, then a graceful shutdown. Logs
 * JSON lines on stderr; the auth mode (see `ServerAuthMode`) is in the "listening" line and, unless `keys`, in a warning.
 * `--k`, `--min-score`, `--format` set the defaults of the MCP tool `recall_procedures`.
 */
export function registerServeCommand(program: Command): void {
  const serve = program
    .command('serve')
    .description('serve the HTTP API (/v1, /docs, /openapi.json), the browser console (/) and MCP at /mcp')
    .option('--port <port>', 'TCP port (0: any free port)', '8787')
    .option('--host <host>', 'address to listen on; other than loopback needs API keys', '127.0.0.1')
    .option('--body-limit <bytes>', 'largest request body in bytes', String(DEFAULT_BODY_LIMIT_BYTES))
    .option('--grace <ms>', 'how long shutdown waits for in-flight requests', '10000')
    .option('--runs <dir>', 'benchmark runs directory shown read-only in the console and under /v1/runs')
    .option(
      '--key-cache-ms <ms>',
      'how long a found API key is reused without asking the store: a key revoked by another process is refused within this time; 0: no cache (default: $MEMP_KEY_CACHE_MS, else 5000)',
    )
    .option('--workers <n>', 'server processes sharing the port (default: the number of cores; 1: a single process)')
    .addHelpText('after', AUTH_HELP);
  addRetrievalFlags(addRecallFlags(serve)).action(
    async (
      opts: {
        port: string;
        host: string;
        bodyLimit: string;
        grace: string;
        runs?: string;
        keyCacheMs?: string;
        workers?: string;
      } & RecallFlags &
        RetrievalFlags,
      command: Command,
    ) => {
      const port = parsePort(opts.port);
      const mcpRecall = parseRecallFlags(opts);
      const retrieval = parseRetrievalFlags(opts);
      const bodyBytes = parsePositiveInt(opts.bodyLimit, '--body-limit');
      const graceMs = parsePositiveInt(opts.grace, '--grace');
      const keyCacheMs = parseKeyCacheMs(opts.keyCacheMs);
      const { parseWorkers, isServeWorker, releaseFromPrimary, reportToPrimary, runServePrimary } = await import(
        '../serve-workers.js'
      );
      const workers = parseWorkers(opts.workers, globalOptions(command));
      const worker = isServeWorker();
      if (workers > 1 && !worker) {
        // A worker that failed to start has printed its error; the primary only passes its exit code on.
        const code = await runServePrimary({ workers });
        if (code !== 0) process.exit(code);
        return;
      }
      const say = (line: Record<string, unknown>, kind: 'listening' | 'notice' | 'other') => {
        if (worker && kind !== 'other') reportToPrimary({ memp: kind, line });
        else process.stderr.write(`${JSON.stringify(line)}\n`);
      };
      try {
        await withEngine(
          command,
          retrieval,
          async (memp, global) => {
            // The server's API keys: their own port, in the same database as the memories.
            const { openApiKeyStore } = await import('../open-store.js');
            const { startMempServer } = await import('../../server/http/start-memp-server.js');
            const { createCachingApiKeyStore } = await import('../../server/auth/caching-api-key-store.js');
            const keys = createCachingApiKeyStore(await openApiKeyStore(global), { maxAgeMs: keyCacheMs });
            const server = await startMempServer({
              memp,
              keys,
              host: opts.host,
              port,
              mcpRecall,
              ...(bodyBytes ? { limits: { bodyBytes } } : {}),
              ...(opts.runs === undefined ? {} : { runsDir: opts.runs }),
              onNotice: (text, { auth }) => say({ level: 'warn', msg: text, auth }, 'notice'),
            }).catch(async (error: unknown) => {
              await keys.close();
              throw error;
            });
            const { url, auth } = server;
            say(
              {
                level: 'info',
                msg: 'listening',
                url,
                console: `${url}/`,
                docs: `${url}/docs`,
                mcp: `${url}/mcp`,
                auth,
              },
              'listening',
            );
            await new Promise<void>((resolve) => {
              let stopping = false;
              const stop = (signal: string) => {
                // A worker can get both signals (Ctrl-C reaches the whole process group; the primary sends SIGTERM).
                if (stopping) return;
                stopping = true;
                if (!worker) say({ level: 'info', msg: 'shutting down', signal }, 'other');
                void server.close(graceMs === undefined ? {} : { graceMs }).then(resolve);
              };
              process.once('SIGTERM', () => stop('SIGTERM'));
              process.once('SIGINT', () => stop('SIGINT'));
            });
            await keys.close();
            if (!worker) say({ level: 'info', msg: 'stopped' }, 'other');
          },
          SERVE_STORE,
        );
      } finally {
        // The IPC channel to the primary would keep a worker alive (also after a start error).
        if (worker) releaseFromPrimary();
      }
    },
  );
}
