import type { Clock } from '../core/clock.js';
import type { Trajectory } from '../core/trajectory.js';
import type { MemoryStore } from '../ports/memory-store.js';
import { listAllMemories } from './list-all-memories.js';
import { EXPORT_FORMAT_VERSION, type ExportHeader, type ExportLine } from './export-format.js';

/**
 * Writes a namespace as export lines (JSON text, one per call of `write`): a header, then every memory (active
 * and deprecated) with its revisions and, when `embeddings` is true, its vectors; then the trajectories the
 * memories were built from. Returns the header.
 */
export async function exportMemories(options: {
  store: MemoryStore;
  namespace: string;
  embeddings: boolean;
  clock: Clock;
  write: (line: string) => void | Promise<void>;
}): Promise<ExportHeader> {
  const { store, namespace } = options;
  const memories = await listAllMemories({ store, namespace });
  const trajectoryIds = [...new Set(memories.flatMap((m) => m.provenance.from))];
  const trajectories: Trajectory[] = [];
  for (const id of trajectoryIds) {
    const trajectory = await store.trajectory({ namespace, id });
    if (trajectory) trajectories.push(trajectory);
  }
  const space = options.embeddings ? await store.space({ namespace }) : undefined;
  const header: ExportHeader = {
    format: 'memp-export',
    version: EXPORT_FORMAT_VERSION,
    namespace,
    exportedAt: options.clock.now(),
    space: space ? { embedder: space.embedder, dimension: space.dimension } : null,
    memories: memories.length,
    trajectories: trajectories.length,
  };
  await options.write(JSON.stringify(header));
  for (let i = 0; i < memories.length; i += 500) {
    const chunk = memories.slice(i, i + 500);
    const vectors = space ? await store.vectors({ namespace, ids: chunk.map((m) => m.id) }) : undefined;
    for (const memory of chunk) {
      const line: ExportLine = {
        type: 'memory',
        memory,
        revisions: await store.revisions({ namespace, memoryId: memory.id }),
      };
      const v = vectors?.get(memory.id);
      if (v) line.vectors = { task: Array.from(v.task), keywords: v.keywords.map((k) => Array.from(k)) };
      await options.write(JSON.stringify(line));
    }
  }
  for (const trajectory of trajectories) await options.write(JSON.stringify({ type: 'trajectory', trajectory }));
  return header;
}
