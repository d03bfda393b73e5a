import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { isMempError } from '../../core/errors.js';

/** What a tool body returns: the data, and optionally a text for the model to read first. */
export interface ToolOutput {
  /** Text for the model, sent as the first content block (e.g. rendered guidance). */
  text?: string;
  /** The result, sent as a JSON text block and as `structuredContent`. */
  data: Record<string, unknown>;
  /**
   * Fields that repeat `text` (e.g. `guidance`): added to `structuredContent` only, so a client that shows the
   * model the content blocks sends that text once, and a client that reads `structuredContent` still has it.
   */
  structuredOnly?: Record<string, unknown>;
}

/**
 * Runs a tool body and shapes its result for MCP: the optional text, a JSON text block of `data`, and
 * `structuredContent` (`data` plus `structuredOnly`). A `MempError` becomes a tool error (`isError`, text
 * `CODE: message`) the model can read and act on; anything else is an `INTERNAL` tool error without detail. This is
 * MCP's one place mapping error codes.
 */
export async function toolResult(work: () => Promise<ToolOutput>): Promise<CallToolResult> {
  try {
    const { text, data, structuredOnly } = await work();
    const content: CallToolResult['content'] = [];
    if (text !== undefined) content.push({ type: 'text', text });
    content.push({ type: 'text', text: JSON.stringify(data) });
    return { content, structuredContent: { ...data, ...structuredOnly } };
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
