/**
 * The HTTP surface under attack and misuse (issue 22): DNS rebinding against a keyless server, anonymous key
 * minting, a store whose keys are all revoked, and the smaller protocol mistakes (bad port, wrong method, missing
 * content type, empty optional body, `/docs` headers). Runs alone: `npx vitest run src/server/http/http-security.test.ts`
 * (the process cases need `npm run build` first).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInMemoryApiKeyStore } from '../../adapters/stores/in-memory/in-memory-api-key-store.js';
import { createInMemoryMemoryStore } from '../../adapters/stores/in-memory/in-memory-memory-store.js';
import { createMemp } from '../../composition/create-memp.js';
import { createApiKey } from '../auth/create-api-key.js';
import { type TestServer, episode, startTestServer } from '../testing/server-test-harness.js';
import { startMempServer } from './start-memp-server.js';
import { startServeProcess } from '../testing/serve-process.js';

const run = promisify(execFile);
const cli = resolve('dist/cli/main.js');

/** One HTTP request with headers fetch would not let us forge (`Host`). */
function raw(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; body: any; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolveRes, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => {
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
        resolveRes({ status: res.statusCode ?? 0, body, headers: res.headers });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const MCP_INIT = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 'attacker', version: '1' } },
});
const MCP_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

describe('a keyless server refuses foreign Host and Origin values (DNS rebinding)', () => {
  let t: TestServer;
  let port: string;
  beforeAll(async () => {
    t = await startTestServer();
    port = new URL(t.url).port;
  });
  afterAll(() => t.close());

  it('the reported attack: a foreign Host and Origin cannot mint a key, and the local user keeps access', async () => {
    const res = await raw(`${t.url}/v1/keys`, {
      method: 'POST',
      headers: {
        host: `attacker.example:${port}`,
        origin: `http://attacker.example:${port}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ namespace: '*', role: 'admin' }),
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
    expect(await t.keys.listKeys()).toEqual([]);
    expect((await t.call('GET', '/v1/namespaces')).status).toBe(200);
  });

  it.each([
    ['GET', '/v1/namespaces'],
    ['GET', '/healthz'],
    ['GET', '/readyz'],
    ['GET', '/openapi.json'],
    ['GET', '/docs'],
    ['GET', '/'],
    ['POST', '/mcp'],
  ])('%s %s: a foreign Host → 403, a foreign Origin → 403', async (method, path) => {
    const mcp = path === '/mcp' ? { headers: MCP_HEADERS, body: MCP_INIT } : { headers: {} };
    const byHost = await raw(`${t.url}${path}`, {
      method,
      headers: { ...mcp.headers, host: `rebind.example:${port}` },
      ...(mcp.body ? { body: mcp.body } : {}),
    });
    expect(byHost.status).toBe(403);
    expect(byHost.body.error.code).toBe('FORBIDDEN');
    const byOrigin = await raw(`${t.url}${path}`, {
      method,
      headers: { ...mcp.headers, origin: 'https://evil.example' },
      ...(mcp.body ? { body: mcp.body } : {}),
    });
    expect(byOrigin.status).toBe(403);
    const nullOrigin = await raw(`${t.url}${path}`, { method, headers: { ...mcp.headers, origin: 'null' } });
    expect(nullOrigin.status).toBe(403);
  });

  it('loopback names with any port are served, with or without a loopback Origin', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, 'localhost', `[::1]:${port}`, `127.1.2.3:${port}`]) {
      const res = await raw(`${t.url}/v1/namespaces`, { headers: { host } });
      expect(res.status, host).toBe(200);
    }
    for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`, 'http://[::1]:9']) {
      const res = await raw(`${t.url}/v1/namespaces`, { headers: { origin } });
      expect(res.status, origin).toBe(200);
    }
    const mcp = await raw(`${t.url}/mcp`, { method: 'POST', headers: MCP_HEADERS, body: MCP_INIT });
    expect(mcp.status).toBe(200);
  });

  it('an anonymous caller cannot mint a key even from loopback: the first key is an operator action', async () => {
    const res = await t.call('POST', '/v1/keys', { json: { namespace: '*', role: 'admin' } });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('FORBIDDEN');
    expect(await t.keys.listKeys()).toEqual([]);
    expect((await t.call('GET', '/v1/namespaces')).status).toBe(200);
  });
});

describe('a server with keys', () => {
  it('serves a foreign Host to a valid key (a reverse proxy), and a key still mints keys', async () => {
    const t = await startTestServer();
    try {
      const admin = await t.key('*', 'admin');
      const res = await raw(`${t.url}/v1/namespaces`, {
        headers: { host: 'memp.example.org', authorization: `Bearer ${admin}` },
      });
      expect(res.status).toBe(200);
      const minted = await t.call('POST', '/v1/keys', { key: admin, json: { namespace: 'a', role: 'read' } });
      expect(minted.status).toBe(201);
      const anonymous = await raw(`${t.url}/v1/namespaces`, { headers: { host: 'memp.example.org' } });
      expect(anonymous.status).toBe(401);
    } finally {
      await t.close();
    }
  });

  it('whose keys are all revoked starts in the "revoked" auth mode, not as an open server', async () => {
    const memp = createMemp({ store: createInMemoryMemoryStore() });
    const keys = createInMemoryApiKeyStore();
    const { record } = await createApiKey({ keys, namespace: '*', role: 'admin' });
    await keys.revokeKey({ id: record.id, at: '2026-01-01T00:00:00.000Z' });
    const notices: string[] = [];
    const server = await startMempServer({ memp, keys, port: 0, logger: () => {}, onNotice: (n) => notices.push(n) });
    try {
      expect(server.auth).toBe('revoked');
      expect(server.open).toBe(false);
      expect(notices).toHaveLength(1);
      expect((await fetch(`${server.url}/v1/namespaces`)).status).toBe(401);
    } finally {
      await server.close();
    }
  });
});

describe('protocol mistakes get a precise answer', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('a wrong method on an existing path → 405 with an Allow header; an unknown path stays 404', async () => {
    const res = await t.call('GET', '/v1/namespaces/x/retrieve');
    expect(res.status).toBe(405);
    expect(res.body.error.code).toBe('INVALID_ARGUMENT');
    expect(res.body.error.details.allowed).toEqual(['POST']);
    expect(res.headers.get('allow')).toBe('POST');
    const memory = await t.call('PUT', '/v1/namespaces/x/memories/m1');
    expect(memory.status).toBe(405);
    expect(memory.headers.get('allow')?.split(', ').sort()).toEqual(['DELETE', 'GET', 'HEAD', 'PATCH']);
    expect((await t.call('GET', '/v1/nothing-here')).status).toBe(404);
  });

  it('a POST without a content type → 415 whose body names the expected type', async () => {
    const res = await t.call('POST', '/v1/namespaces/x/retrieve', { body: JSON.stringify({ task: 'a' }) });
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('INVALID_ARGUMENT');
    expect(res.body.error.details.expected).toBe('application/json');
    const wrong = await t.call('POST', '/v1/namespaces/x/retrieve', {
      body: 'task=a',
      headers: { 'content-type': 'text/plain' },
    });
    expect(wrong.status).toBe(415);
    expect(wrong.body.error.details.expected).toBe('application/json');
  });

  it('deprecate and restore accept an empty body sent as application/json (the body is optional)', async () => {
    const learned = await t.call('POST', '/v1/namespaces/sec/learn', {
      json: { trajectory: episode('clean the mug') },
    });
    const id = learned.body.created as string;
    for (const action of ['deprecate', 'restore']) {
      const res = await t.call('POST', `/v1/namespaces/sec/memories/${id}/${action}`, {
        body: '',
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status, res.text).toBe(200);
    }
    const bad = await t.call('POST', `/v1/namespaces/sec/memories/${id}/deprecate`, {
      body: '{',
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.status).toBe(400);
  });

  it('/docs carries the console security headers (CSP, X-Frame-Options) and its script loads under them', async () => {
    const res = await t.call('GET', '/docs');
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.text).not.toMatch(/<script>|<style>/);
    const script = /<script[^>]+src="([^"]+)"/.exec(res.text)?.[1] ?? '';
    const style = /<link[^>]+href="([^"]+)"/.exec(res.text)?.[1] ?? '';
    for (const asset of [script, style]) {
      const loaded = await t.call('GET', asset);
      expect(loaded.status, asset).toBe(200);
      expect(loaded.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });
});

describe('memp serve as a process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'memp-serve-sec-'));
  beforeAll(() => {
    if (!existsSync(cli)) throw new Error('dist is missing: run `npm run build` first (npm test does)');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(['99999', '-1', 'x'])('serve --port %s exits 2 with INVALID_ARGUMENT naming --port', async (port) => {
    const failed = await run(process.execPath, [cli, '--db', join(dir, 'port.db'), 'serve', '--port', port]).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain('INVALID_ARGUMENT');
    expect(failed.stderr).toContain('--port');
  });

  it('reports its auth mode when it starts: "revoked" for a store whose keys are all revoked', async () => {
    const db = join(dir, 'revoked.db');
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
    const { record } = JSON.parse(created.stdout) as { record: { id: string } };
    await run(process.execPath, [cli, '--db', db, 'keys', 'revoke', record.id]);
    const { child, listening, stderr } = await startServeProcess({ cli, args: ['--db', db, 'serve', '--port', '0'] });
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    expect(listening.auth).toBe('revoked');
    const notices = stderr()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { level: string; auth?: string });
    expect(notices.find((n) => n.level === 'warn')?.auth).toBe('revoked');
  });
});
