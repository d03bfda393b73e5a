import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { isMempError } from '../../core/errors.js';

/**
 * Runs a tool body and shapes its result for MCP: a JSON text block plus `structuredContent`. A `MempError` becomes
 * a tool error (`isError`, text `CODE: message`) the model can read and act on; anything else is an `INTERNAL` tool
 * error without detail. This is MCP's one place mapping error codes.
 */
export async function toolResult(
  work: () => Promise<{ text?: string; data: Record<string, unknown> }>,
): Promise<CallToolResult> {
  try {
    const { text, data } = await work();
    const content: CallToolResult['content'] = [];
    if (text !== undefined) content.push({ type: 'text', text });
    content.push({ type: 'text', text: JSON.stringify(data) });
    return { content, structuredContent: data };
  } catch (error) {
    const code = isMempError(error) ? error.code : 'INTERNAL';
    const message = isMempError(error) ? error.message : 'internal error';
    const details = isMempError(error) ? error.details : {};
    return {
      isError: true,
      content: [{ type: 'text', text: `${code}: ${message}` }],
      structuredContent: { error: { code, message, details } },
    };
  }
}
