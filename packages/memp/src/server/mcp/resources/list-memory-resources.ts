import type { ListResourcesResult } from '@modelcontextprotocol/sdk/types.js';
import type { Memory } from '../../../core/memory.js';
import type { Memp } from '../../../engine/create-memp.js';
import type { Principal } from '../../auth/principal.js';
import { decodeMemoryResourceCursor, encodeMemoryResourceCursor } from './memory-resource-cursor.js';
import { memoryResourceUri } from './memory-resource-uri.js';

/** Memories per `resources/list` page. */
export const MEMORY_RESOURCE_PAGE_SIZE = 200;

const toResource = (m: Memory) => ({
  uri: memoryResourceUri(m.namespace, m.id),
  name: m.task,
  title: 'Stored procedure',
  mimeType: 'application/json',
  description: `${m.kind}, ${m.status}`,
});

/**
 * One page of `resources/list`: the memories the caller may read (every namespace, in sorted order, for a `'*'`
 * key; its own namespace otherwise), each namespace in creation order, `pageSize` at most per page. `nextCursor`
 * is set while memories remain; a client that follows it lists every memory once. A cursor names a namespace and
 * the last id listed there, so memories written between pages do not shift the pages; a cursor whose namespace
 * has gone resumes at the next namespace.
 */
export async function listMemoryResources(options: {
  memp: Memp;
  principal: Principal;
  cursor?: string;
  pageSize?: number;
}): Promise<ListResourcesResult> {
  const { memp, principal } = options;
  const pageSize = options.pageSize ?? MEMORY_RESOURCE_PAGE_SIZE;
  const from = options.cursor === undefined ? undefined : decodeMemoryResourceCursor(options.cursor);
  const namespaces = principal.namespace === '*' ? [...(await memp.namespaces())].sort() : [principal.namespace];
  const first = from === undefined ? 0 : namespaces.findIndex((ns) => ns >= from.namespace);
  const resources: ListResourcesResult['resources'] = [];
  for (let i = Math.max(first, 0); first !== -1 && i < namespaces.length; i++) {
    const namespace = namespaces[i] as string;
    const after = from !== undefined && from.namespace === namespace ? from.after : undefined;
    const room = pageSize - resources.length;
    // One more than fits, to know whether this namespace goes on past the page.
    const memories = await memp.list({ namespace, limit: room + 1, ...(after === undefined ? {} : { after }) });
    resources.push(...memories.slice(0, room).map(toResource));
    if (memories.length > room) {
      const last = memories[room - 1] as Memory;
      return { resources, nextCursor: encodeMemoryResourceCursor({ namespace, after: last.id }) };
    }
    const next = namespaces[i + 1];
    if (resources.length === pageSize && next !== undefined) {
      return { resources, nextCursor: encodeMemoryResourceCursor({ namespace: next }) };
    }
  }
  return { resources };
}
