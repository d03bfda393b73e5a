import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs, promisify } from 'node:util';
import pg from 'pg';
import type { ThrowawayPostgres } from './start-throwaway-postgres.js';
import { startThrowawayPostgres } from './start-throwaway-postgres.js';
import type { TrajectoryInput } from '../core/trajectory.js';
import { KeepAliveHttpConnection } from './keep-alive-http-client.js';
import { type NamespacePost, type ServerLoadResult, runServerLoad } from './server-bench-load.js';
import { generateSyntheticTrajectories } from './synthetic-trajectories.js';
import { ownCpuSeconds, parentProcess, processTreeCpu } from './process-cpu.js';

/**
 * `npm run bench:server`: N concurrent HTTP clients (default 32) mixing retrieve (80%) and learn (20%) against a
 * spawned `memp serve` process for a fixed time, on SQLite (default, a temp file) or PostgreSQL (`--database-url`
 * or MEMP_DATABASE_URL, passed to the CLI; or `--store postgres` without a URL, which starts a throwaway cluster like
 * the tests do, with `shared_buffers=1GB` unless `--pg-setting` says otherwise, and removes it afterwards; a cluster
 * on this machine also gets its CPU during the load reported). The store is seeded with `--memories` (default 10k) through the API's
 * batch learn. Prints requests/s, p50/p99 per operation and errors by code, then checks through an export that
 * every acknowledged learn is stored and that hit counts add up. The load's clients each keep one keep-alive socket
 * ({@link KeepAliveHttpConnection}: 0.2–0.4 ms of CPU per request against 1.3–2.3 ms for `fetch` on the shared
 * machine, so the bench takes less of the cores it shares with the server); `--client fetch` uses the global `fetch`
 * instead. Seeding and the export use `fetch`.
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
    /** `memp serve --workers` (default: the server's default, the core count). */
    workers: { type: 'string' },
    /** The load's HTTP client: `keep-alive` (default, one socket per client) or `fetch` (undici's global pool). */
    client: { type: 'string', default: 'keep-alive' },
    /** Write a CPU profile of the server process into this directory (node --cpu-prof). */
    'server-profile': { type: 'string' },
    /**
     * Seconds of retrieves (one client) after seeding, before the timed load: time for what a server does once, such
     * as building the approximate index of a large SQLite namespace (in the background, searching exactly meanwhile).
     */
    warmup: { type: 'string', default: '0' },
    /**
     * Batch learns (500 trajectories each) in flight at once while seeding, through the same HTTP API: with several
     * server workers their parsing, validation and embedding run in parallel (the store still orders the writes).
     */
    'seed-concurrency': { type: 'string', default: '4' },
    /**
     * The namespace to load (default a new one per run). When it already holds at least `--memories` memories (a
     * previous run's, on the same `--database-url` or `--db`), seeding is skipped, and the hit check counts only the
     * hits stored during this run: seeding 100k memories on PostgreSQL takes minutes.
     */
    namespace: { type: 'string' },
    /** SQLite database file to use and keep (default a temp file, removed afterwards); for `--namespace`. */
    db: { type: 'string' },
    /**
     * Settings of the throwaway cluster `--store postgres` starts (`name=value`, repeatable). Default
     * `shared_buffers=1GB`, as a server holding a 100k namespace (about 1 GB with its vectors) would be set up:
     * with PostgreSQL's 128 MB default, reads at 100k leave its own buffers for the kernel's page cache far more often.
     */
    'pg-setting': { type: 'string', multiple: true, default: ['shared_buffers=1GB'] },
  },
});
if (flags.client !== 'keep-alive' && flags.client !== 'fetch') {
  throw new Error(`--client must be keep-alive or fetch, not "${flags.client}"`);
}
const seedConcurrency = Number(flags['seed-concurrency']);
if (!Number.isInteger(seedConcurrency) || seedConcurrency < 1) {
  throw new Error(`--seed-concurrency must be a positive integer, not "${flags['seed-concurrency']}"`);
}
if (flags.store !== undefined && flags.store !== 'sqlite' && flags.store !== 'postgres') {
  throw new Error(`--store must be sqlite or postgres, not "${flags.store}"`);
}
const clients = Number(flags.clients);
const durationMs = Number(flags.duration) * 1000;
const seedCount = Number(flags.memories);
const givenUrl = flags['database-url'] ?? (flags.store === 'sqlite' ? undefined : process.env.MEMP_DATABASE_URL);
if (flags.store === 'sqlite' && flags['database-url'] !== undefined)
  throw new Error('--store sqlite and --database-url exclude each other');
const cluster =
  givenUrl === undefined && flags.store === 'postgres'
    ? await startThrowawayPostgres({ settings: flags['pg-setting'] })
    : undefined;
const databaseUrl = givenUrl ?? (cluster ? await createBenchDatabase(cluster) : undefined);
const dir = mkdtempSync(join(tmpdir(), 'memp-server-bench-'));
if (flags.db !== undefined && databaseUrl !== undefined)
  throw new Error('--db and a PostgreSQL store exclude each other');
const storeArgs = databaseUrl ? ['--database-url', databaseUrl] : ['--db', resolve(flags.db ?? join(dir, 'bench.db'))];

/** Creates the database `memp_server_bench` on a throwaway cluster and returns its URL. */
async function createBenchDatabase(throwaway: ThrowawayPostgres): Promise<string> {
  process.stderr.write(
    `throwaway PostgreSQL cluster (${flags['pg-setting'].join(', ') || 'default settings'}): ensure ${throwaway.timings.ensureMs} ms, initdb + start ${throwaway.timings.clusterMs} ms\n`,
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
const namespace = flags.namespace ?? `bench-${Date.now()}`;

function percentile(values: number[], p: number): number {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

async function startServer(): Promise<{ child: ChildProcess; url: string; workers: number }> {
  const profile =
    flags['server-profile'] === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${resolve(flags['server-profile'])}`];
  const workers = flags.workers === undefined ? [] : ['--workers', flags.workers];
  const child = spawn(process.execPath, [...profile, cli, ...storeArgs, 'serve', '--port', '0', ...workers], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  const line = await new Promise<{ url: string; workers?: number }>((ok, fail) => {
    child.stderr?.on('data', (c: Buffer) => {
      if (err.length < 100_000) err += c.toString();
      const m = /^\{.*"msg":"listening".*\}$/m.exec(err);
      if (m) ok(JSON.parse(m[0]) as { url: string; workers?: number });
    });
    child.once('exit', (code) => fail(new Error(`memp serve exited ${code}: ${err.slice(0, 2000)}`)));
  });
  child.stderr?.removeAllListeners('data');
  child.stderr?.resume();
  return { child, url: line.url, workers: line.workers ?? 1 };
}

async function main(): Promise<void> {
  const key = await createBenchKey();
  const server = await startServer();
  const connections: KeepAliveHttpConnection[] = [];
  try {
    await measure({ ...server, key, connections });
  } finally {
    // Also when a step fails: no server process is left behind.
    for (const connection of connections) connection.close();
    if (server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await new Promise((r) => server.child.once('exit', r));
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Seeds, warms up, runs the load, checks it through the export and prints the report. */
async function measure(options: {
  child: ChildProcess;
  url: string;
  workers: number;
  key: string;
  /** Every keep-alive connection opened, for the caller to close. */
  connections: KeepAliveHttpConnection[];
}): Promise<void> {
  const { child, url, workers, key, connections } = options;
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const post: NamespacePost = async (path, body) => {
    const res = await fetch(`${url}/v1/namespaces/${namespace}${path}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });
    return { status: res.status, text: await res.text() };
  };
  const keepAlive = (): NamespacePost => {
    const connection = new KeepAliveHttpConnection(url, headers);
    connections.push(connection);
    return (path, body) => connection.request('POST', `/v1/namespaces/${namespace}${path}`, JSON.stringify(body));
  };
  const connect = (): NamespacePost => (flags.client === 'fetch' ? post : keepAlive());

  const seed = generateSyntheticTrajectories({ count: seedCount, seed: 5, prefix: 'seed' });
  const before = flags.namespace === undefined ? undefined : await exportedMemories(url, headers);
  if (before !== undefined && before.size >= seedCount) {
    process.stderr.write(`namespace ${namespace} already holds ${before.size} memories: not seeded\n`);
  } else {
    await seedMemories(post, seed);
  }
  const hitsBefore = before === undefined ? 0 : [...before.values()].reduce((sum, m) => sum + m.retrieved, 0);
  // Two connections per worker: node:cluster hands connections out round-robin, so every worker gets some.
  const warm = Array.from({ length: 2 * workers }, keepAlive);
  await firstRetrieve(warm, seed[0]?.task ?? 'warm up');
  await warmUp(warm, seed, Number(flags.warmup) * 1000);
  // Enough fresh trajectories for 1,000 learns a second (5,000 requests/s at 20%), no more: a larger heap makes the
  // client's garbage collection, counted in its CPU per request, dearer. Past them a learn repeats one (a replay).
  const freshCount = Math.max(20_000, Math.ceil(durationMs / 1000) * 1000);
  // A reused namespace already learned the previous runs' trajectories: new ids (a repeat would be refused).
  const prefix = flags.namespace === undefined ? 'live' : `live${Date.now().toString(36)}`;
  const fresh = generateSyntheticTrajectories({ count: freshCount, seed: 9, prefix });
  const database = databaseUrl === undefined ? undefined : await localPostgresServerPid(databaseUrl);
  const loadBefore = load();
  const cpuBefore = {
    server: processTreeCpu(child.pid ?? -1),
    client: ownCpuSeconds(),
    database: databaseCpu(database),
  };
  const result = await runServerLoad({ connect, tasks: seed.map((t) => t.task), fresh, clients, durationMs });
  const cpu = cpuUsed(cpuBefore, child.pid ?? -1, database);
  for (const connection of connections) connection.close();
  const loadAfter = load();

  const check = await checkExport({ url, headers, acknowledged: result.acknowledged, hitsBefore });

  printReport({ result, check, loadBefore, loadAfter, workers, cpu });
  if (check.lost > 0 || result.fiveHundreds > 0 || result.usedHits !== check.storedHits) process.exitCode = 1;
}

/**
 * The pid of the PostgreSQL server process (the postmaster) behind `url` when it runs on this machine: the parent of
 * the backend serving one connection, when named `postgres`. Undefined for a server elsewhere.
 */
async function localPostgresServerPid(url: string): Promise<number | undefined> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const parent = rows[0] === undefined ? undefined : parentProcess(rows[0].pid);
    return parent?.name === 'postgres' ? parent.pid : undefined;
  } finally {
    await client.end();
  }
}

/** CPU seconds PostgreSQL's processes used so far: the live ones and the ended ones (backends, autovacuum). */
function databaseCpu(postmaster: number | undefined): number | undefined {
  const used = postmaster === undefined ? undefined : processTreeCpu(postmaster);
  return used === undefined ? undefined : used.tree + used.reaped;
}

/** CPU seconds the server (its whole process tree, and its primary alone), PostgreSQL and this client used since `before`. */
function cpuUsed(
  before: { server: { tree: number; own: number } | undefined; client: number; database: number | undefined },
  pid: number,
  postmaster: number | undefined,
): CpuUsed {
  const now = processTreeCpu(pid);
  const client = ownCpuSeconds() - before.client;
  const databaseNow = databaseCpu(postmaster);
  const database =
    databaseNow === undefined || before.database === undefined ? undefined : databaseNow - before.database;
  if (now === undefined || before.server === undefined)
    return { server: undefined, primary: undefined, client, database };
  return { server: now.tree - before.server.tree, primary: now.own - before.server.own, client, database };
}

/**
 * CPU seconds used during the load: the server's (undefined without `/proc`), of which its first process's (with
 * `--workers` above 1 the cluster primary, which only hands connections out), the bench client's, and PostgreSQL's
 * when it runs on this machine (undefined otherwise).
 */
interface CpuUsed {
  server: number | undefined;
  primary: number | undefined;
  client: number;
  database: number | undefined;
}

/** Creates a write key for every namespace through the CLI and returns it. */
async function createBenchKey(): Promise<string> {
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
  return (JSON.parse(stdout) as { key: string }).key;
}

/**
 * Seeds the store through the API's batch learn, 500 successful trajectories per call, `--seed-concurrency` calls in
 * flight (each on its own `fetch` connection).
 */
async function seedMemories(post: NamespacePost, seed: readonly TrajectoryInput[]): Promise<void> {
  const t0 = performance.now();
  const inFlight = seedConcurrency;
  let next = 0;
  const seeder = async () => {
    for (let i = next; i < seed.length; i = next) {
      next += 500;
      const res = await post('/learn/batch', {
        items: seed
          .slice(i, i + 500)
          .map((trajectory) => ({ trajectory: { ...trajectory, outcome: { success: true } } })),
      });
      if (res.status !== 200) throw new Error(`seeding failed: ${res.status} ${res.text}`);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, seeder));
  process.stderr.write(
    `seeded ${seed.length} memories over HTTP (batch learns of 500, ${inFlight} in flight) in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
  );
}

/**
 * One retrieve on each of `posts` (connections spread over the server's workers) at once, before the timed load,
 * the slowest's time reported: the first search of a namespace in a worker loads its vectors and, from 20,000 active
 * memories on SQLite, starts building the approximate index in the background (searching exactly meanwhile; see
 * `--warmup`). Timing it apart keeps the requests/s those of a running server.
 */
async function firstRetrieve(posts: readonly NamespacePost[], task: string): Promise<void> {
  const t0 = performance.now();
  await Promise.all(
    posts.map(async (post) => {
      const res = await post('/retrieve', { task, k: 3 });
      if (res.status !== 200) throw new Error(`first retrieve failed: ${res.status} ${res.text}`);
    }),
  );
  process.stderr.write(
    `first retrieve after seeding, on ${posts.length} connections (loads vectors, starts any index build): ${(performance.now() - t0).toFixed(0)} ms\n`,
  );
}

/**
 * Retrieves seeded tasks one at a time for `ms`, turn by turn over `posts` (so every worker warms), then reports how
 * many and the p50 of the last 50.
 */
async function warmUp(posts: readonly NamespacePost[], seed: readonly TrajectoryInput[], ms: number): Promise<void> {
  if (!(ms > 0)) return;
  const end = performance.now() + ms;
  const times: number[] = [];
  for (let i = 0; performance.now() < end; i++) {
    const t0 = performance.now();
    const post = posts[i % posts.length] as NamespacePost;
    const res = await post('/retrieve', { task: seed[(i * 7919) % seed.length]?.task ?? 'warm up', k: 3 });
    if (res.status !== 200) throw new Error(`warm-up retrieve failed: ${res.status} ${res.text}`);
    times.push(performance.now() - t0);
  }
  process.stderr.write(
    `warm-up: ${times.length} retrieves in ${(ms / 1000).toFixed(0)} s, p50 of the last 50 ${percentile(times.slice(-50), 50).toFixed(1)} ms\n`,
  );
}

/**
 * The after-run check through the API's export: how many acknowledged learns are not stored (lost writes), and
 * the hits the stored memories count.
 */
async function checkExport(options: {
  url: string;
  headers: Record<string, string>;
  acknowledged: ServerLoadResult['acknowledged'];
  /** Hits the namespace's memories had stored before the load (a reused namespace). */
  hitsBefore: number;
}): Promise<{ lost: number; storedHits: number }> {
  const memories = await exportedMemories(options.url, options.headers);
  const lost = options.acknowledged.filter(
    (a) => a.created === undefined || !memories.get(a.created)?.from.includes(a.trajectoryId),
  ).length;
  const storedHits = [...memories.values()].reduce((sum, m) => sum + m.retrieved, 0) - options.hitsBefore;
  return { lost, storedHits };
}

/** The namespace's memories through the API's export: each one's source trajectories and stored hit count. */
async function exportedMemories(
  url: string,
  headers: Record<string, string>,
): Promise<Map<string, { from: string[]; retrieved: number }>> {
  const res = await fetch(`${url}/v1/namespaces/${namespace}/export`, { headers });
  if (res.status !== 200) throw new Error(`export failed: ${res.status} ${await res.text()}`);
  const exported = await res.text();
  const memories = new Map<string, { from: string[]; retrieved: number }>();
  for (const line of exported.trim().split('\n').slice(1)) {
    const parsed = JSON.parse(line) as {
      type: string;
      memory?: { id: string; provenance: { from: string[] }; stats: { retrieved: number } };
    };
    if (parsed.type === 'memory' && parsed.memory)
      memories.set(parsed.memory.id, { from: parsed.memory.provenance.from, retrieved: parsed.memory.stats.retrieved });
  }
  return memories;
}

/** Prints the run: throughput, p50/p99 per operation, errors by code with a first sample, and the check. */
function printReport(options: {
  result: ServerLoadResult;
  check: { lost: number; storedHits: number };
  loadBefore: string;
  loadAfter: string;
  workers: number;
  cpu: CpuUsed;
}): void {
  const { latencies, errors, samples, acknowledged, usedHits, fiveHundreds, seconds } = options.result;
  const { lost, storedHits } = options.check;
  const total = latencies.retrieve.length + latencies.learn.length + [...errors.values()].reduce((a, b) => a + b, 0);
  const row = (op: 'retrieve' | 'learn') =>
    `${op.padEnd(9)} ok ${String(latencies[op].length).padStart(7)}  p50 ${percentile(latencies[op], 50).toFixed(1).padStart(6)} ms  p99 ${percentile(latencies[op], 99).toFixed(1).padStart(6)} ms`;
  console.log(
    `memp server bench: ${databaseUrl ? 'PostgreSQL' : 'SQLite'}, ${seedCount} seeded memories, ${clients} clients (${flags.client}), ${options.workers} server worker(s), ${seconds.toFixed(1)} s`,
  );
  console.log(`load average (1 5 15 min): ${options.loadBefore} before the run, ${options.loadAfter} after it`);
  console.log(`requests/s ${(total / seconds).toFixed(0)} (${total} requests)`);
  console.log(row('retrieve'));
  console.log(row('learn'));
  console.log(
    `errors: ${errors.size === 0 ? 'none' : [...errors.entries()].map(([k, v]) => `${k} × ${v}`).join(', ')}; 5xx: ${fiveHundreds}`,
  );
  for (const [label, sample] of samples) console.log(`  first ${label}: ${sample}`);
  const { server, primary, client, database } = options.cpu;
  const perRequest = (s: number) => `${((s * 1000) / Math.max(1, total)).toFixed(2)} ms/request`;
  const used = (s: number) => `${s.toFixed(1)} s (${perRequest(s)}, ${(s / seconds).toFixed(2)} cores)`;
  console.log(
    `cpu during the load: server ${server === undefined ? 'n/a' : used(server)}${options.workers > 1 && primary !== undefined ? ` of which the cluster primary ${primary.toFixed(2)} s` : ''}; bench client ${used(client)}${database === undefined ? '' : `; PostgreSQL ${used(database)}`}`,
  );
  console.log(
    `check: ${acknowledged.length} acknowledged learns, ${lost} missing (lost writes); hits: ${usedHits} reported, ${storedHits} stored${usedHits === storedHits ? ' (match)' : ' (MISMATCH)'}`,
  );
}

try {
  await main();
} finally {
  await cluster?.stop();
}
