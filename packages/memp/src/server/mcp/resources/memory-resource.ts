import { ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ListResourcesRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { MempError } from '../../../core/errors.js';
import { NamespaceSchema } from '../../../core/namespace.js';
import type { Principal } from '../../auth/principal.js';
import type { McpToolContext } from '../tools/mcp-tool-context.js';
import { listMemoryResources } from './list-memory-resources.js';
import { toResourceReadError } from './resource-read-error.js';

/** Percent-decodes one URI segment; a bad escape (`%`, `%zz`, a broken UTF-8 sequence) → `INVALID_ARGUMENT`. */
function decodeUriPart(part: string, href: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new MempError('INVALID_ARGUMENT', `malformed percent-escape in ${href}`, { details: { field: 'uri' } });
  }
}

/**
 * Registers every memory the caller may read as the resource `memp://{namespace}/memories/{id}`: listed, page by
 * page, by `resources/list` (see {@link listMemoryResources}); read as JSON (the memory with its revisions) by
 * `resources/read` after the same namespace check as the tools. A read's errors are JSON-RPC errors
 * ({@link toResourceReadError}): a malformed URI (bad namespace, bad percent-escape) is `InvalidParams`.
 *
 * `resources/list` is served by memp's own handler, installed over the SDK's: the SDK's `McpServer` (1.32) calls a
 * template's `list` callback without the request's cursor and drops its `nextCursor`, so it cannot page. The
 * server has no other resource, so the handler lists memories only.
 */
export function registerMemoryResource(context: McpToolContext & { principal: Principal }): void {
  const { server, memp, use, principal } = context;
  server.registerResource(
    'memory',
    new ResourceTemplate('memp://{namespace}/memories/{id}', { list: undefined }),
    { title: 'Stored procedure', description: 'One memory with its revisions, as JSON', mimeType: 'application/json' },
    async (uri, variables) => {
      try {
        const namespace = String(variables.namespace ?? '');
        const id = decodeUriPart(String(variables.id ?? ''), uri.href);
        if (!NamespaceSchema.safeParse(namespace).success)
          throw new MempError('INVALID_ARGUMENT', `invalid namespace in ${uri.href}`, { details: { field: 'uri' } });
        use('read', namespace);
        const detail = await memp.show({ namespace, id });
        return { contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(detail) }] };
      } catch (error) {
        throw toResourceReadError(error);
      }
    },
  );
  server.server.setRequestHandler(ListResourcesRequestSchema, (request) =>
    listMemoryResources({
      memp,
      principal,
      ...(request.params?.cursor === undefined ? {} : { cursor: request.params.cursor }),
    }),
  );
}
