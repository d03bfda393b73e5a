import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Memp } from '../../engine/create-memp.js';
import { ANONYMOUS_PRINCIPAL } from '../auth/principal.js';
import { createMempMcpServer } from './create-memp-mcp-server.js';
import type { McpRecallDefaults } from './mcp-recall-defaults.js';

/**
 * Runs the memp MCP server over stdio (the client spawned this process, so it has the rights of whoever runs it:
 * full access, like the CLI). `recall` sets the defaults of `recall_procedures`. Resolves when the client closes the
 * connection.
 */
export async function runMcpStdio(options: {
  memp: Memp;
  defaultNamespace?: string;
  recall?: McpRecallDefaults;
}): Promise<void> {
  const server = createMempMcpServer({
    memp: options.memp,
    principal: ANONYMOUS_PRINCIPAL,
    ...(options.defaultNamespace === undefined ? {} : { defaultNamespace: options.defaultNamespace }),
    ...(options.recall === undefined ? {} : { recall: options.recall }),
  });
  const transport = new StdioServerTransport();
  await server.connect(transport);
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = () => resolve();
  });
  process.stdin.on('end', () => void server.close());
  await closed;
}
