import { z } from 'zod';
import { toolResult } from '../mcp-tool-result.js';
import type { McpToolContext } from './mcp-tool-context.js';
import { namespaceArgument } from './namespace-argument.js';

/** Registers `get_memory`: one memory in full with its revision history; `NOT_FOUND` when absent (needs a read key). */
export function registerGetMemoryTool({ server, memp, use }: McpToolContext): void {
  server.registerTool(
    'get_memory',
    {
      title: 'Read one procedure',
      description:
        'Returns one stored procedure in full (task, script or steps, keywords, usage counts, provenance) with its ' +
        'revision history and a summary of its attributed evidence (successes and failures when followed, support, ' +
        'the distinct sources, pending candidates). An unknown id is a NOT_FOUND error.',
      inputSchema: { id: z.string().min(1).describe('The memory id.'), namespace: namespaceArgument },
    },
    ({ id, namespace }) =>
      toolResult(async () => {
        const ns = use('read', namespace);
        const { memory, revisions, evidence } = await memp.show({ namespace: ns, id });
        return { data: { memory, revisions, evidence } };
      }),
  );
}
