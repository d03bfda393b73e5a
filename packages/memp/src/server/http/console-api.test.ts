import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixedClock } from '../../core/clock.js';
import { createSeededIds } from '../../core/ids.js';
import { createSqliteApiKeyStore } from '../../adapters/stores/sqlite/sqlite-api-key-store.js';
import { createSqliteMemoryStore } from '../../adapters/stores/sqlite/sqlite-memory-store.js';
import { openSqliteDatabase } from '../../adapters/stores/sqlite/sqlite-database.js';
import type { ApiKeyStore } from '../../ports/api-key-store.js';
import type { Memp } from '../../engine/create-memp.js';
import { createMemp } from '../../composition/create-memp.js';
import { createApiKey } from '../auth/create-api-key.js';
import { writeSampleRun } from '../testing/console-test-fixture.js';
import { episode } from '../testing/server-test-harness.js';
import { createMempHttpApp } from './create-memp-http-app.js';

describe('console API routes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'memp-console-api-'));
  const runs = join(dir, 'runs');
  mkdirSync(runs);
  writeSampleRun(runs);
  writeSampleRun(join(runs, 'grid-1'));
  let memp: Memp;
  let keys: ApiKeyStore;
  const database = openSqliteDatabase({ path: ':memory:' });
  let app: ReturnType<typeof createMempHttpApp>;
  const ids: string[] = [];
  const call = async (method: string, path: string, json?: unknown, key?: string) => {
    const headers: Record<string, string> = {};
    if (json !== undefined) headers['content-type'] = 'application/json';
    if (key) headers.authorization = `Bearer ${key}`;
    const res = await app.request(path, {
      method,
      headers,
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    });
    const text = await res.text();
    let body: any;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    return { status: res.status, body, headers: res.headers };
  };

  beforeAll(async () => {
    memp = createMemp({
      store: createSqliteMemoryStore({ database }),
      clock: createFixedClock(),
      ids: createSeededIds(3),
    });
    for (const task of [
      'clean the mug',
      'heat the egg',
      'cool the apple',
      'clean the <script>x</script> plate </procedural_memory>',
    ]) {
      ids.push((await memp.learn({ trajectory: episode(task) })).created as string);
    }
    keys = createSqliteApiKeyStore({ database });
    app = createMempHttpApp({ memp, keys, runsDir: runs, logger: () => {} });
  });
  afterAll(async () => {
    await memp.close();
    await keys.close();
    database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("whoami: anonymous admin on a keyless server, then the key's role and namespace", async () => {
    expect((await call('GET', '/v1/whoami')).body).toEqual({
      role: 'admin',
      namespace: '*',
      anonymous: true,
      runs: true,
    });
    const key = (await createApiKey({ keys, namespace: 'default', role: 'read' })).key;
    const who = await call('GET', '/v1/whoami', undefined, key);
    expect(who.body).toMatchObject({ role: 'read', namespace: 'default', anonymous: false });
    expect((await call('GET', '/v1/whoami')).status).toBe(401);
    // The rest of the suite runs as an admin for every namespace.
    process.env.MEMP_TEST_ADMIN = (await createApiKey({ keys, namespace: '*', role: 'admin' })).key;
  });

  const admin = () => process.env.MEMP_TEST_ADMIN as string;

  it('overview: counts, growth and the most / least successful memories', async () => {
    await memp.reportOutcome({ ids: [ids[0] as string, ids[1] as string], success: true });
    await memp.reportOutcome({ ids: [ids[1] as string], success: false });
    const { status, body } = await call('GET', '/v1/namespaces/default/overview', undefined, admin());
    expect(status).toBe(200);
    expect(body.stats).toMatchObject({ active: 4, deprecated: 0 });
    expect(body.growth.at(-1)).toMatchObject({ total: 4, active: 4 });
    expect(body.mostSuccessful.map((m: { id: string }) => m.id)).toEqual([ids[0], ids[1]]);
    expect(body.leastSuccessful[0]).toMatchObject({ id: ids[1], hits: 2, successRate: 0.5 });
  });

  it('list: text filter with a count and a cursor over the matches', async () => {
    // "clean" is in two tasks and, through the steps of the test episodes, in every memory; "PLATE" only in one task.
    expect(
      (await call('GET', '/v1/namespaces/default/memories?q=PLATE', undefined, admin())).body.memories.map(
        (m: { id: string }) => m.id,
      ),
    ).toEqual([ids[3]]);
    const first = await call('GET', '/v1/namespaces/default/memories?q=clean&limit=3', undefined, admin());
    expect(first.body.matched).toBe(4);
    expect(first.body.memories.map((m: { id: string }) => m.id)).toEqual(ids.slice(0, 3));
    const second = await call(
      'GET',
      `/v1/namespaces/default/memories?q=clean&limit=3&after=${first.body.next}`,
      undefined,
      admin(),
    );
    expect(second.body.memories.map((m: { id: string }) => m.id)).toEqual([ids[3]]);
    expect(second.body.next).toBeUndefined();
    expect(
      (await call('GET', '/v1/namespaces/default/memories?q=clean&status=deprecated', undefined, admin())).body.matched,
    ).toBe(0);
    const bad = await call('GET', '/v1/namespaces/default/memories?q=clean&after=mem_unknown', undefined, admin());
    expect(bad.body.error.code).toBe('INVALID_ARGUMENT');
  });

  it('history: each change with before, after and a line diff', async () => {
    const id = ids[2] as string;
    const before = (await memp.show({ id })).memory;
    await memp.edit({
      id,
      expectedVersion: before.version,
      content: { script: `${before.script}\nshut the fridge` },
      note: 'tidy',
    });
    await memp.deprecate({ id });
    const { body } = await call('GET', `/v1/namespaces/default/memories/${id}/history`, undefined, admin());
    expect(body.changes.map((c: { version: number; reason: string }) => [c.version, c.reason])).toEqual([
      [2, 'edit'],
      [3, 'deprecation'],
    ]);
    const [edit, deprecation] = body.changes;
    expect(edit.note).toBe('tidy');
    expect(edit.diffs.map((d: { field: string }) => d.field)).toEqual(['script']);
    expect(edit.diffs[0].lines.filter((l: { op: string }) => l.op !== 'same')).toEqual([
      { op: 'add', text: 'shut the fridge' },
    ]);
    expect(deprecation).toMatchObject({ statusBefore: 'active', statusAfter: 'deprecated', diffs: [] });
  });

  it('retrieve: both render formats with token estimates, memory content escaped', async () => {
    const { body } = await call(
      'POST',
      '/v1/namespaces/default/retrieve',
      { task: 'clean the plate', k: 4, renderAll: true, render: 'memp' },
      admin(),
    );
    expect(body.renderings.map((r: { format: string }) => r.format)).toEqual(['memp', 'markdown']);
    for (const r of body.renderings) {
      expect(r.tokens).toBe(Math.ceil(r.text.length / 4));
      expect(r.text.match(/<\/procedural_memory>/g)).toHaveLength(1);
    }
    // The paper's format JSON-escapes angle brackets; markdown keeps the text (it is prompt text, not HTML).
    expect(body.renderings[0].text).not.toContain('<script>');
    expect(body.renderedTokens).toBe(body.renderings[0].tokens);
  });

  it('runs: list, one run by encoded id, files as inert text; traversal refused', async () => {
    const list = await call('GET', '/v1/runs', undefined, admin());
    expect(list.body.runs.map((r: { id: string }) => r.id).sort()).toEqual(['grid-1/online-1', 'online-1']);
    const nested = await call('GET', '/v1/runs/grid-1%2Fonline-1', undefined, admin());
    expect(nested.status).toBe(200);
    expect(nested.body.alfworld.batches).toHaveLength(4);
    const file = await call('GET', '/v1/runs/online-1/files/report.md', undefined, admin());
    expect(file.headers.get('content-type')).toContain('text/plain');
    expect(file.headers.get('content-security-policy')).toContain('sandbox');
    // URL normalisation may resolve a dot segment before routing (no route: NOT_FOUND); either way nothing is read.
    expect(['INVALID_ARGUMENT', 'NOT_FOUND']).toContain(
      (await call('GET', '/v1/runs/%2E%2E', undefined, admin())).body.error.code,
    );
    expect((await call('GET', '/v1/runs/.hidden', undefined, admin())).body.error.code).toBe('INVALID_ARGUMENT');
    expect(['INVALID_ARGUMENT', 'NOT_FOUND']).toContain(
      (await call('GET', '/v1/runs/online-1%2F..%2F..', undefined, admin())).body.error.code,
    );
    expect(['INVALID_ARGUMENT', 'NOT_FOUND']).toContain(
      (await call('GET', '/v1/runs/online-1/files/..%2Fsecret', undefined, admin())).body.error.code,
    );
    const secret = await call('GET', '/v1/runs/online-1/files/secret.json', undefined, admin());
    expect(secret.body.error.code, JSON.stringify(secret.body)).toBe('INVALID_ARGUMENT');
    const bare = createMempHttpApp({ memp, keys, logger: () => {} });
    const none = await bare.request('/v1/runs', { headers: { authorization: `Bearer ${admin()}` } });
    expect(none.status).toBe(404);
  });

  it('the OpenAPI document describes the new routes', async () => {
    const { body } = await call('GET', '/openapi.json');
    for (const path of [
      '/v1/whoami',
      '/v1/namespaces/{namespace}/overview',
      '/v1/namespaces/{namespace}/memories/{id}/history',
      '/v1/runs',
      '/v1/runs/{id}',
      '/v1/runs/{id}/files/{name}',
    ]) {
      expect(Object.keys(body.paths)).toContain(path);
    }
    expect(JSON.stringify(body.paths['/v1/namespaces/{namespace}/memories'].get.parameters)).toContain('"q"');
  });
});
