import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import pg from 'pg';
import { startDelayingTcpProxy } from './delaying-tcp-proxy.js';
import { startThrowawayPostgres } from './start-throwaway-postgres.js';
import { generateSyntheticTrajectories } from './synthetic-trajectories.js';

/**
 * `npm run bench:postgres-round-trips`: how many statements (round trips) PostgreSQL receives per HTTP retrieve and
 * per HTTP learn, read from the server's own statement log. Starts a throwaway cluster with `log_statement=all`,
 * a `memp serve` process on it with an API key, seeds `--memories` (default 2000) memories, then sends
 * `--requests` (default 20) retrieves (k = 3, as `bench:server` does) and as many learns one at a time (half of
 * them reporting a retrieved memory as used). After each request a marker statement from another connection
 * closes its window in the log; the statements logged in between are the request's (the server is otherwise idle).
 * Prints min / median / max per operation and the statements of the first request of each kind. `--warm` requests
 * of each kind (default 3) are sent first and not counted (they fill the server's caches). Then `--burst` learns
 * (default 16) are sent at once, as clients of a busy server do: the statements they cost together, per learn, and
 * the transactions they took (writes of one namespace queued in the server go together: see `NamespaceBatches`).
 *
 * Then the sequential waits: a statement count says how many round trips a request makes, not how many it waits
 * for one after the other (reads issued together cost one wait). A second `memp serve` reaches the same database
 * through a proxy ({@link startDelayingTcpProxy}) that holds every answer `--delay` ms (default 20; 0 skips this
 * part) every other request, and passes answers at once in between; `--requests` retrieves and learns (each learn
 * reporting a retrieved memory as used) of each kind, one at a time. The difference of the medians over the delay
 * is the number of round trips on the request's critical path (a busy server pays its event-loop wait once per such
 * round trip); the proxy's own hop is in both medians, so it cancels out.
 */
const run = promisify(execFile);
const cli = fileURLToPath(new URL('../cli/main.js', import.meta.url));
const { values: flags } = parseArgs({
  options: {
    memories: { type: 'string', default: '2000' },
    requests: { type: 'string', default: '20' },
    warm: { type: 'string', default: '3' },
    burst: { type: 'string', default: '16' },
    delay: { type: 'string', default: '20' },
  },
});
const seedCount = Number(flags.memories);
const requests = Number(flags.requests);
const warm = Number(flags.warm);
const burst = Number(flags.burst);
const delayMs = Number(flags.delay);
const MARK = 'memp-round-trip-mark';
/** A statement as `log_statement=all` logs it: simple queries as `statement:`, extended ones as `execute <name>:`. */
const STATEMENT = /LOG: {2}(?:statement|execute [^:]*): ([\s\S]*)$/;

/** The statements logged after byte `from` of `logFile`, up to the marker `mark` (waits for it to appear). */
async function statementsUntil(logFile: string, from: number, mark: string): Promise<string[]> {
  for (let tries = 0; tries < 200; tries++) {
    const text = readFileSync(logFile).subarray(from).toString('utf8');
    const at = text.indexOf(mark);
    if (at >= 0) {
      const statements: string[] = [];
      // A logged statement starts a line with the timestamp; continuation lines (multi-line SQL) follow it.
      for (const entry of text.slice(0, text.lastIndexOf('\n', at) + 1).split(/\n(?=\d{4}-\d\d-\d\d )/)) {
        const m = STATEMENT.exec(entry);
        if (m) statements.push((m[1] as string).replace(/\s+/g, ' ').trim());
      }
      return statements;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`marker ${mark} never reached ${logFile}`);
}

async function startServer(url: string): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, [cli, '--database-url', url, 'serve', '--port', '0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  const base = await new Promise<string>((ok, fail) => {
    child.stderr?.on('data', (c: Buffer) => {
      if (err.length < 100_000) err += c.toString();
      const m = /"msg":"listening","url":"([^"]+)"/.exec(err);
      if (m) ok(m[1] as string);
    });
    child.once('exit', (code) => fail(new Error(`memp serve exited ${code}: ${err.slice(0, 2000)}`)));
  });
  child.stderr?.removeAllListeners('data');
  child.stderr?.resume();
  return { child, base };
}

type PostTo = (base: string, path: string, body: unknown) => Promise<unknown>;

/**
 * Median wall times of retrieves and learns (with a used memory) on a server reaching `url` through a
 * {@link startDelayingTcpProxy}, without (`direct`) and with (`delayed`) its delay in turn, one request at a time,
 * after `--warm` of each.
 */
async function sequentialWaits(
  url: string,
  postTo: PostTo,
  seed: ReturnType<typeof generateSyntheticTrajectories>,
): Promise<Record<'retrieve' | 'learn', { direct: number; delayed: number }>> {
  const target = new URL(url);
  const proxy = await startDelayingTcpProxy({
    target: { host: target.hostname, port: Number(target.port) },
    delayMs,
  });
  target.port = String(proxy.port);
  const delayedServer = await startServer(target.toString());
  try {
    const delays = { direct: 0, delayed: delayMs };
    const times = {
      retrieve: { direct: [] as number[], delayed: [] as number[] },
      learn: { direct: [] as number[], delayed: [] as number[] },
    };
    const fresh = generateSyntheticTrajectories({ count: 2 * (warm + requests), seed: 11, prefix: 'waits' });
    for (let i = 0; i < warm + requests; i++) {
      for (const side of ['direct', 'delayed'] as const) {
        proxy.delayMs = delays[side];
        const task = seed[(i * 53) % seed.length]?.task as string;
        let started = performance.now();
        const body = (await postTo(delayedServer.base, '/retrieve', { task, k: 3 })) as {
          results: Array<{ memory: { id: string } }>;
        };
        const retrieveMs = performance.now() - started;
        const used = body.results[0] === undefined ? [] : [body.results[0].memory.id];
        const trajectory = fresh[2 * i + (side === 'direct' ? 0 : 1)];
        started = performance.now();
        await postTo(delayedServer.base, '/learn', { trajectory: { ...trajectory, outcome: { success: true } }, used });
        const learnMs = performance.now() - started;
        if (i < warm) continue;
        times.retrieve[side].push(retrieveMs);
        times.learn[side].push(learnMs);
      }
    }
    const medians = (t: { direct: number[]; delayed: number[] }) => ({
      direct: median(t.direct),
      delayed: median(t.delayed),
    });
    return { retrieve: medians(times.retrieve), learn: medians(times.learn) };
  } finally {
    delayedServer.child.kill('SIGTERM');
    await new Promise((r) => delayedServer.child.once('exit', r));
    await proxy.close();
  }
}

function median(values: number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const cluster = await startThrowawayPostgres({ settings: ['log_statement=all'] });
let server: ChildProcess | undefined;
try {
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  await admin.query('CREATE DATABASE memp_round_trips');
  const url = cluster.url.replace(/\/postgres$/, '/memp_round_trips');
  const { stdout } = await run(process.execPath, [
    cli,
    '--database-url',
    url,
    '--namespace',
    '*',
    '--json',
    'keys',
    'create',
    '--role',
    'write',
  ]);
  const key = (JSON.parse(stdout) as { key: string }).key;
  const started = await startServer(url);
  server = started.child;
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const post = (path: string, body: unknown): Promise<unknown> => postTo(started.base, path, body);
  const postTo = async (base: string, path: string, body: unknown): Promise<unknown> => {
    const res = await fetch(`${base}/v1/namespaces/rt${path}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status} ${text.slice(0, 500)}`);
    return JSON.parse(text);
  };
  const seed = generateSyntheticTrajectories({ count: seedCount, seed: 5, prefix: 'seed' });
  for (let i = 0; i < seed.length; i += 500) {
    const items = seed.slice(i, i + 500).map((t) => ({ trajectory: { ...t, outcome: { success: true } } }));
    await post('/learn/batch', { items });
  }
  const fresh = generateSyntheticTrajectories({ count: warm + requests + burst, seed: 9, prefix: 'live' });
  let marks = 0;
  /** Runs `request` and returns the statements PostgreSQL logged for it. */
  const measure = async (request: () => Promise<unknown>): Promise<string[]> => {
    const from = statSync(cluster.logFile).size;
    await request();
    const mark = `${MARK}-${++marks}`;
    await admin.query(`SELECT '${mark}'`);
    return statementsUntil(cluster.logFile, from, mark);
  };
  const counts = { retrieve: [] as number[], learn: [] as number[] };
  const first: { retrieve?: string[]; learn?: string[] } = {};
  let lastRetrieved: string | undefined;
  for (let i = 0; i < warm + requests; i++) {
    const task = seed[(i * 37) % seed.length]?.task as string;
    const retrieved = await measure(async () => {
      const body = (await post('/retrieve', { task, k: 3 })) as { results: Array<{ memory: { id: string } }> };
      lastRetrieved = body.results[0]?.memory.id;
    });
    const used = i % 2 === 1 && lastRetrieved !== undefined ? [lastRetrieved] : [];
    const trajectory = fresh[i];
    const learned = await measure(() =>
      post('/learn', { trajectory: { ...trajectory, outcome: { success: true } }, used }),
    );
    if (i < warm) continue;
    counts.retrieve.push(retrieved.length);
    counts.learn.push(learned.length);
    first.retrieve ??= retrieved;
    if (used.length > 0) first.learn ??= learned;
  }
  const together = await measure(() =>
    Promise.all(
      fresh
        .slice(warm + requests)
        .map((trajectory) => post('/learn', { trajectory: { ...trajectory, outcome: { success: true } } })),
    ),
  );
  await admin.end();
  const waits = delayMs > 0 ? await sequentialWaits(url, postTo, seed) : undefined;
  console.log(
    `PostgreSQL round trips per HTTP request (statement log, ${seedCount} memories, ${requests} requests each after ${warm} warm-up; load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')})`,
  );
  for (const op of ['retrieve', 'learn'] as const) {
    const c = counts[op];
    console.log(`${op.padEnd(8)} median ${median(c)}  min ${Math.min(...c)}  max ${Math.max(...c)}`);
  }
  if (burst > 0) {
    const transactions = together.filter((t) => t.startsWith('BEGIN')).length;
    console.log(
      `${burst} learns at once: ${together.length} statements (${(together.length / burst).toFixed(1)} per learn), ${transactions} transaction(s)`,
    );
  }
  if (waits) {
    console.log(
      `sequential waits (round trips on the critical path; answers held ${delayMs} ms by a proxy, medians of ${requests}):`,
    );
    for (const op of ['retrieve', 'learn'] as const) {
      const w = waits[op];
      console.log(
        `${op.padEnd(8)} ${((w.delayed - w.direct) / delayMs).toFixed(1)} waits  (median ${w.direct.toFixed(1)} ms without the delay, ${w.delayed.toFixed(1)} ms with it)`,
      );
    }
  }
  for (const op of ['retrieve', 'learn'] as const) {
    console.log(`\nstatements of the first counted ${op}${op === 'learn' ? ' (with a used memory)' : ''}:`);
    for (const s of first[op] ?? []) console.log(`  ${s.length > 150 ? `${s.slice(0, 150)}…` : s}`);
  }
} finally {
  server?.kill('SIGTERM');
  if (server) await new Promise((r) => server?.once('exit', r));
  await cluster.stop();
}
