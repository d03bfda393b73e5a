/**
 * `memp/server`: the HTTP API (hono) and the MCP server over any `MemoryStore`, and the API-key helpers.
 */
export { createMempHttpApp } from './server/http/create-memp-http-app.js';
export { DEFAULT_BODY_LIMIT_BYTES } from './server/http/body-limit.js';
export type { MempHttpAppOptions } from './server/http/create-memp-http-app.js';
export { startMempServer } from './server/http/start-memp-server.js';
export { isLoopbackHost } from './server/http/loopback-host.js';
export type { RunningMempServer, ServerAuthMode } from './server/http/start-memp-server.js';
export { httpStatusFor, toErrorResponse } from './server/http/http-errors.js';
export type { ErrorBody } from './server/http/http-errors.js';
export { jsonLinesLogger } from './server/http/request-logger.js';
export type { RequestLogEntry, RequestLogger } from './server/http/request-logger.js';
export { createMempMcpServer } from './server/mcp/create-memp-mcp-server.js';
export { memoryResourceUri } from './server/mcp/resources/memory-resource-uri.js';
export { handleMcpHttpRequest } from './server/mcp/mcp-http-handler.js';
export { runMcpStdio } from './server/mcp/run-mcp-stdio.js';
export { createApiKey } from './server/auth/create-api-key.js';
export { createAuthenticator } from './server/auth/authenticate.js';
export type { Authenticator } from './server/auth/authenticate.js';
export { authorize, roleAllows } from './server/auth/authorize.js';
export { ANONYMOUS_PRINCIPAL } from './server/auth/principal.js';
export type { Principal } from './server/auth/principal.js';
export { generateApiKey, parseApiKey, hashApiKeySecret, secretMatches } from './server/auth/api-key-secret.js';
