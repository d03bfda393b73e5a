import type { MemoryStore } from '../ports/memory-store.js';
import { NS } from './memory-store-contract-fixtures.js';

/**
 * Everything a store holds for `namespace` (memories of both statuses, their vectors and revisions, stats, space)
 * and its list of namespaces: equal snapshots before and after a refused change show that it wrote nothing.
 */
export async function snapshotStore(store: MemoryStore, namespace = NS) {
  const ids = [
    ...(await store.ids({ namespace, status: 'active' })),
    ...(await store.ids({ namespace, status: 'deprecated' })),
  ];
  return {
    memories: await store.get({ namespace, ids }),
    vectors: [...(await store.vectors({ namespace, ids })).entries()].map(([id, v]) => [
      id,
      Array.from(v.task),
      v.keywords.map((k) => Array.from(k)),
    ]),
    revisions: await Promise.all(ids.map((memoryId) => store.revisions({ namespace, memoryId }))),
    stats: await store.stats({ namespace }),
    space: await store.space({ namespace }),
    namespaces: await store.namespaces(),
  };
}
