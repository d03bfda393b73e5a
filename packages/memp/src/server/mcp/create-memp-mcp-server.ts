import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Memp } from '../../engine/create-memp.js';
import type { ApiKeyRole } from '../../ports/api-key-store.js';
import { authorize, roleAllows } from '../auth/authorize.js';
import { type Principal, attributionOf } from '../auth/principal.js';
import type { OutcomeRateLimiter } from '../http/outcome-rate-limiter.js';
import { type McpRecallDefaults, resolveRecallDefaults } from './mcp-recall-defaults.js';
import { mempPackageVersion } from './memp-package-version.js';
import { registerMemoryResource } from './resources/memory-resource.js';
import { registerDeprecateMemoryTool } from './tools/deprecate-memory-tool.js';
import { registerGetMemoryTool } from './tools/get-memory-tool.js';
import { registerListMemoriesTool } from './tools/list-memories-tool.js';
import type { McpToolContext } from './tools/mcp-tool-context.js';
import { registerRecallProceduresTool } from './tools/recall-procedures-tool.js';
import { registerRecordTrajectoryTool } from './tools/record-trajectory-tool.js';
import { registerReportOutcomeTool } from './tools/report-outcome-tool.js';

/**
 * Builds the memp MCP server for one caller: tools to recall procedures, record trajectories and outcomes, list,
 * read and deprecate memories (one file each under `tools/`), and every memory as a resource
 * `memp://{namespace}/memories/{id}`. Tools are listed per the caller's role: a read key gets only
 * `recall_procedures`, `list_memories` and `get_memory` (the write tools `record_trajectory`, `report_outcome` and
 * `deprecate_memory` are not registered, so a call to one is an unknown-tool error); a write or admin key, the
 * keyless loopback caller and stdio (the operator) get all six. Each call is checked against the caller's key
 * (namespace and role) exactly as over HTTP; a call without a namespace uses the key's namespace, or `defaultNamespace` (default `'default'`) for a
 * key valid in every namespace. `recall` sets the defaults of `recall_procedures` (see {@link McpRecallDefaults});
 * an invalid one → `INVALID_ARGUMENT` naming the field.
 */
export function createMempMcpServer(options: {
  memp: Memp;
  principal: Principal;
  defaultNamespace?: string;
  /** Defaults of `recall_procedures` when a call leaves `k`, `min_score` or `format` out. */
  recall?: McpRecallDefaults;
  /** The HTTP server's per-key limit of outcome reports (none over stdio). */
  outcomeLimiter?: OutcomeRateLimiter;
}): McpServer {
  const { memp, principal } = options;
  const recall = resolveRecallDefaults(options.recall);
  const server = new McpServer(
    { name: 'memp', version: mempPackageVersion() },
    { capabilities: { tools: {}, resources: {} } },
  );
  const fallback = principal.namespace === '*' ? (options.defaultNamespace ?? 'default') : principal.namespace;
  const context: McpToolContext = {
    server,
    memp,
    principal,
    use(role: ApiKeyRole, namespace: string | undefined): string {
      const ns = namespace ?? fallback;
      authorize({ principal, role, namespace: ns });
      return ns;
    },
    attribution: attributionOf(principal),
    ...(principal.keyId === undefined ? {} : { keyId: principal.keyId }),
    ...(options.outcomeLimiter === undefined ? {} : { outcomeLimiter: options.outcomeLimiter }),
  };
  registerRecallProceduresTool(context, recall);
  registerListMemoriesTool(context);
  registerGetMemoryTool(context);
  if (roleAllows(principal.role, 'write')) {
    registerRecordTrajectoryTool(context);
    registerReportOutcomeTool(context);
    registerDeprecateMemoryTool(context);
  }
  registerMemoryResource({ ...context, principal });
  return server;
}
