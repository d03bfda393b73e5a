import { ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { MempError } from '../../../core/errors.js';
import { NamespaceSchema } from '../../../core/namespace.js';
import type { Principal } from '../../auth/principal.js';
import type { McpToolContext } from '../tools/mcp-tool-context.js';
import { memoryResourceUri } from './memory-resource-uri.js';

/**
 * Registers every memory the caller may read as the resource `memp://{namespace}/memories/{id}`: listed by
 * `resources/list`, read as JSON (the memory with its revisions) by `resources/read` after the same namespace check
 * as the tools.
 */
export function registerMemoryResource(context: McpToolContext & { principal: Principal }): void {
  const { server, memp, use, principal } = context;
  server.registerResource(
    'memory',
    new ResourceTemplate('memp://{namespace}/memories/{id}', {
      list: async () => {
        const namespaces = principal.namespace === '*' ? await memp.namespaces() : [principal.namespace];
        const resources = [];
        for (const ns of namespaces) {
          for (const m of await memp.list({ namespace: ns, limit: 200 })) {
            resources.push({
              uri: memoryResourceUri(ns, m.id),
              name: m.task,
              mimeType: 'application/json',
              description: `${m.kind}, ${m.status}`,
            });
          }
        }
        return { resources };
      },
    }),
    { title: 'Stored procedure', description: 'One memory with its revisions, as JSON', mimeType: 'application/json' },
    async (uri, variables) => {
      const namespace = String(variables.namespace ?? '');
      const id = decodeURIComponent(String(variables.id ?? ''));
      if (!NamespaceSchema.safeParse(namespace).success)
        throw new MempError('INVALID_ARGUMENT', `invalid namespace in ${uri.href}`);
      use('read', namespace);
      const detail = await memp.show({ namespace, id });
      return { contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(detail) }] };
    },
  );
}
