import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createPostgresMemoryStore } from '../adapters/stores/postgres/postgres-memory-store.js';
import type { PostgresSearchInfo } from '../adapters/stores/postgres/postgres-search.js';
import { createMemp } from '../composition/create-memp.js';
import { startThrowawayPostgres } from './start-throwaway-postgres.js';
import { generateSyntheticTrajectories } from './synthetic-trajectories.js';

// PostgreSQL store benchmark: learn throughput and retrieve latency (exact, default, HNSW-only) with recall of the
// HNSW path against exact search, at one size or several. Uses $MEMP_DATABASE_URL (an empty database it may write
// to) or starts a throwaway cluster. MEMP_BENCH_SIZE: memories (default 10000); MEMP_BENCH_SIZES: a comma-separated
// list of sizes measured in turn on one growing namespace (e.g. 2000,5000,10000,20000: how the threshold
// `exactSearchMaxRows` was chosen); MEMP_BENCH_POLICIES: `query,avefact` (default) or one of them. The tasks are
// templated ALFWorld-style sentences (many near-duplicates), embedded by the default offline embedder. Recall counts
// a returned memory as found when exact search returned it or it ties the 10th exact score. MEMP_BENCH_NAMESPACE
// (default `bench`): a namespace that already holds at least the size is not learned into (e.g. one `bench:server
// --namespace` seeded). Before timing, each size waits until the default store's in-process index serves (built in
// the background) and prints how long the first search and the build took and the process's resident memory.

function percentile(values: number[], p: number): number {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

const sizes = (process.env.MEMP_BENCH_SIZES ?? process.env.MEMP_BENCH_SIZE ?? '10000').split(',').map(Number);
const policies = (process.env.MEMP_BENCH_POLICIES ?? 'query,avefact').split(',') as Array<'query' | 'avefact'>;
const given = process.env.MEMP_DATABASE_URL;
const cluster = given === undefined ? await startThrowawayPostgres() : undefined;
let url = given ?? '';
const load = () =>
  `load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;
if (cluster !== undefined) {
  console.log(
    `throwaway cluster: ensure ${cluster.timings.ensureMs} ms, initdb + start ${cluster.timings.clusterMs} ms`,
  );
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  await admin.query('CREATE DATABASE memp_bench');
  await admin.end();
  url = cluster.url.replace(/\/postgres$/, '/memp_bench');
}

const namespace = process.env.MEMP_BENCH_NAMESPACE ?? 'bench';
const mb = () => `${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB resident`;

/**
 * `exact`: every row scored (in the process over the cached vectors, as exact as in SQL); `default`: the store's
 * defaults (the in-process HNSW index above `exactSearchMaxRows`); `pgvector`: pgvector's HNSW index in SQL at any
 * size (no cache).
 */
const CONFIGS = [
  ['exact', { exactSearchMaxRows: Number.POSITIVE_INFINITY }],
  ['default', {}],
  ['pgvector', { exactSearchMaxRows: 0, vectorCacheMaxRows: 0 }],
] as const;

/**
 * Retrieves the measured queries with exact, default and HNSW-only stores, interleaved query by query (so that the
 * machine's load, which drifts, weighs on the three alike); prints latency, recall and search paths.
 */
async function measure(size: number, queries: string[]): Promise<void> {
  const runs = [];
  let last: PostgresSearchInfo['path'] | undefined;
  for (const [label, options] of CONFIGS) {
    const paths = new Map<string, number>();
    const onSearch = (info: PostgresSearchInfo) => {
      paths.set(info.path, (paths.get(info.path) ?? 0) + 1);
      if (label === 'default') last = info.path;
    };
    const s = await createPostgresMemoryStore({ connectionString: url, onSearch, ...options });
    const memp = createMemp({ store: s, seed: 1, namespace });
    const t = performance.now();
    await memp.retrieve({ task: queries[0] ?? 'warm up', k: 10 });
    console.log(`${label.padEnd(8)} first retrieve ${(performance.now() - t).toFixed(0)} ms, then ${mb()} (${load()})`);
    if (label === 'default') {
      for (let i = 0; last !== 'cache-ann' && last !== 'ann' && performance.now() - t < 600_000; i++) {
        await memp.retrieve({ task: queries[i % queries.length] ?? 'warm up', k: 10 });
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      console.log(`default  path ${last} after ${(performance.now() - t).toFixed(0)} ms, then ${mb()} (${load()})`);
    }
    runs.push({ label, paths, memp });
  }
  for (const policy of policies) {
    for (const task of queries.slice(0, 20)) for (const r of runs) await r.memp.retrieve({ task, k: 10, policy });
    const times = runs.map(() => [] as number[]);
    const overlap = runs.map(() => 0);
    for (const task of queries.slice(20)) {
      let truth: Array<{ id: string; score: number }> = [];
      for (const [i, r] of runs.entries()) {
        const t = performance.now();
        const got = await r.memp.retrieve({ task, k: 10, policy });
        times[i]?.push(performance.now() - t);
        const hits = got.map((h) => ({ id: h.memory.id, score: h.score }));
        if (i === 0) truth = hits;
        const ids = new Set(truth.map((h) => h.id));
        const tenth = truth[truth.length - 1]?.score ?? Number.POSITIVE_INFINITY;
        const found = hits.filter((h) => ids.has(h.id) || Math.abs(h.score - tenth) <= 1e-12).length;
        overlap[i] = (overlap[i] ?? 0) + (truth.length === 0 ? 1 : Math.min(1, found / truth.length));
      }
    }
    for (const [i, r] of runs.entries()) {
      const t = times[i] ?? [];
      console.log(
        `${r.label.padEnd(8)} ${policy === 'query' ? 'Key=Query  ' : 'Key=AveFact'} k=10 at ${size}: p50 ${percentile(t, 50).toFixed(2)} ms, ` +
          `p99 ${percentile(t, 99).toFixed(2)} ms, recall@10 vs exact ${((overlap[i] ?? 0) / (queries.length - 20)).toFixed(3)} (${load()})`,
      );
    }
  }
  for (const r of runs) {
    console.log(`${r.label.padEnd(8)} search paths: ${[...r.paths].map(([p, n]) => `${p} ${n}`).join(', ')}`);
    await r.memp.close();
  }
}

try {
  const store = await createPostgresMemoryStore({ connectionString: url });
  const memp = createMemp({ store, update: 'vanilla', seed: 1, namespace });
  const all = generateSyntheticTrajectories({ count: Math.max(...sizes), seed: 5, prefix: 'pg' });
  const queries = generateSyntheticTrajectories({ count: 120, seed: 99, prefix: 'q' }).map((t) => t.task);
  let learned = (await store.stats({ namespace })).memories;
  for (const size of sizes) {
    if (learned >= size) {
      console.log(`namespace ${namespace} holds ${learned} memories: not learned into`);
      await measure(learned, queries);
      continue;
    }
    const t0 = performance.now();
    for (let i = learned; i < size; i += 500)
      await memp.learnBatch({ items: all.slice(i, Math.min(size, i + 500)).map((trajectory) => ({ trajectory })) });
    const learnSeconds = (performance.now() - t0) / 1000;
    console.log(
      `learnBatch(500): ${size - learned} trajectories in ${learnSeconds.toFixed(1)} s (${((size - learned) / learnSeconds).toFixed(0)}/s, ${load()})`,
    );
    learned = size;
    await measure(size, queries);
  }
  // A reused namespace holds these from the run before.
  const single =
    process.env.MEMP_BENCH_NAMESPACE === undefined
      ? generateSyntheticTrajectories({ count: 200, seed: 6, prefix: 'one' })
      : [];
  const t1 = performance.now();
  for (const trajectory of single) await memp.learn({ trajectory });
  if (single.length > 0) {
    console.log(
      `learn() one at a time: ${(single.length / ((performance.now() - t1) / 1000)).toFixed(0)} trajectories/s (${load()})`,
    );
  }
  await memp.close();
} finally {
  await cluster?.stop();
}
