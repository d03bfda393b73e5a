import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createSqliteMemoryStore } from '../adapters/stores/sqlite/sqlite-memory-store.js';
import { createMemp } from '../composition/create-memp.js';
import { generateSyntheticTrajectories } from './synthetic-trajectories.js';

/** Learn throughput in trajectories per second (see {@link measureLearn}). */
export interface LearnFigures {
  synchronous: 'normal' | 'full';
  /** One `learn()` per episode, the first 1,000 of a fresh process (JIT warm-up included). */
  singleCold: number;
  /** One `learn()` per episode, the next 2,000. */
  singleWarm: number;
  /** `learnBatch` of 100 episodes, 5,000 episodes in a fresh store. */
  batch: number;
}

/**
 * Learns synthetic ALFWorld-style trajectories into fresh SQLite files (offline build and embedder, Vanilla
 * update): one `learn()` per episode, then `learnBatch(100)`, with the given `synchronous` setting.
 */
export async function measureLearn(options: { dir: string; synchronous: 'normal' | 'full' }): Promise<LearnFigures> {
  const { dir, synchronous } = options;
  const trajectories = generateSyntheticTrajectories({ count: 8000, seed: 11, prefix: `learn-${synchronous}` });
  const single = createMemp({
    store: createSqliteMemoryStore({ path: join(dir, `learn-single-${synchronous}.db`), synchronous }),
    update: 'vanilla',
    seed: 1,
  });
  const rate = async (count: number, fn: () => Promise<void>): Promise<number> => {
    const t = performance.now();
    await fn();
    return count / ((performance.now() - t) / 1000);
  };
  const singleCold = await rate(1000, async () => {
    for (const trajectory of trajectories.slice(0, 1000)) await single.learn({ trajectory });
  });
  const singleWarm = await rate(2000, async () => {
    for (const trajectory of trajectories.slice(1000, 3000)) await single.learn({ trajectory });
  });
  await single.close();

  const batched = createMemp({
    store: createSqliteMemoryStore({ path: join(dir, `learn-batch-${synchronous}.db`), synchronous }),
    update: 'vanilla',
    seed: 1,
  });
  const rest = trajectories.slice(3000);
  const batch = await rate(rest.length, async () => {
    for (let i = 0; i < rest.length; i += 100) {
      await batched.learnBatch({ items: rest.slice(i, i + 100).map((trajectory) => ({ trajectory })) });
    }
  });
  await batched.close();
  return { synchronous, singleCold, singleWarm, batch };
}
