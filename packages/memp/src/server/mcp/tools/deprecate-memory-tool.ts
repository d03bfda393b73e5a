import { MempError } from '../../../core/errors.js';
import { z } from 'zod';
import { toolResult } from '../mcp-tool-result.js';
import type { McpToolContext } from './mcp-tool-context.js';
import { namespaceArgument } from './namespace-argument.js';
import { summarizeMemory } from './summarize-memory.js';

/**
 * Registers `deprecate_memory`: marks a memory wrong or obsolete, keeping it and its history but no longer
 * recalling it (until restored over HTTP or the CLI); the reason goes into its history (needs a write key).
 */
export function registerDeprecateMemoryTool({ server, memp, use, attribution }: McpToolContext): void {
  server.registerTool(
    'deprecate_memory',
    {
      title: 'Deprecate a procedure',
      description:
        'Marks a stored procedure as wrong or obsolete: it is kept with its history but no longer recalled (an ' +
        'operator can restore it). Returns its summary; an already deprecated one is left as it is.',
      inputSchema: {
        id: z.string().min(1).describe('The memory id.'),
        reason: z.string().optional().describe('Why it is wrong, kept in its history.'),
        namespace: namespaceArgument,
      },
    },
    ({ id, reason, namespace }) =>
      toolResult(async () => {
        const ns = use('write', namespace);
        if (attribution.trust !== 'trusted') {
          throw new MempError(
            'FORBIDDEN',
            'this key is untrusted: deprecating a memory needs a trusted key; report the failure with report_outcome instead',
            { details: { trust: attribution.trust } },
          );
        }
        const memory = await memp.deprecate({ namespace: ns, id, ...(reason ? { note: reason } : {}) });
        return { data: { memory: summarizeMemory(memory) } };
      }),
  );
}
