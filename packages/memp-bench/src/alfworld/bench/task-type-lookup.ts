import type { Memory } from 'memp';
import type { MemoryStore } from 'memp';

/** Finds the task type of a memory from the trajectory it was built from (`meta.taskType`). */
export interface TaskTypeLookup {
  /** The task type recorded on the memory's first source trajectory, or undefined when none was recorded. */
  ofMemory(memory: Memory): Promise<string | undefined>;
}

/**
 * Creates a cached lookup of memories' task types. Benchmark trajectories (episodes and expert replays) carry
 * `meta.taskType`; memories point at them through `provenance.from`.
 */
export function createTaskTypeLookup(options: { store: MemoryStore; namespace: string }): TaskTypeLookup {
  const cache = new Map<string, string | undefined>();
  return {
    async ofMemory(memory) {
      const own = memory.meta?.['taskType'];
      if (typeof own === 'string') return own;
      const source = memory.provenance.from[0];
      if (source === undefined) return undefined;
      if (!cache.has(source)) {
        const trajectory = await options.store.trajectory({ namespace: options.namespace, id: source });
        const type = trajectory?.meta?.['taskType'];
        cache.set(source, typeof type === 'string' ? type : undefined);
      }
      return cache.get(source);
    },
  };
}
