import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInMemoryApiKeyStore } from '../../adapters/stores/in-memory/in-memory-api-key-store.js';
import { createInMemoryMemoryStore } from '../../adapters/stores/in-memory/in-memory-memory-store.js';
import { isMempError } from '../../core/errors.js';
import { createMemp } from '../../composition/create-memp.js';
import { createApiKey } from '../auth/create-api-key.js';
import { type ServeProcess, startServeProcess } from '../testing/serve-process.js';
import { startMempServer } from './start-memp-server.js';

const run = promisify(execFile);
const cli = resolve('dist/cli/main.js');

/** Spawns `memp serve` on `db` and resolves with the process and its URL once it listens. */
function spawnServe(db: string, extra: string[] = []): Promise<ServeProcess> {
  return startServeProcess({ cli, args: ['--db', db, 'serve', '--port', '0', ...extra] });
}

describe('memp serve as a process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'memp-serve-'));
  beforeAll(() => {
    if (!existsSync(cli)) throw new Error('dist is missing: run `npm run build` first (npm test does)');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses to bind a non-loopback address without keys (exit 2), and binds once a key exists', async () => {
    const db = join(dir, 'bind.db');
    const refused = await run(process.execPath, [cli, '--db', db, 'serve', '--host', '0.0.0.0', '--port', '0']).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('INVALID_ARGUMENT');
    const created = await run(process.execPath, [
      cli,
      '--db',
      db,
      '--json',
      'keys',
      'create',
      '--namespace',
      '*',
      '--role',
      'admin',
    ]);
    const { key } = JSON.parse(created.stdout) as { key: string };
    expect(key).toMatch(/^memp_[a-f0-9]{16}_/);
    const listed = await run(process.execPath, [cli, '--db', db, 'keys', 'list']);
    expect(listed.stdout).not.toContain(key.slice('memp_'.length + 16 + 1));
    const { child, url } = await spawnServe(db, ['--host', '0.0.0.0']);
    const port = new URL(url).port;
    const anonymous = await fetch(`http://127.0.0.1:${port}/v1/namespaces`);
    expect(anonymous.status).toBe(401);
    const authed = await fetch(`http://127.0.0.1:${port}/v1/namespaces`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(authed.status).toBe(200);
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  });

  it('without keys serves loopback only, says so, and requires keys once one exists', async () => {
    const memp = createMemp({ store: createInMemoryMemoryStore() });
    const keys = createInMemoryApiKeyStore();
    const notices: string[] = [];
    const server = await startMempServer({ memp, keys, port: 0, logger: () => {}, onNotice: (n) => notices.push(n) });
    try {
      expect(server.open).toBe(true);
      expect(notices.join(' ')).toContain('loopback');
      expect((await fetch(`${server.url}/v1/namespaces`)).status).toBe(200);
      await createApiKey({ keys, namespace: 'x', role: 'read' });
      const res = await fetch(`${server.url}/v1/namespaces`);
      expect(res.status).toBe(401);
    } finally {
      await server.close();
    }
    const error = await startMempServer({ memp, keys, host: '0.0.0.0', port: 0, logger: () => {} }).then(
      async (s) => {
        await s.close();
        return undefined;
      },
      (e: unknown) => e,
    );
    // A key exists now, so binding everywhere is allowed: the call above succeeded.
    expect(error).toBeUndefined();
    const bare = createMemp({ store: createInMemoryMemoryStore() });
    const refused = await startMempServer({
      memp: bare,
      keys: createInMemoryApiKeyStore(),
      host: '0.0.0.0',
      port: 0,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isMempError(refused, 'INVALID_ARGUMENT')).toBe(true);
  });

  it('finishes an in-flight request on SIGTERM, then exits 0', async () => {
    const db = join(dir, 'sigterm.db');
    const { child, url } = await spawnServe(db);
    const body = JSON.stringify({
      trajectory: { task: 'clean the mug', steps: [{ action: 'go to sinkbasin 1' }], outcome: { success: true } },
    });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const response = new Promise<{ status: number; text: string }>((resolveRes, reject) => {
      const req = request(
        `${url}/v1/namespaces/default/learn`,
        { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolveRes({ status: res.statusCode ?? 0, text }));
        },
      );
      req.on('error', reject);
      // Half the body now, SIGTERM, the rest later: the request is in flight when the signal arrives.
      req.write(body.slice(0, 20));
      setTimeout(() => {
        child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(20)), 300);
      }, 200);
    });
    const res = await response;
    expect(res.status, res.text).toBe(200);
    expect(JSON.parse(res.text).created).toMatch(/^mem_/);
    expect(await exited).toBe(0);
    // New connections are refused once it has stopped.
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});
