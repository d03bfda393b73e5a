import { z } from 'zod';
import { MempError } from '../../../core/errors.js';
import { toolResult } from '../mcp-tool-result.js';
import type { McpToolContext } from './mcp-tool-context.js';
import { namespaceArgument } from './namespace-argument.js';
import { summarizeMemory } from './summarize-memory.js';

const ids = z.array(z.string().min(1)).min(1).max(100);

/**
 * Registers `report_outcome`: the agent says whether the procedures it recalled led to success, without sending
 * the trajectory; each counts one use, and the deprecation rule runs (needs a write key). The ids go in `used`, as
 * in `record_trajectory`; `memory_ids`, the older name, is still accepted (both or neither → `INVALID_ARGUMENT`
 * naming `used`).
 */
export function registerReportOutcomeTool({
  server,
  memp,
  use,
  attribution,
  outcomeLimiter,
  keyId,
}: McpToolContext): void {
  server.registerTool(
    'report_outcome',
    {
      title: 'Report whether recalled procedures worked',
      description:
        'Call this after a task instead of record_trajectory when you do not want to send the steps: pass in `used` ' +
        'the ids recall_procedures returned that you followed, and whether the task succeeded. Each counts one use; ' +
        'procedures that keep failing get deprecated. Returns the procedures with their new usage counts.',
      inputSchema: {
        used: ids.optional().describe('Ids returned by recall_procedures that you followed (required).'),
        memory_ids: ids.optional().meta({ deprecated: true, description: 'The older name of `used`; use `used`.' }),
        success: z.boolean().describe('True when the task succeeded.'),
        namespace: namespaceArgument,
      },
    },
    ({ used, memory_ids, success, namespace }) =>
      toolResult(async () => {
        if ((used === undefined) === (memory_ids === undefined)) {
          throw new MempError('INVALID_ARGUMENT', 'give used (or its older name memory_ids), not both', {
            details: { field: 'used' },
          });
        }
        const ns = use('write', namespace);
        outcomeLimiter?.take(keyId ?? 'local');
        const { memories, deprecated } = await memp.reportOutcome({
          namespace: ns,
          used: used ?? memory_ids ?? [],
          success,
          attribution,
        });
        return { data: { namespace: ns, memories: memories.map(summarizeMemory), deprecated } };
      }),
  );
}
