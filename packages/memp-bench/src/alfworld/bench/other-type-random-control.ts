import { createSeededRandom, hashString, sampleWithoutReplacement } from 'memp/internal';
import type { MemoryStore } from 'memp';
import type { RetrievePolicy } from 'memp';
import type { BenchTask } from './run-bench-episodes.js';
import { createTaskTypeLookup } from './task-type-lookup.js';

/** Options of {@link createOtherTypeRandomControl}. */
export interface OtherTypeRandomControlOptions {
  store: MemoryStore;
  namespace: string;
  /** Seed of the samples (combined with the task sentence, like the engine's random retrieval). */
  seed: number;
}

/**
 * The benchmark's "any memory" control: for each episode, a retrieval policy that samples k active memories at
 * random among those whose task type differs from the episode's. Task types come from the benchmark's own
 * records (`meta.taskType` of the trajectory a memory was built from, i.e. the game path), never from the
 * engine, which knows no task types. Memories whose task type is unknown are never sampled (the control must be
 * sure a memory is of another type). Scores are 0, key `random`. Types are cached per memory id for the run.
 */
export function createOtherTypeRandomControl(
  options: OtherTypeRandomControlOptions,
): (task: BenchTask) => RetrievePolicy {
  const { store, namespace, seed } = options;
  const lookup = createTaskTypeLookup({ store, namespace });
  const types = new Map<string, string | undefined>();
  async function typesOf(ids: readonly string[]): Promise<void> {
    const missing = ids.filter((id) => !types.has(id));
    for (let i = 0; i < missing.length; i += 500) {
      for (const memory of await store.get({ namespace, ids: missing.slice(i, i + 500) })) {
        types.set(memory.id, await lookup.ofMemory(memory));
      }
    }
  }
  return (task) => ({
    name: 'random-other-type',
    async retrieve(request, context) {
      const ids = await context.store.ids({ namespace: request.namespace, status: 'active' });
      await typesOf(ids);
      const others = ids.filter((id) => {
        const type = types.get(id);
        return type !== undefined && type !== task.taskType;
      });
      const random = createSeededRandom((seed ^ hashString(request.task)) >>> 0);
      return sampleWithoutReplacement(others, request.k, random).map((id) => ({
        id,
        score: 0,
        key: 'random' as const,
      }));
    },
  });
}
