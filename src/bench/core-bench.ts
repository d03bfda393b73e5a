import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createSqliteMemoryStore } from '../adapters/stores/sqlite/sqlite-memory-store.js';
import { createMemp } from '../engine/create-memp.js';
import { generateSyntheticTrajectories } from './synthetic-trajectories.js';

/** p-th percentile (0–100) of `values`, nearest-rank. */
function percentile(values: number[], p: number): number {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

async function measureLearn(dir: string) {
  const trajectories = generateSyntheticTrajectories({ count: 3000, seed: 11, prefix: 'learn' });
  const single = createMemp({
    store: createSqliteMemoryStore({ path: join(dir, 'learn-single.db') }),
    update: 'vanilla',
    seed: 1,
  });
  const t0 = performance.now();
  for (const trajectory of trajectories.slice(0, 1000)) await single.learn({ trajectory });
  const singleRate = 1000 / ((performance.now() - t0) / 1000);
  await single.close();

  const batched = createMemp({
    store: createSqliteMemoryStore({ path: join(dir, 'learn-batch.db') }),
    update: 'vanilla',
    seed: 1,
  });
  const t1 = performance.now();
  for (let i = 0; i < trajectories.length; i += 100) {
    await batched.learnBatch({ items: trajectories.slice(i, i + 100).map((trajectory) => ({ trajectory })) });
  }
  const batchRate = trajectories.length / ((performance.now() - t1) / 1000);
  await batched.close();
  return { singleRate, batchRate };
}

async function measureRetrieve(dir: string, size: number) {
  const memp = createMemp({
    store: createSqliteMemoryStore({ path: join(dir, `retrieve-${size}.db`) }),
    update: 'vanilla',
    seed: 1,
  });
  const all = generateSyntheticTrajectories({ count: size, seed: 5, prefix: `r${size}` });
  for (let i = 0; i < all.length; i += 2000) {
    await memp.learnBatch({ items: all.slice(i, i + 2000).map((trajectory) => ({ trajectory })) });
  }
  const queries = generateSyntheticTrajectories({ count: 220, seed: 99, prefix: 'q' }).map((t) => t.task);
  const results: Record<string, { p50: number; p99: number }> = {};
  for (const policy of ['query', 'avefact'] as const) {
    for (const task of queries.slice(0, 20)) await memp.retrieve({ task, k: 10, policy }); // warm the cache
    const times: number[] = [];
    for (const task of queries.slice(20)) {
      const t = performance.now();
      await memp.retrieve({ task, k: 10, policy });
      times.push(performance.now() - t);
    }
    results[policy] = { p50: percentile(times, 50), p99: percentile(times, 99) };
  }
  await memp.close();
  return results;
}

const dir = mkdtempSync(join(tmpdir(), 'memp-bench-'));
try {
  const sizes = (process.env.MEMP_BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
  console.log('memp core benchmark (SQLite file store, offline hashing embedder 512d, proceduralization build)');
  const learn = await measureLearn(dir);
  console.log(
    `learn throughput: ${learn.singleRate.toFixed(0)} trajectories/s one learn() per episode; ` +
      `${learn.batchRate.toFixed(0)} trajectories/s with learnBatch(100)`,
  );
  for (const size of sizes) {
    const { query, avefact } = await measureRetrieve(dir, size);
    if (query === undefined || avefact === undefined) throw new Error(`no latency measured at ${size} memories`);
    console.log(
      `retrieve k=10 at ${size} memories: Key=Query p50 ${query.p50.toFixed(2)} ms, p99 ${query.p99.toFixed(2)} ms; ` +
        `Key=AveFact p50 ${avefact.p50.toFixed(2)} ms, p99 ${avefact.p99.toFixed(2)} ms`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
