import { MempError } from '../../core/errors.js';
import type { Memory, MemoryKind, MemoryStatus } from '../../core/memory.js';
import type { Memp } from '../../engine/create-memp.js';
import { listAllMemories } from '../../engine/list-all-memories.js';
import { memoryMatches } from './namespace-overview.js';

/**
 * A page of the memories matching a text filter (and status / kind), in creation order, after the memory `after`.
 * Scans the whole namespace: fine for tens of thousands of memories (measured by `npm run bench:console`).
 */
export async function filteredPage(options: {
  memp: Memp;
  namespace: string;
  limit: number;
  query: string;
  status?: MemoryStatus | undefined;
  kind?: MemoryKind | undefined;
  after?: string | undefined;
}): Promise<{ memories: Memory[]; next?: string; matched: number }> {
  const all = await listAllMemories({ store: options.memp.store, namespace: options.namespace });
  const matching = all.filter(
    (m) =>
      (options.status === undefined || m.status === options.status) &&
      (options.kind === undefined || m.kind === options.kind) &&
      memoryMatches(m, options.query),
  );
  let start = 0;
  if (options.after !== undefined) {
    const position = all.findIndex((m) => m.id === options.after);
    if (position < 0)
      throw new MempError('INVALID_ARGUMENT', `cursor "${options.after}" is not a memory of "${options.namespace}"`, {
        details: { field: 'after' },
      });
    const order = new Map(all.map((m, i) => [m.id, i]));
    start = matching.findIndex((m) => (order.get(m.id) as number) > position);
    if (start < 0) start = matching.length;
  }
  const memories = matching.slice(start, start + options.limit);
  const last = memories[memories.length - 1];
  const more = start + options.limit < matching.length;
  return { memories, ...(more && last ? { next: last.id } : {}), matched: matching.length };
}
