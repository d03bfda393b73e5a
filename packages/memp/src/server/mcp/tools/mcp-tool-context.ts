import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Memp } from '../../../engine/create-memp.js';
import type { ApiKeyRole } from '../../../ports/api-key-store.js';
import type { Principal } from '../../auth/principal.js';

/** What every memp MCP tool registration needs: the server to register on, the engine, and the caller's rights. */
export interface McpToolContext {
  /** The server the tool is registered on. */
  server: McpServer;
  /** The engine the tool calls. */
  memp: Memp;
  /**
   * Resolves the namespace a call acts on (the caller's default when `namespace` is undefined) and checks that the
   * caller's key allows `role` there; `FORBIDDEN` otherwise.
   */
  use(role: ApiKeyRole, namespace: string | undefined): string;
  /** The caller (its key id scopes idempotency keys). */
  principal: Principal;
}
