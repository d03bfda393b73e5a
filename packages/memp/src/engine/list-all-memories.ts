import type { Memory } from '../core/memory.js';
import type { MemoryStore } from '../ports/memory-store.js';

const PAGE = 1000;

/** Every memory of a namespace (active and deprecated), in creation order, read page by page. */
export async function listAllMemories(options: { store: MemoryStore; namespace: string }): Promise<Memory[]> {
  const { store, namespace } = options;
  const all: Memory[] = [];
  for (let after: string | undefined; ; ) {
    const page = await store.list({ namespace, limit: PAGE, ...(after === undefined ? {} : { after }) });
    all.push(...page);
    if (page.length < PAGE) return all;
    after = page[page.length - 1]?.id;
  }
}
