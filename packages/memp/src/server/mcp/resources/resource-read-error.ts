import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { isMempError } from '../../../core/errors.js';

/** The MCP specification's JSON-RPC error code for `resources/read` of a resource that does not exist. */
export const MCP_RESOURCE_NOT_FOUND = -32002;

/**
 * Maps what a `resources/read` handler threw to a JSON-RPC error (the SDK would answer anything without a numeric
 * code as `InternalError` carrying its raw message): `INVALID_ARGUMENT` → `InvalidParams`, `NOT_FOUND` → -32002,
 * `FORBIDDEN`/`UNAUTHORIZED` → `InvalidRequest`, other `MempError`s → `InternalError`, each with
 * `data: { code, details }`; anything else → `InternalError` "internal error", saying nothing of its cause.
 */
export function toResourceReadError(error: unknown): McpError {
  if (error instanceof McpError) return error;
  if (!isMempError(error)) return new McpError(ErrorCode.InternalError, 'internal error');
  const data = { code: error.code, details: error.details };
  switch (error.code) {
    case 'INVALID_ARGUMENT':
      return new McpError(ErrorCode.InvalidParams, error.message, data);
    case 'NOT_FOUND':
      return new McpError(MCP_RESOURCE_NOT_FOUND, error.message, data);
    case 'FORBIDDEN':
    case 'UNAUTHORIZED':
      return new McpError(ErrorCode.InvalidRequest, error.message, data);
    default:
      return new McpError(ErrorCode.InternalError, error.message, data);
  }
}
