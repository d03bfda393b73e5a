import { z } from 'zod';
import { toolResult } from '../mcp-tool-result.js';
import type { McpToolContext } from './mcp-tool-context.js';
import { namespaceArgument } from './namespace-argument.js';
import { summarizeMemory } from './summarize-memory.js';

/**
 * Registers `report_outcome`: the agent says whether the procedures it recalled led to success, without sending
 * the trajectory; each counts one use (needs a write key).
 */
export function registerReportOutcomeTool({ server, memp, use }: McpToolContext): void {
  server.registerTool(
    'report_outcome',
    {
      title: 'Report whether recalled procedures worked',
      description:
        'Call this after a task when you do not want to send the full trajectory: say whether the procedures you ' +
        'recalled (their ids) led to success. Each counts one use; procedures that keep failing get deprecated.',
      inputSchema: {
        memory_ids: z.array(z.string().min(1)).min(1).describe('Ids returned by recall_procedures that you followed.'),
        success: z.boolean().describe('True when the task succeeded.'),
        namespace: namespaceArgument,
      },
    },
    ({ memory_ids, success, namespace }) =>
      toolResult(async () => {
        const ns = use('write', namespace);
        const { memories, deprecated } = await memp.reportOutcome({ namespace: ns, ids: memory_ids, success });
        return { data: { namespace: ns, memories: memories.map(summarizeMemory), deprecated } };
      }),
  );
}
