import { z } from 'zod';
import { toolResult } from '../mcp-tool-result.js';
import type { McpToolContext } from './mcp-tool-context.js';
import { namespaceArgument } from './namespace-argument.js';
import { summarizeMemory } from './summarize-memory.js';

/**
 * Registers `list_memories`: one page (default 50, at most 200) of a namespace's memories in creation order, paged
 * with `after` (needs a read key).
 */
export function registerListMemoriesTool({ server, memp, use }: McpToolContext): void {
  server.registerTool(
    'list_memories',
    {
      title: 'List stored procedures',
      description:
        'Lists the stored procedures of a namespace in creation order, as summaries (id, task, kind, status, ' +
        'version, usage counts, resource URI; get_memory gives one in full). At most `limit` per page (default 50): ' +
        'pass the last id as `after` for the next page.',
      inputSchema: {
        status: z.enum(['active', 'deprecated']).optional().describe('Only this status (default: both).'),
        limit: z.number().int().min(1).max(200).optional().describe('Page size (default 50).'),
        after: z.string().min(1).optional().describe('The last id of the previous page.'),
        namespace: namespaceArgument,
      },
    },
    ({ status, limit, after, namespace }) =>
      toolResult(async () => {
        const ns = use('read', namespace);
        const memories = await memp.list({
          namespace: ns,
          limit: limit ?? 50,
          ...(status ? { status } : {}),
          ...(after ? { after } : {}),
        });
        return { data: { namespace: ns, memories: memories.map(summarizeMemory) } };
      }),
  );
}
