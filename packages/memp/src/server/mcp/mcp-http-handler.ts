import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { Memp } from '../../engine/create-memp.js';
import type { Principal } from '../auth/principal.js';
import type { OutcomeRateLimiter } from '../http/outcome-rate-limiter.js';
import { createMempMcpServer } from './create-memp-mcp-server.js';
import type { McpRecallDefaults } from './mcp-recall-defaults.js';

/**
 * Serves one MCP Streamable HTTP request in stateless mode: a fresh server and transport per request, bound to the
 * already-authenticated caller, closed when the response is done. JSON responses (no SSE), so any proxy works.
 * `recall` sets the defaults of `recall_procedures`.
 */
export async function handleMcpHttpRequest(options: {
  request: Request;
  memp: Memp;
  principal: Principal;
  recall?: McpRecallDefaults;
  outcomeLimiter?: OutcomeRateLimiter;
}): Promise<Response> {
  const server = createMempMcpServer({
    memp: options.memp,
    principal: options.principal,
    ...(options.outcomeLimiter === undefined ? {} : { outcomeLimiter: options.outcomeLimiter }),
    ...(options.recall === undefined ? {} : { recall: options.recall }),
  });
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: undefined,
    enableJsonResponse: true,
  });
  await server.connect(transport);
  try {
    return await transport.handleRequest(options.request);
  } finally {
    await transport.close();
    await server.close();
  }
}
