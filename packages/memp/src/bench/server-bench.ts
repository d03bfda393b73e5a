import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs, promisify } from 'node:util';
import pg from 'pg';
import type { ThrowawayPostgres } from './start-throwaway-postgres.js';
import { startThrowawayPostgres } from './start-throwaway-postgres.js';
import { generateSyntheticTrajectories } from './synthetic-trajectories.js';

/**
 * `npm run bench:server`: N concurrent HTTP clients (default 32) mixing retrieve (80%) and learn (20%) against a
 * spawned `memp serve` process for a fixed time, on SQLite (default, a temp file) or PostgreSQL (`--database-url`
 * or MEMP_DATABASE_URL, passed to the CLI; or `--store postgres` without a URL, which starts a throwaway cluster like
 * the tests do and removes it afterwards). The store is seeded with `--memories` (default 10k) through the API's
 * batch learn. Prints requests/s, p50/p99 per operation and errors by code, then checks through an export that
 * every acknowledged learn is stored and that hit counts add up.
 */
const run = promisify(execFile);
const cli = resolve('dist/cli/main.js');
const { values: flags } = parseArgs({
  options: {
    clients: { type: 'string', default: '32' },
    duration: { type: 'string', default: '20' },
    memories: { type: 'string', default: '10000' },
    'database-url': { type: 'string' },
    store: { type: 'string' },
    /** Write a CPU profile of the server process into this directory (node --cpu-prof). */
    'server-profile': { type: 'string' },
  },
});
if (flags.store !== undefined && flags.store !== 'sqlite' && flags.store !== 'postgres') {
  throw new Error(`--store must be sqlite or postgres, not "${flags.store}"`);
}
const clients = Number(flags.clients);
const durationMs = Number(flags.duration) * 1000;
const seedCount = Number(flags.memories);
const givenUrl = flags['database-url'] ?? (flags.store === 'sqlite' ? undefined : process.env.MEMP_DATABASE_URL);
if (flags.store === 'sqlite' && flags['database-url'] !== undefined)
  throw new Error('--store sqlite and --database-url exclude each other');
const cluster = givenUrl === undefined && flags.store === 'postgres' ? await startThrowawayPostgres() : undefined;
const databaseUrl = givenUrl ?? (cluster ? await createBenchDatabase(cluster) : undefined);
const dir = mkdtempSync(join(tmpdir(), 'memp-server-bench-'));
const storeArgs = databaseUrl ? ['--database-url', databaseUrl] : ['--db', join(dir, 'bench.db')];

/** Creates the database `memp_server_bench` on a throwaway cluster and returns its URL. */
async function createBenchDatabase(throwaway: ThrowawayPostgres): Promise<string> {
  process.stderr.write(
    `throwaway PostgreSQL cluster: ensure ${throwaway.timings.ensureMs} ms, initdb + start ${throwaway.timings.clusterMs} ms\n`,
  );
  const admin = new pg.Client({ connectionString: throwaway.url });
  await admin.connect();
  try {
    await admin.query('CREATE DATABASE memp_server_bench');
  } finally {
    await admin.end();
  }
  return throwaway.url.replace(/\/postgres$/, '/memp_server_bench');
}

function load(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}
const namespace = `bench-${Date.now()}`;

function percentile(values: number[], p: number): number {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

async function startServer(): Promise<{ child: ChildProcess; url: string }> {
  const profile =
    flags['server-profile'] === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${resolve(flags['server-profile'])}`];
  const child = spawn(process.execPath, [...profile, cli, ...storeArgs, 'serve', '--port', '0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  const url = await new Promise<string>((ok, fail) => {
    child.stderr?.on('data', (c: Buffer) => {
      if (err.length < 100_000) err += c.toString();
      const m = /"msg":"listening","url":"([^"]+)"/.exec(err);
      if (m) ok(m[1] as string);
    });
    child.once('exit', (code) => fail(new Error(`memp serve exited ${code}: ${err.slice(0, 2000)}`)));
  });
  child.stderr?.removeAllListeners('data');
  child.stderr?.resume();
  return { child, url };
}

async function main(): Promise<void> {
  const { stdout } = await run(process.execPath, [
    cli,
    ...storeArgs,
    '--namespace',
    '*',
    '--json',
    'keys',
    'create',
    '--role',
    'write',
    '--name',
    'bench',
  ]);
  const key = (JSON.parse(stdout) as { key: string }).key;
  const { child, url } = await startServer();
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const post = (path: string, body: unknown) =>
    fetch(`${url}/v1/namespaces/${namespace}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });

  const seed = generateSyntheticTrajectories({ count: seedCount, seed: 5, prefix: 'seed' });
  const t0 = performance.now();
  for (let i = 0; i < seed.length; i += 500) {
    const res = await post('/learn/batch', {
      items: seed
        .slice(i, i + 500)
        .map((trajectory) => ({ trajectory: { ...trajectory, outcome: { success: true } } })),
    });
    if (res.status !== 200) throw new Error(`seeding failed: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  }
  process.stderr.write(
    `seeded ${seed.length} memories over HTTP in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
  );

  const tasks = seed.map((t) => t.task);
  const fresh = generateSyntheticTrajectories({ count: 200_000, seed: 9, prefix: 'live' });
  let next = 0;
  const latencies: Record<'retrieve' | 'learn', number[]> = { retrieve: [], learn: [] };
  const errors = new Map<string, number>();
  const samples = new Map<string, string>();
  const acknowledged: Array<{ trajectoryId: string; created?: string }> = [];
  let usedHits = 0;
  let fiveHundreds = 0;
  const recent: string[] = [];
  const end = performance.now() + durationMs;
  let rng = 12345;
  const random = () => (rng = (rng * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;

  async function client(): Promise<void> {
    while (performance.now() < end) {
      const learn = random() < 0.2;
      const start = performance.now();
      let status = 0;
      let text = '';
      try {
        if (learn) {
          const trajectory = fresh[next++ % fresh.length];
          const known = recent.filter((id) => typeof id === 'string');
          const used = known.length > 0 && random() < 0.5 ? [known[Math.floor(random() * known.length)] as string] : [];
          const res = await post('/learn', { trajectory: { ...trajectory, outcome: { success: true } }, used });
          status = res.status;
          text = await res.text();
          if (status === 200) {
            const body = JSON.parse(text) as { trajectoryId: string; created?: string };
            acknowledged.push(body);
            usedHits += used.length;
          }
        } else {
          const res = await post('/retrieve', { task: tasks[Math.floor(random() * tasks.length)], k: 3 });
          status = res.status;
          text = await res.text();
          if (status === 200) {
            const ids = (JSON.parse(text) as { results: Array<{ memory: { id: string } }> }).results.map(
              (r) => r.memory.id,
            );
            if (ids[0]) recent[Math.floor(random() * 64)] = ids[0];
          }
        }
      } catch (error) {
        errors.set('NETWORK', (errors.get('NETWORK') ?? 0) + 1);
        if (!samples.has('NETWORK'))
          samples.set('NETWORK', String(error instanceof Error ? (error.cause ?? error.message) : error));
        continue;
      }
      const ms = performance.now() - start;
      if (status === 200) latencies[learn ? 'learn' : 'retrieve'].push(ms);
      else {
        if (status >= 500) fiveHundreds += 1;
        let code = `HTTP_${status}`;
        try {
          code = (JSON.parse(text) as { error: { code: string } }).error.code;
        } catch {
          // not an error body
        }
        const label = `${learn ? 'learn' : 'retrieve'} ${status} ${code}`;
        errors.set(label, (errors.get(label) ?? 0) + 1);
        if (!samples.has(label)) samples.set(label, text.slice(0, 300));
      }
    }
  }
  const loadBefore = load();
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, () => client()));
  const seconds = (performance.now() - started) / 1000;
  const loadAfter = load();

  // After-run check through the API: every acknowledged learn is stored, and hits add up.
  const exported = await (await fetch(`${url}/v1/namespaces/${namespace}/export`, { headers })).text();
  const memories = new Map<string, { from: string[]; retrieved: number }>();
  for (const line of exported.trim().split('\n').slice(1)) {
    const parsed = JSON.parse(line) as {
      type: string;
      memory?: { id: string; provenance: { from: string[] }; stats: { retrieved: number } };
    };
    if (parsed.type === 'memory' && parsed.memory)
      memories.set(parsed.memory.id, { from: parsed.memory.provenance.from, retrieved: parsed.memory.stats.retrieved });
  }
  const lost = acknowledged.filter(
    (a) => a.created === undefined || !memories.get(a.created)?.from.includes(a.trajectoryId),
  ).length;
  const storedHits = [...memories.values()].reduce((sum, m) => sum + m.retrieved, 0);

  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  rmSync(dir, { recursive: true, force: true });

  const total = latencies.retrieve.length + latencies.learn.length + [...errors.values()].reduce((a, b) => a + b, 0);
  const row = (op: 'retrieve' | 'learn') =>
    `${op.padEnd(9)} ok ${String(latencies[op].length).padStart(7)}  p50 ${percentile(latencies[op], 50).toFixed(1).padStart(6)} ms  p99 ${percentile(latencies[op], 99).toFixed(1).padStart(6)} ms`;
  console.log(
    `memp server bench: ${databaseUrl ? 'PostgreSQL' : 'SQLite'}, ${seedCount} seeded memories, ${clients} clients, ${seconds.toFixed(1)} s`,
  );
  console.log(`load average (1 5 15 min): ${loadBefore} before the run, ${loadAfter} after it`);
  console.log(`requests/s ${(total / seconds).toFixed(0)} (${total} requests)`);
  console.log(row('retrieve'));
  console.log(row('learn'));
  console.log(
    `errors: ${errors.size === 0 ? 'none' : [...errors.entries()].map(([k, v]) => `${k} × ${v}`).join(', ')}; 5xx: ${fiveHundreds}`,
  );
  for (const [label, sample] of samples) console.log(`  first ${label}: ${sample}`);
  console.log(
    `check: ${acknowledged.length} acknowledged learns, ${lost} missing (lost writes); hits: ${usedHits} reported, ${storedHits} stored${usedHits === storedHits ? ' (match)' : ' (MISMATCH)'}`,
  );
  if (lost > 0 || fiveHundreds > 0 || usedHits !== storedHits) process.exitCode = 1;
}

try {
  await main();
} finally {
  await cluster?.stop();
}
