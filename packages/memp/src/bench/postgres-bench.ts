import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createPostgresMemoryStore } from '../adapters/stores/postgres/postgres-memory-store.js';
import type { PostgresSearchInfo } from '../adapters/stores/postgres/postgres-search.js';
import { createMemp } from '../composition/create-memp.js';
import { startThrowawayPostgres } from './start-throwaway-postgres.js';
import { generateSyntheticTrajectories } from './synthetic-trajectories.js';

// PostgreSQL store benchmark: learn throughput and retrieve latency (exact, default, HNSW-only) with recall of the
// HNSW path against exact search. Uses $MEMP_DATABASE_URL (an empty database it may write to) or starts a
// throwaway cluster. MEMP_BENCH_SIZE: memories (default 10000).

function percentile(values: number[], p: number): number {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

const size = Number(process.env.MEMP_BENCH_SIZE ?? 10_000);
const given = process.env.MEMP_DATABASE_URL;
const cluster = given === undefined ? await startThrowawayPostgres() : undefined;
let url = given ?? '';
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
try {
  const store = await createPostgresMemoryStore({ connectionString: url });
  const memp = createMemp({ store, update: 'vanilla', seed: 1, namespace: 'bench' });
  const all = generateSyntheticTrajectories({ count: size, seed: 5, prefix: 'pg' });
  const t0 = performance.now();
  for (let i = 0; i < all.length; i += 500)
    await memp.learnBatch({ items: all.slice(i, i + 500).map((trajectory) => ({ trajectory })) });
  const learnSeconds = (performance.now() - t0) / 1000;
  console.log(
    `learnBatch(500): ${size} trajectories in ${learnSeconds.toFixed(1)} s (${(size / learnSeconds).toFixed(0)}/s)`,
  );
  const single = generateSyntheticTrajectories({ count: 200, seed: 6, prefix: 'one' });
  const t1 = performance.now();
  for (const trajectory of single) await memp.learn({ trajectory });
  console.log(`learn() one at a time: ${(200 / ((performance.now() - t1) / 1000)).toFixed(0)} trajectories/s`);
  await memp.close();

  const queries = generateSyntheticTrajectories({ count: 120, seed: 99, prefix: 'q' }).map((t) => t.task);
  const exactHits = new Map<string, string[]>();
  for (const [label, exactSearchMaxRows] of [
    ['exact', Number.POSITIVE_INFINITY],
    ['default', undefined],
    ['hnsw', 0],
  ] as const) {
    const paths = new Map<string, number>();
    const onSearch = (info: PostgresSearchInfo) => paths.set(info.path, (paths.get(info.path) ?? 0) + 1);
    const s = await createPostgresMemoryStore({
      connectionString: url,
      onSearch,
      ...(exactSearchMaxRows === undefined ? {} : { exactSearchMaxRows }),
    });
    const m = createMemp({ store: s, seed: 1, namespace: 'bench' });
    for (const policy of ['query', 'avefact'] as const) {
      for (const task of queries.slice(0, 20)) await m.retrieve({ task, k: 10, policy });
      const times: number[] = [];
      let overlap = 0;
      for (const task of queries.slice(20)) {
        const t = performance.now();
        const got = await m.retrieve({ task, k: 10, policy });
        times.push(performance.now() - t);
        const ids = got.map((r) => r.memory.id);
        const key = `${policy}:${task}`;
        if (label === 'exact') exactHits.set(key, ids);
        const truth = new Set(exactHits.get(key) ?? []);
        overlap += truth.size === 0 ? 1 : ids.filter((id) => truth.has(id)).length / truth.size;
      }
      const recall = overlap / (queries.length - 20);
      console.log(
        `${label.padEnd(7)} ${policy === 'query' ? 'Key=Query  ' : 'Key=AveFact'} k=10 at ${size}: p50 ${percentile(times, 50).toFixed(2)} ms, ` +
          `p99 ${percentile(times, 99).toFixed(2)} ms, recall@10 vs exact ${recall.toFixed(3)}`,
      );
    }
    console.log(`        search paths: ${[...paths].map(([p, n]) => `${p} ${n}`).join(', ')}`);
    await m.close();
  }
} finally {
  await cluster?.stop();
}
