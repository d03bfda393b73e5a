import type { Command } from 'commander';
import { DEFAULT_BODY_LIMIT_BYTES } from '../../server/http/create-memp-http-app.js';
import { startMempServer } from '../../server/http/start-memp-server.js';
import { parsePositiveInt, withEngine } from '../cli-context.js';
import { openApiKeyStore } from '../open-store.js';

/** `memp serve`: the HTTP API and MCP (Streamable HTTP at /mcp) until SIGTERM/SIGINT, then a graceful shutdown. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the HTTP API (/v1, /docs, /openapi.json), the browser console (/) and MCP at /mcp')
    .option('--port <port>', 'TCP port (0: any free port)', '8787')
    .option('--host <host>', 'address to listen on; other than loopback needs API keys', '127.0.0.1')
    .option('--body-limit <bytes>', 'largest request body in bytes', String(DEFAULT_BODY_LIMIT_BYTES))
    .option('--grace <ms>', 'how long shutdown waits for in-flight requests', '10000')
    .option('--runs <dir>', 'benchmark runs directory shown read-only in the console and under /v1/runs')
    .action(
      async (
        opts: { port: string; host: string; bodyLimit: string; grace: string; runs?: string },
        command: Command,
      ) => {
        const port = opts.port === '0' ? 0 : parsePositiveInt(opts.port, '--port');
        const bodyBytes = parsePositiveInt(opts.bodyLimit, '--body-limit');
        const graceMs = parsePositiveInt(opts.grace, '--grace');
        await withEngine(command, {}, async (memp, global) => {
          // The server's API keys: their own port, in the same database as the memories.
          const keys = await openApiKeyStore(global);
          const server = await startMempServer({
            memp,
            keys,
            host: opts.host,
            ...(port === undefined ? {} : { port }),
            ...(bodyBytes ? { limits: { bodyBytes } } : {}),
            ...(opts.runs === undefined ? {} : { runsDir: opts.runs }),
            onNotice: (text) => process.stderr.write(`${JSON.stringify({ level: 'warn', msg: text })}\n`),
          }).catch(async (error: unknown) => {
            await keys.close();
            throw error;
          });
          process.stderr.write(
            `${JSON.stringify({ level: 'info', msg: 'listening', url: server.url, console: `${server.url}/`, docs: `${server.url}/docs`, mcp: `${server.url}/mcp` })}\n`,
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
