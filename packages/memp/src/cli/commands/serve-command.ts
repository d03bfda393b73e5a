import type { Command } from 'commander';
import { DEFAULT_BODY_LIMIT_BYTES } from '../../server/http/body-limit.js';
import { MempError } from '../../core/errors.js';
import { parsePositiveInt, withEngine } from '../cli-context.js';
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
    .addHelpText('after', AUTH_HELP);
  addRetrievalFlags(addRecallFlags(serve)).action(
    async (
      opts: { port: string; host: string; bodyLimit: string; grace: string; runs?: string } & RecallFlags &
        RetrievalFlags,
      command: Command,
    ) => {
      const port = parsePort(opts.port);
      const mcpRecall = parseRecallFlags(opts);
      const retrieval = parseRetrievalFlags(opts);
      const bodyBytes = parsePositiveInt(opts.bodyLimit, '--body-limit');
      const graceMs = parsePositiveInt(opts.grace, '--grace');
      await withEngine(command, retrieval, async (memp, global) => {
        // The server's API keys: their own port, in the same database as the memories.
        const { openApiKeyStore } = await import('../open-store.js');
        const { startMempServer } = await import('../../server/http/start-memp-server.js');
        const keys = await openApiKeyStore(global);
        const server = await startMempServer({
          memp,
          keys,
          host: opts.host,
          port,
          mcpRecall,
          ...(bodyBytes ? { limits: { bodyBytes } } : {}),
          ...(opts.runs === undefined ? {} : { runsDir: opts.runs }),
          onNotice: (text, { auth }) => process.stderr.write(`${JSON.stringify({ level: 'warn', msg: text, auth })}\n`),
        }).catch(async (error: unknown) => {
          await keys.close();
          throw error;
        });
        process.stderr.write(
          `${JSON.stringify({ level: 'info', msg: 'listening', url: server.url, console: `${server.url}/`, docs: `${server.url}/docs`, mcp: `${server.url}/mcp`, auth: server.auth })}\n`,
        );
        await new Promise<void>((resolve) => {
          const stop = (signal: string) => {
            process.stderr.write(`${JSON.stringify({ level: 'info', msg: 'shutting down', signal })}\n`);
            void server.close(graceMs === undefined ? {} : { graceMs }).then(resolve);
          };
          process.once('SIGTERM', () => stop('SIGTERM'));
          process.once('SIGINT', () => stop('SIGINT'));
        });
        await keys.close();
        process.stderr.write(`${JSON.stringify({ level: 'info', msg: 'stopped' })}\n`);
      });
    },
  );
}
