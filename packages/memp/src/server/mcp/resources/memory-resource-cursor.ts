import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

/** Where the next page of `resources/list` starts: a namespace, and the last memory id already listed in it. */
export interface MemoryResourceCursor {
  namespace: string;
  /** The last id listed in `namespace`; undefined: start at the namespace's first memory. */
  after?: string;
}

const CursorSchema = z.object({ namespace: z.string().min(1), after: z.string().min(1).optional() }).strict();

/** Encodes a cursor as the opaque string MCP clients hand back (base64url JSON). */
export function encodeMemoryResourceCursor(cursor: MemoryResourceCursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor from {@link encodeMemoryResourceCursor}. Anything else is refused with MCP's Invalid params
 * (-32602), as the MCP specification asks for an invalid cursor.
 */
export function decodeMemoryResourceCursor(text: string): MemoryResourceCursor {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    json = undefined;
  }
  const parsed = CursorSchema.safeParse(json);
  if (!parsed.success) throw new McpError(ErrorCode.InvalidParams, 'invalid resources/list cursor');
  const { namespace, after } = parsed.data;
  return after === undefined ? { namespace } : { namespace, after };
}
