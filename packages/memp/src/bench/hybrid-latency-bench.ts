import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createHashingEmbedder } from '../adapters/embedders/hashing-embedder.js';
import { createPostgresMemoryStore } from '../adapters/stores/postgres/postgres-memory-store.js';
import { createSqliteMemoryStore } from '../adapters/stores/sqlite/sqlite-memory-store.js';
import { createMemp } from '../composition/create-memp.js';
import type { Memory } from '../core/memory.js';
import { lexicalTerms } from '../core/text/lexical-terms.js';
import { DEFAULT_HYBRID_FIELD_WEIGHTS } from '../policies/retrieve/hybrid-settings.js';
import { hasLexicalSearch } from '../ports/memory-store.js';
import type { MemoryCreate, MemoryStore } from '../ports/memory-store.js';
import { percentile, timed } from './retrieval-measures.js';
import { startThrowawayPostgres } from './start-throwaway-postgres.js';
import { generateSyntheticTrajectories } from './synthetic-trajectories.js';

// Retrieve latency of `hybrid` against Key=Query in the same run, k = 10, on SQLite and PostgreSQL, at the sizes of
// MEMP_BENCH_SIZES (default 10000,100000; MEMP_BENCH_STORES=sqlite,postgres). Memories are synthetic trajectories
// written straight to the store (task vector, script = the actions), so the figures are retrieval only. Also timed,
// in the same loop: the store's lexical search alone, as deep as the hybrid policy reads it for k = 10 (the engine
// asks the policy for a pool of 4·k = 40, read 3·40 = 120 deep), so the lexical side's share is visible.
// Usage: npm run build -w memp && node packages/memp/dist/bench/hybrid-latency-bench.js

const sizes = (process.env.MEMP_BENCH_SIZES ?? '10000,100000').split(',').map(Number);
const stores = (process.env.MEMP_BENCH_STORES ?? 'sqlite,postgres').split(',');
const QUERIES = 200;
const embedder = createHashingEmbedder();
const space = { embedder: embedder.id, dimension: embedder.dimension };

async function fill(store: MemoryStore, size: number): Promise<void> {
  const all = generateSyntheticTrajectories({ count: size, seed: 5, prefix: `h${size}` });
  const at = '2025-01-01T00:00:00.000Z';
  for (let i = 0; i < all.length; i += 2000) {
    const batch = all.slice(i, i + 2000);
    const vectors = await embedder.embed(batch.map((t) => t.task));
    const create: MemoryCreate[] = batch.map((t, j) => {
      const memory: Memory = {
        id: `m${String(i + j).padStart(7, '0')}`,
        namespace: 'bench',
        task: t.task,
        keywords: [],
        kind: 'script',
        script: t.steps.map((s) => s.action).join('\n'),
        status: 'active',
        stats: { retrieved: 0, succeeded: 0, failed: 0 },
        provenance: { builtBy: 'offline', from: [], embedder: embedder.id },
        version: 1,
        createdAt: at,
        updatedAt: at,
      };
      return { memory, vectors: { task: vectors[j] ?? new Float32Array(), keywords: [] } };
    });
    await store.apply({ namespace: 'bench', at, space, create });
  }
}

async function measure(label: string, store: MemoryStore, size: number): Promise<void> {
  await fill(store, size);
  const memp = createMemp({ store, embedder, namespace: 'bench' });
  const tasks = generateSyntheticTrajectories({ count: QUERIES + 20, seed: 11, prefix: 'q' }).map((t) => t.task);
  for (const task of tasks.slice(0, 20)) {
    await memp.retrieve({ task, k: 10, policy: 'query' });
    await memp.retrieve({ task, k: 10, policy: 'hybrid' });
  }
  if (!hasLexicalSearch(store)) throw new Error(`${label} has no lexical search`);
  const times = { query: [] as number[], hybrid: [] as number[], lexical: [] as number[] };
  for (const task of tasks.slice(20)) {
    times.query.push(await timed(() => memp.retrieve({ task, k: 10, policy: 'query' })));
    times.hybrid.push(await timed(() => memp.retrieve({ task, k: 10, policy: 'hybrid' })));
    const lexical = { namespace: 'bench', terms: lexicalTerms(task), weights: DEFAULT_HYBRID_FIELD_WEIGHTS, k: 120 };
    times.lexical.push(await timed(() => store.lexicalSearch(lexical)));
  }
  const f = (xs: number[]) => `p50 ${percentile(xs, 50).toFixed(2)} ms, p99 ${percentile(xs, 99).toFixed(2)} ms`;
  const ratio = percentile(times.hybrid, 50) / percentile(times.query, 50);
  console.log(
    `${label} ${size}: Key=Query ${f(times.query)} | hybrid ${f(times.hybrid)} | hybrid/query p50 ${ratio.toFixed(2)}×, p99 ${(
      percentile(times.hybrid, 99) / percentile(times.query, 99)
    ).toFixed(2)}× | lexical search alone (120 deep) ${f(times.lexical)} (load ${(await import('node:os'))
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')})`,
  );
  await memp.close();
}

const dir = mkdtempSync(join(tmpdir(), 'memp-hybrid-bench-'));
const cluster = stores.includes('postgres') ? await startThrowawayPostgres() : undefined;
try {
  for (const size of sizes) {
    if (stores.includes('sqlite')) {
      await measure('sqlite', createSqliteMemoryStore({ path: join(dir, `h-${size}.db`) }), size);
    }
    if (cluster !== undefined) {
      const admin = new pg.Client({ connectionString: cluster.url });
      await admin.connect();
      await admin.query(`CREATE DATABASE hybrid_${size}`);
      await admin.end();
      const url = cluster.url.replace(/\/postgres$/, `/hybrid_${size}`);
      await measure('postgres', await createPostgresMemoryStore({ connectionString: url }), size);
    }
  }
} finally {
  await cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
}
