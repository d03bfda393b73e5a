import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Memp } from '../../../engine/create-memp.js';
import type { Attribution } from '../../../core/evidence.js';
import type { ApiKeyRole } from '../../../ports/api-key-store.js';
import type { Principal } from '../../auth/principal.js';
import type { OutcomeRateLimiter } from '../../http/outcome-rate-limiter.js';

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
  /** Who the caller is, for the evidence its writes add (its key, or `local` for the operator). */
  attribution: Attribution;
  /** Limits `report_outcome` per key (the HTTP server's limiter); undefined over stdio (the operator). */
  outcomeLimiter?: OutcomeRateLimiter;
  /** The caller's key id, undefined for the operator (keyless or stdio). */
  keyId?: string;
}
