import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiKeyRole } from '../../ports/api-key-store.js';
import { type TestServer, episode, startTestServer } from '../testing/server-test-harness.js';

type Case = {
  name: string;
  role: ApiKeyRole;
  /** The route changes what a memory serves directly: a `write` key must also be trusted (admin keys are). */
  trusted?: true;
  /** Builds the request against fresh data in namespace `ns`; returns method, path and body. */
  request: (
    t: TestServer,
    ns: string,
  ) => Promise<{ method: string; path: string; json?: unknown; body?: string; headers?: Record<string, string> }>;
  ok: number;
};

async function freshMemory(t: TestServer, ns: string): Promise<string> {
  const { created } = await t.memp.learn({
    namespace: ns,
    trajectory: episode(`clean the mug number ${Math.random()}`),
  });
  return created as string;
}

const ROUTES: Case[] = [
  {
    name: 'retrieve',
    role: 'read',
    ok: 200,
    request: async (_t, ns) => ({
      method: 'POST',
      path: `/v1/namespaces/${ns}/retrieve`,
      json: { task: 'clean a mug' },
    }),
  },
  {
    name: 'list',
    role: 'read',
    ok: 200,
    request: async (_t, ns) => ({ method: 'GET', path: `/v1/namespaces/${ns}/memories` }),
  },
  {
    name: 'get',
    role: 'read',
    ok: 200,
    request: async (t, ns) => ({ method: 'GET', path: `/v1/namespaces/${ns}/memories/${await freshMemory(t, ns)}` }),
  },
  {
    name: 'stats',
    role: 'read',
    ok: 200,
    request: async (_t, ns) => ({ method: 'GET', path: `/v1/namespaces/${ns}/stats` }),
  },
  {
    name: 'export',
    role: 'read',
    ok: 200,
    request: async (_t, ns) => ({ method: 'GET', path: `/v1/namespaces/${ns}/export` }),
  },
  { name: 'namespaces', role: 'read', ok: 200, request: async () => ({ method: 'GET', path: '/v1/namespaces' }) },
  {
    name: 'learn',
    role: 'write',
    ok: 200,
    request: async (_t, ns) => ({
      method: 'POST',
      path: `/v1/namespaces/${ns}/learn`,
      json: { trajectory: episode('heat an egg') },
    }),
  },
  {
    name: 'learn batch',
    role: 'write',
    ok: 200,
    request: async (_t, ns) => ({
      method: 'POST',
      path: `/v1/namespaces/${ns}/learn/batch`,
      json: { items: [{ trajectory: episode('cool a pan') }] },
    }),
  },
  {
    name: 'outcomes',
    role: 'write',
    ok: 200,
    request: async (t, ns) => ({
      method: 'POST',
      path: `/v1/namespaces/${ns}/outcomes`,
      json: { memoryIds: [await freshMemory(t, ns)], success: true },
    }),
  },
  {
    name: 'edit',
    role: 'write',
    trusted: true,
    ok: 200,
    request: async (t, ns) => ({
      method: 'PATCH',
      path: `/v1/namespaces/${ns}/memories/${await freshMemory(t, ns)}`,
      json: { script: '1. rinse', version: 1 },
    }),
  },
  {
    name: 'deprecate',
    role: 'write',
    trusted: true,
    ok: 200,
    request: async (t, ns) => ({
      method: 'POST',
      path: `/v1/namespaces/${ns}/memories/${await freshMemory(t, ns)}/deprecate`,
    }),
  },
  {
    name: 'restore',
    role: 'write',
    trusted: true,
    ok: 200,
    request: async (t, ns) => {
      const id = await freshMemory(t, ns);
      await t.memp.deprecate({ namespace: ns, id });
      return { method: 'POST', path: `/v1/namespaces/${ns}/memories/${id}/restore`, json: { version: 2 } };
    },
  },
  {
    name: 'import',
    role: 'write',
    ok: 200,
    request: async (t, ns) => {
      const lines: string[] = [];
      const source = `src-${Math.random().toString(36).slice(2, 8)}`;
      await t.memp.learn({ namespace: source, trajectory: episode('slice the bread') });
      await t.memp.exportTo({ namespace: source, write: (l) => void lines.push(l) });
      return {
        method: 'POST',
        path: `/v1/namespaces/${ns}/import?onConflict=skip`,
        body: lines.join('\n'),
        headers: { 'content-type': 'application/x-ndjson' },
      };
    },
  },
  {
    name: 'delete',
    role: 'admin',
    ok: 200,
    request: async (t, ns) => ({ method: 'DELETE', path: `/v1/namespaces/${ns}/memories/${await freshMemory(t, ns)}` }),
  },
  { name: 'keys list', role: 'admin', ok: 200, request: async () => ({ method: 'GET', path: '/v1/keys' }) },
  {
    name: 'keys create',
    role: 'admin',
    ok: 201,
    request: async (_t, ns) => ({ method: 'POST', path: '/v1/keys', json: { namespace: ns, role: 'read' } }),
  },
  {
    name: 'keys revoke',
    role: 'admin',
    ok: 200,
    request: async (t, ns) => {
      const id = (await t.key(ns, 'read')).split('_')[1];
      return { method: 'DELETE', path: `/v1/keys/${id}` };
    },
  },
];
const ROLES: ApiKeyRole[] = ['read', 'write', 'admin'];
const rank = (r: ApiKeyRole) => ROLES.indexOf(r);

describe('HTTP API over a real socket', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ bodyBytes: 64 * 1024 });
  });
  afterAll(async () => t.close());

  describe.each(ROUTES.filter((r) => r.trusted))('$name needs a trusted or admin key', (route) => {
    it('refuses a write key of the default trust (untrusted) with 403 naming the trust', async () => {
      const key = await t.key('team-a', 'write');
      const req = await route.request(t, 'team-a');
      const res = await t.call(req.method, req.path, { key, ...req });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain('untrusted');
    });
  });

  describe.each(ROUTES)('$name needs $role', (route) => {
    it.each(ROLES)('key with role %s', async (role) => {
      const key = await t.key('team-a', role, route.trusted ? 'trusted' : undefined);
      const req = await route.request(t, 'team-a');
      const res = await t.call(req.method, req.path, { key, ...req });
      if (rank(role) >= rank(route.role)) {
        expect(res.status, res.text).toBe(route.ok);
      } else {
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe('FORBIDDEN');
      }
    });
    it('is refused without a key (401) and with a key of another namespace (403)', async () => {
      const req = await route.request(t, 'team-a');
      const anonymous = await t.call(req.method, req.path, req);
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.error.code).toBe('UNAUTHORIZED');
      const other = await t.key('team-b', 'admin');
      const res = await t.call(req.method, req.path, { key: other, ...req });
      if (route.name === 'namespaces' || route.name === 'keys list') {
        expect(res.status).toBe(200); // answered, but filtered to team-b (checked below)
      } else {
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe('FORBIDDEN');
      }
    });
  });

  it('keeps namespaces apart: a key of A cannot read, list, retrieve or export B, and sees only A', async () => {
    const idB = await freshMemory(t, 'iso-b');
    await freshMemory(t, 'iso-a');
    const keyA = await t.key('iso-a', 'admin');
    for (const [method, path, json] of [
      ['GET', `/v1/namespaces/iso-b/memories/${idB}`],
      ['GET', '/v1/namespaces/iso-b/memories'],
      ['POST', '/v1/namespaces/iso-b/retrieve', { task: 'clean the mug' }],
      ['GET', '/v1/namespaces/iso-b/export'],
      ['GET', '/v1/namespaces/iso-b/stats'],
    ] as const) {
      const res = await t.call(method, path, { key: keyA, ...(json ? { json } : {}) });
      expect([path, res.status, res.body?.error?.code]).toEqual([path, 403, 'FORBIDDEN']);
    }
    expect((await t.call('GET', '/v1/namespaces', { key: keyA })).body.namespaces).toEqual(['iso-a']);
    const keys = (await t.call('GET', '/v1/keys', { key: keyA })).body.keys as Array<{ namespace: string }>;
    expect(new Set(keys.map((k) => k.namespace))).toEqual(new Set(['iso-a']));
    expect((await t.call('POST', '/v1/keys', { key: keyA, json: { namespace: '*', role: 'read' } })).status).toBe(403);
    const star = await t.key('*', 'read');
    expect((await t.call('GET', '/v1/namespaces', { key: star })).body.namespaces).toEqual(
      expect.arrayContaining(['iso-a', 'iso-b']),
    );
  });

  it('refuses revoked and malformed keys with 401', async () => {
    const key = await t.key('team-a', 'admin');
    const id = key.split('_')[1];
    expect((await t.call('DELETE', `/v1/keys/${id}`, { key })).status).toBe(200);
    const revoked = await t.call('GET', '/v1/namespaces/team-a/memories', { key });
    expect([revoked.status, revoked.body.error.code]).toEqual([401, 'UNAUTHORIZED']);
    for (const bad of ['nonsense', `${key.slice(0, -2)}xx`, `memp_0000000000000000_${'a'.repeat(43)}`]) {
      const res = await t.call('GET', '/v1/namespaces/team-a/memories', { key: bad });
      expect([res.status, res.body.error.code]).toEqual([401, 'UNAUTHORIZED']);
    }
  });

  it('answers errors with codes: 400, 404, 409, 413', async () => {
    const key = await t.key('errors', 'admin');
    const malformed = await t.call('POST', '/v1/namespaces/errors/retrieve', {
      key,
      body: '{"task": ',
      headers: { 'content-type': 'application/json' },
    });
    expect([malformed.status, malformed.body.error.code]).toEqual([400, 'INVALID_ARGUMENT']);
    const badField = await t.call('POST', '/v1/namespaces/errors/learn', {
      key,
      json: { trajectory: { task: 'x', steps: 'no', outcome: { success: true } } },
    });
    expect([badField.status, badField.body.error.code, badField.body.error.details.field]).toEqual([
      400,
      'INVALID_ARGUMENT',
      'trajectory.steps',
    ]);
    const badNamespace = await t.call('GET', '/v1/namespaces/bad%20ns/memories', { key: await t.key('*', 'admin') });
    expect([badNamespace.status, badNamespace.body.error.code]).toEqual([400, 'INVALID_ARGUMENT']);
    const missing = await t.call('GET', '/v1/namespaces/errors/memories/ghost', { key });
    expect([missing.status, missing.body.error.code]).toEqual([404, 'NOT_FOUND']);
    const id = await freshMemory(t, 'errors');
    const got = await t.call('GET', `/v1/namespaces/errors/memories/${id}`, { key });
    expect(got.headers.get('etag')).toBe('"1"');
    const edit = await t.call('PATCH', `/v1/namespaces/errors/memories/${id}`, {
      key,
      json: { script: 'v2' },
      headers: { 'if-match': '"1"' },
    });
    expect([edit.status, edit.body.version, edit.headers.get('etag')]).toEqual([200, 2, '"2"']);
    const stale = await t.call('PATCH', `/v1/namespaces/errors/memories/${id}`, {
      key,
      json: { script: 'v3' },
      headers: { 'if-match': '"1"' },
    });
    expect([stale.status, stale.body.error.code, stale.body.error.details.actualVersion]).toEqual([409, 'CONFLICT', 2]);
    const staleBody = await t.call('PATCH', `/v1/namespaces/errors/memories/${id}`, {
      key,
      json: { script: 'v3', version: 1 },
    });
    expect([staleBody.status, staleBody.body.error.code]).toEqual([409, 'CONFLICT']);
    const noVersion = await t.call('PATCH', `/v1/namespaces/errors/memories/${id}`, { key, json: { script: 'v3' } });
    expect([noVersion.status, noVersion.body.error.code]).toEqual([400, 'INVALID_ARGUMENT']);
    const big = await t.call('POST', '/v1/namespaces/errors/retrieve', { key, json: { task: 'x'.repeat(70 * 1024) } });
    expect([big.status, big.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const unknown = await t.call('GET', '/v2/whatever', { key });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'NOT_FOUND']);
    for (const res of [malformed, badField, missing, stale, big]) expect(res.text).not.toMatch(/at .+\.(ts|js):\d+/);
  });

  it('limits a chunked body (no Content-Length) by the bytes that arrive, and serves one under the limit', async () => {
    const key = await t.key('chunked', 'write');
    /** POSTs `chunks` with `Transfer-Encoding: chunked` and answers the status and error code. */
    const chunked = (chunks: string[]) =>
      new Promise<[number, string | undefined]>((resolve, reject) => {
        const req = httpRequest(`${t.url}/v1/namespaces/chunked/retrieve`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        });
        req.on('error', reject);
        req.on('response', (res) => {
          let text = '';
          res.on('data', (c: Buffer) => {
            text += c.toString();
          });
          res.on('end', () => resolve([res.statusCode ?? 0, JSON.parse(text).error?.code]));
        });
        for (const chunk of chunks) req.write(chunk);
        req.end();
      });
    const task = 'x'.repeat(40 * 1024);
    expect(await chunked(['{"task":"', task, task, '"}'])).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expect(await chunked(['{"task":"', 'clean a mug', '"}'])).toEqual([200, undefined]);
  });

  it('learns a batch all or nothing, and imports all or nothing', async () => {
    const key = await t.key('atomic', 'write');
    const bad = await t.call('POST', '/v1/namespaces/atomic/learn/batch', {
      key,
      json: {
        items: [{ trajectory: episode('wash a plate') }, { trajectory: episode('dry a plate'), used: ['ghost'] }],
      },
    });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'INVALID_ARGUMENT']);
    expect((await t.memp.stats({ namespace: 'atomic' })).memories).toBe(0);
    const good = await t.call('POST', '/v1/namespaces/atomic/learn/batch', {
      key,
      json: { items: [{ trajectory: episode('wash a plate') }, { trajectory: episode('dry a plate') }] },
    });
    expect(good.status).toBe(200);
    expect(good.body.results).toHaveLength(2);
    const exported = await t.call('GET', '/v1/namespaces/atomic/export', { key });
    expect(exported.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = exported.text.trim().split('\n');
    expect(JSON.parse(lines[0] as string)).toMatchObject({ format: 'memp-export', memories: 2 });
    const importKey = await t.key('atomic-copy', 'write');
    const broken = [...lines.slice(0, 2), '{"type":"memory"}'].join('\n');
    const failed = await t.call('POST', '/v1/namespaces/atomic-copy/import', {
      key: importKey,
      body: broken,
      headers: { 'content-type': 'application/x-ndjson' },
    });
    expect([failed.status, failed.body.error.code, failed.body.error.details.line]).toEqual([
      400,
      'INVALID_ARGUMENT',
      3,
    ]);
    expect((await t.memp.stats({ namespace: 'atomic-copy' })).memories).toBe(0);
    const ok = await t.call('POST', '/v1/namespaces/atomic-copy/import', {
      key: importKey,
      body: exported.text,
      headers: { 'content-type': 'application/x-ndjson' },
    });
    expect([ok.status, ok.body.imported]).toEqual([200, 2]);
    const again = await t.call('POST', '/v1/namespaces/atomic-copy/import', {
      key: importKey,
      body: exported.text,
      headers: { 'content-type': 'application/x-ndjson' },
    });
    expect([again.status, again.body.error.code]).toEqual([409, 'CONFLICT']);
  });

  it('retrieves with rendered guidance delimited as data', async () => {
    const key = await t.key('render', 'write');
    await t.call('POST', '/v1/namespaces/render/learn', { key, json: { trajectory: episode('clean the kettle') } });
    const res = await t.call('POST', '/v1/namespaces/render/retrieve', {
      key,
      json: { task: 'clean the kettle', k: 2, render: true },
    });
    expect(res.status).toBe(200);
    expect(res.body.results[0].memory.task).toBe('clean the kettle');
    expect(res.body.rendered).toContain('<procedural_memory>');
  });

  it('retrieves ranked by utility with a lessons count, and refuses an unknown ranking with 400', async () => {
    const key = await t.key('ranked', 'write');
    await t.call('POST', '/v1/namespaces/ranked/learn', { key, json: { trajectory: episode('clean the teapot') } });
    const res = await t.call('POST', '/v1/namespaces/ranked/retrieve', {
      key,
      json: { task: 'clean the teapot', rank: 'utility', lessons: 0 },
    });
    expect(res.status).toBe(200);
    expect(res.body.results[0].memory.task).toBe('clean the teapot');
    const bad = await t.call('POST', '/v1/namespaces/ranked/retrieve', { key, json: { task: 'x', rank: 'loudest' } });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'INVALID_ARGUMENT']);
  });

  it('logs one JSON entry per request with route, status, namespace and key id, never the key or content', async () => {
    const key = await t.key('logged', 'write');
    t.logs.length = 0;
    await t.call('POST', '/v1/namespaces/logged/learn', {
      key,
      json: { trajectory: episode('polish the secret-spoon') },
    });
    const entry = t.logs.find((e) => e.route === '/v1/namespaces/:namespace/learn');
    expect(entry).toMatchObject({ method: 'POST', status: 200, namespace: 'logged', keyId: key.split('_')[1] });
    expect(typeof entry?.ms).toBe('number');
    const text = JSON.stringify(t.logs);
    // The secret is base64url and may itself contain "_": take everything after `memp_<16 hex id>_`.
    const secret = key.slice('memp_'.length + 16 + 1);
    expect(secret).toHaveLength(43);
    expect(text).not.toContain(secret);
    expect(text).not.toContain('secret-spoon');
  });

  it('serves a generated OpenAPI 3.1 document and a self-contained /docs page', async () => {
    const doc = await t.call('GET', '/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/v1/namespaces/{namespace}/retrieve', '/v1/namespaces/{namespace}/export', '/v1/keys']),
    );
    const learn = doc.body.paths['/v1/namespaces/{namespace}/learn'].post;
    expect(JSON.stringify(learn.requestBody)).toContain('TrajectoryInput');
    expect(doc.body.components.schemas.Memory.properties.version).toBeDefined();
    const docs = await t.call('GET', '/docs');
    expect(docs.text).toContain('/openapi.json');
    expect(docs.text).not.toMatch(/(src|href)=["']https?:/);
    expect((await t.call('GET', '/healthz')).status).toBe(200);
    expect((await t.call('GET', '/readyz')).body).toEqual({ status: 'ready' });
  });
});
