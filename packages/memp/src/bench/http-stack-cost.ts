import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { createSqliteApiKeyStore } from '../adapters/stores/sqlite/sqlite-api-key-store.js';
import { createSqliteMemoryStore } from '../adapters/stores/sqlite/sqlite-memory-store.js';
import { createMemp } from '../composition/create-memp.js';
import { createApiKey } from '../server/auth/create-api-key.js';
import { createMempHttpApp } from '../server/http/create-memp-http-app.js';
import { startMempServer } from '../server/http/start-memp-server.js';
import { KeepAliveHttpConnection } from './keep-alive-http-client.js';
import { generateSyntheticTrajectories } from './synthetic-trajectories.js';

/**
 * What the HTTP layer costs per retrieve, in one process on an in-memory SQLite store of `--memories` (default 200)
 * seeded memories, one call at a time: CPU per retrieve called directly on the engine (the response still
 * serialised to JSON), through the hono app in process (`app.request`: routing, middleware, auth, zod, rendering;
 * it builds a web `Request`, which a socket does not), and over a real socket (`startMempServer`, the keep-alive
 * load client in this same process: adds `@hono/node-server`, Node's HTTP, the loopback TCP of both ends and the
 * client), and over a socket to a bare `node:http` handler (reads the body, `JSON.parse`, the engine, `JSON.stringify`:
 * no routing, auth, validation or logging; the floor any HTTP layer on Node starts from). Rounds alternate the ways;
 * the first round warms up and is not printed.
 *
 * `node dist/bench/http-stack-cost.js [--memories 200] [--calls 3000] [--rounds 3]`
 */
const { values: flags } = parseArgs({
  options: {
    memories: { type: 'string', default: '200' },
    calls: { type: 'string', default: '3000' },
    rounds: { type: 'string', default: '3' },
  },
});
const calls = Number(flags.calls);
const store = createSqliteMemoryStore({ path: ':memory:' });
const keys = createSqliteApiKeyStore({ path: ':memory:' });
const memp = createMemp({ store });
const { key } = await createApiKey({ keys, namespace: '*', role: 'write' });
const seed = generateSyntheticTrajectories({ count: Number(flags.memories), seed: 5, prefix: 'seed' });
await memp.learnBatch({
  namespace: 'bench',
  items: seed.map((trajectory) => ({ trajectory: { ...trajectory, outcome: { success: true } } })),
});
const silent = () => {};
const app = createMempHttpApp({ memp, keys, logger: silent });
const server = await startMempServer({ memp, keys, port: 0, logger: silent });
const bare = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const { task, k } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { task: string; k: number };
    void memp.retrieve({ namespace: 'bench', task, k }).then((results) => {
      const body = JSON.stringify({ results });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
});
await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
const connection = new KeepAliveHttpConnection(server.url, headers);
const bareConnection = new KeepAliveHttpConnection(`http://127.0.0.1:${(bare.address() as AddressInfo).port}`, headers);
const path = '/v1/namespaces/bench/retrieve';

/** One retrieve each way; each returns the response text (so every way pays for its JSON). */
const ways: Record<string, (task: string) => Promise<string>> = {
  engine: async (task) => JSON.stringify({ results: await memp.retrieve({ namespace: 'bench', task, k: 3 }) }),
  'app.request': async (task) =>
    (await app.request(path, { method: 'POST', headers, body: JSON.stringify({ task, k: 3 }) })).text(),
  socket: async (task) => (await connection.request('POST', path, JSON.stringify({ task, k: 3 }))).text,
  'bare node:http': async (task) => (await bareConnection.request('POST', path, JSON.stringify({ task, k: 3 }))).text,
};

/** CPU milliseconds (user + system, all threads) this process has used so far. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

console.log(`HTTP stack cost: ${seed.length} memories, ${calls} retrieves per way and round, k = 3`);
console.log(
  `load average before: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
for (let round = 0; round <= Number(flags.rounds); round++) {
  const row: string[] = [];
  for (const [name, retrieve] of Object.entries(ways)) {
    const before = cpuMs();
    for (let i = 0; i < calls; i++) {
      const text = await retrieve(seed[i % seed.length]?.task ?? 'task');
      if (!text.startsWith('{"results":')) throw new Error(`${name}: unexpected answer ${text.slice(0, 200)}`);
    }
    row.push(`${name} ${((cpuMs() - before) / calls).toFixed(3)} ms`);
  }
  if (round > 0) console.log(`round ${round}: CPU per retrieve: ${row.join(', ')}`);
}
console.log(
  `load average after: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
connection.close();
bareConnection.close();
await server.close();
await new Promise((resolve) => bare.close(resolve));
