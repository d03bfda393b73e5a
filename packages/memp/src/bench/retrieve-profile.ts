import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createSqliteApiKeyStore } from '../adapters/stores/sqlite/sqlite-api-key-store.js';
import { createSqliteMemoryStore } from '../adapters/stores/sqlite/sqlite-memory-store.js';
import type { Memp } from '../engine/create-memp.js';
import { createMemp } from '../composition/create-memp.js';
import { createApiKey } from '../server/auth/create-api-key.js';
import { createMempHttpApp } from '../server/http/create-memp-http-app.js';
import { startMempServer } from '../server/http/start-memp-server.js';
import { generateSyntheticTrajectories } from './synthetic-trajectories.js';

/**
 * Where a retrieve's time goes on one SQLite store with `--memories` (default 10k): the same retrieves, one at a
 * time, through the engine directly, through the HTTP app in process (`app.request`, no socket), and over a real
 * socket (`startMempServer` + fetch, keep-alive), with a write key as `bench:server` uses. Prints p50/p99/mean per
 * path, so the server's own overhead is the difference. Run under `node --cpu-prof` to see the hot functions.
 */
const { values: flags } = parseArgs({
  options: {
    memories: { type: 'string', default: '10000' },
    requests: { type: 'string', default: '400' },
    /** Only the paths whose label starts with this: `engine`, `app` or `HTTP`. */
    only: { type: 'string' },
  },
});
const seedCount = Number(flags.memories);
const requests = Number(flags.requests);

function summary(label: string, values: number[]): string {
  const sorted = values.slice().sort((a, b) => a - b);
  const at = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return `${label.padEnd(22)} p50 ${at(50).toFixed(2).padStart(7)} ms  p99 ${at(99).toFixed(2).padStart(7)} ms  mean ${mean.toFixed(2).padStart(7)} ms  (${values.length})`;
}

const dir = mkdtempSync(join(tmpdir(), 'memp-retrieve-profile-'));
try {
  const memp = createMemp({ store: createSqliteMemoryStore({ path: join(dir, 'profile.db') }), namespace: 'bench' });
  const keys = createSqliteApiKeyStore({ path: join(dir, 'profile.db') });
  const seed = generateSyntheticTrajectories({ count: seedCount, seed: 5, prefix: 'seed' });
  for (let i = 0; i < seed.length; i += 500) {
    await memp.learnBatch({
      items: seed.slice(i, i + 500).map((t) => ({ trajectory: { ...t, outcome: { success: true } } })),
    });
  }
  const { key } = await createApiKey({ keys, namespace: '*', role: 'write' });
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const tasks = Array.from({ length: requests }, (_, i) => seed[(i * 7919) % seed.length]?.task as string);
  const body = (task: string) => JSON.stringify({ task, k: 3 });
  console.log(
    `retrieve profile: SQLite, ${seedCount} memories, ${requests} sequential retrieves (k 3) per path; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );

  // The HTTP paths get the same engine with its retrieve timed, so the server's own share of a request is measured.
  let inside = 0;
  const timedMemp: Memp = {
    ...memp,
    async retrieve(request) {
      const t = performance.now();
      try {
        return await memp.retrieve(request);
      } finally {
        inside = performance.now() - t;
      }
    },
  };
  const app = createMempHttpApp({ memp: timedMemp, keys, logger: () => {} });
  const server = await startMempServer({ memp: timedMemp, keys, port: 0, logger: () => {} });
  const paths: Array<[string, (task: string) => Promise<void>]> = [
    [
      'engine.retrieve',
      async (task) => {
        await memp.retrieve({ namespace: 'bench', task, k: 3 });
      },
    ],
    [
      'app.request (no socket)',
      async (task) => {
        const res = await app.request('/v1/namespaces/bench/retrieve', { method: 'POST', headers, body: body(task) });
        if (res.status !== 200) throw new Error(`retrieve answered ${res.status}: ${await res.text()}`);
        await res.arrayBuffer();
      },
    ],
    [
      'HTTP (socket, fetch)',
      async (task) => {
        const res = await fetch(`${server.url}/v1/namespaces/bench/retrieve`, {
          method: 'POST',
          headers,
          body: body(task),
        });
        if (res.status !== 200) throw new Error(`retrieve answered ${res.status}: ${await res.text()}`);
        await res.arrayBuffer();
      },
    ],
  ];
  const selected = paths.filter(([label]) => flags.only === undefined || label.startsWith(flags.only));
  try {
    // Interleaved (each task through every path in turn), so that the machine's changing load hits all paths alike.
    const times = selected.map(() => [] as number[]);
    const outside = selected.map(() => [] as number[]);
    for (const [index, task] of tasks.entries()) {
      for (const [i, [label, once]] of selected.entries()) {
        inside = 0;
        const t = performance.now();
        await once(task);
        const ms = performance.now() - t;
        if (index < 20) continue;
        times[i]?.push(ms);
        if (label !== 'engine.retrieve') outside[i]?.push(ms - inside);
      }
    }
    selected.forEach(([label], i) => {
      console.log(summary(label, times[i] ?? []));
      if (label !== 'engine.retrieve') console.log(summary('  outside the engine', outside[i] ?? []));
    });
  } finally {
    await server.close();
  }
  await memp.close();
  await keys.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
