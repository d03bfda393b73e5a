import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServeProcess, startServeProcess } from '../src/server/testing/serve-process.js';
import { CLI, runCliAsync } from './cli-helpers.js';
import type { TestDatabase } from './postgres/postgres-test-database.js';
import { createTestDatabase } from './postgres/postgres-test-database.js';

let db: TestDatabase;
const servers: ServeProcess[] = [];
beforeAll(async () => {
  db = await createTestDatabase('key-cache-servers');
}, 120_000);
afterAll(async () => {
  for (const server of servers) {
    if (server.child.exitCode !== null) continue;
    const exited = new Promise((r) => server.child.once('exit', r));
    server.child.kill('SIGTERM');
    await exited;
  }
  await db.drop();
});

async function serve(extra: string[]): Promise<ServeProcess> {
  const server = await startServeProcess({
    cli: CLI,
    args: ['--database-url', db.url, '--pool-size', '3', 'serve', '--port', '0', ...extra],
  });
  servers.push(server);
  return server;
}

async function retrieveStatus(server: ServeProcess, key: string): Promise<number> {
  const res = await fetch(`${server.url}/v1/namespaces/kc/retrieve`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ task: 'put a mug on the desk', k: 3 }),
  });
  await res.arrayBuffer();
  return res.status;
}

describe('API key revocation across `memp serve` processes on one PostgreSQL database', () => {
  it('a server without the cache refuses a revoked key at once; one with a long cache keeps it until its entry expires', async () => {
    const created = await runCliAsync([
      '--database-url',
      db.url,
      '--namespace',
      '*',
      '--json',
      'keys',
      'create',
      '--role',
      'write',
    ]);
    expect(created.code).toBe(0);
    const { key, record } = JSON.parse(created.stdout) as { key: string; record: { id: string } };
    const cached = await serve(['--key-cache-ms', '600000']);
    const uncached = await serve(['--key-cache-ms', '0']);
    expect(await retrieveStatus(cached, key)).toBe(200);
    expect(await retrieveStatus(uncached, key)).toBe(200);
    const revoked = await runCliAsync(['--database-url', db.url, 'keys', 'revoke', record.id]);
    expect(revoked.code).toBe(0);
    expect(await retrieveStatus(uncached, key)).toBe(401);
    // The staleness the cache allows (its bound is --key-cache-ms; the store-level test checks the bound itself).
    expect(await retrieveStatus(cached, key)).toBe(200);
    // A server started after the revocation never saw the key valid.
    expect(await retrieveStatus(await serve([]), key)).toBe(401);
  });

  it('refuses a bad --key-cache-ms and a PostgreSQL flag on SQLite, naming them', async () => {
    const bad = await runCliAsync(['--database-url', db.url, 'serve', '--port', '0', '--key-cache-ms', 'soon']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--key-cache-ms');
    const sqlite = await runCliAsync(['--db', ':memory:', '--pool-size', '4', 'stats']);
    expect(sqlite.code).toBe(2);
    expect(sqlite.stderr).toContain('--pool-size');
  });
});
