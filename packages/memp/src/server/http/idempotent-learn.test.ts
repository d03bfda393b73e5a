import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServeProcess } from '../testing/serve-process.js';
import { type TestServer, episode, startTestServer } from '../testing/server-test-harness.js';

const cli = resolve('dist/cli/main.js');

describe('idempotent learns over HTTP and MCP', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => t.close());

  it('answers a repeated learn with the first result and writes nothing', async () => {
    const key = await t.key('repeat', 'write');
    const body = { trajectory: episode('clean the mug') };
    const first = await t.call('POST', '/v1/namespaces/repeat/learn', { key, json: body });
    expect(first.status).toBe(200);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const again = await t.call('POST', '/v1/namespaces/repeat/learn', { key, json: body });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ ...first.body, replayed: true });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const stats = await t.call('GET', '/v1/namespaces/repeat/stats', { key });
    expect(stats.body).toMatchObject({ memories: 1, trajectories: 1 });
  });

  it('honours Idempotency-Key: same key and body replay, same key and another body is 422, keys are per API key', async () => {
    const key = await t.key('keyed', 'write');
    const other = await t.key('keyed', 'write');
    const headers = { 'idempotency-key': 'attempt-7' };
    const first = await t.call('POST', '/v1/namespaces/keyed/learn', {
      key,
      headers,
      json: { trajectory: episode('heat the apple') },
    });
    expect(first.status).toBe(200);
    const retry = await t.call('POST', '/v1/namespaces/keyed/learn', {
      key,
      headers,
      json: { trajectory: episode('heat the apple') },
    });
    expect(retry.body).toEqual({ ...first.body, replayed: true });
    const reused = await t.call('POST', '/v1/namespaces/keyed/learn', {
      key,
      headers,
      json: { trajectory: episode('cool the lettuce') },
    });
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(reused.body.error.message).toContain('attempt-7');
    // Another API key has its own keys: the same header value learns its own body.
    const theirs = await t.call('POST', '/v1/namespaces/keyed/learn', {
      key: other,
      headers,
      json: { trajectory: episode('cool the lettuce') },
    });
    expect(theirs.status).toBe(200);
    expect(theirs.body.replayed).toBeUndefined();
    const bad = await t.call('POST', '/v1/namespaces/keyed/learn', {
      key,
      headers: { 'idempotency-key': 'x'.repeat(256) },
      json: { trajectory: episode('slice the bread') },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.field).toBe('Idempotency-Key');
    const stats = await t.call('GET', '/v1/namespaces/keyed/stats', { key });
    expect(stats.body).toMatchObject({ memories: 2, trajectories: 2 });
  });

  it('MCP record_trajectory: a repeated record replays; idempotencyKey with another run is refused', async () => {
    const key = await t.key('agents', 'write');
    const client = new Client({ name: 'memp-test', version: '1' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${t.url}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${key}` } },
      }),
    );
    const record = async (task: string, idempotencyKey?: string) => {
      const result = await client.callTool({
        name: 'record_trajectory',
        arguments: {
          task,
          steps: episode(task).steps,
          success: true,
          namespace: 'agents',
          ...(idempotencyKey ? { idempotencyKey } : {}),
        },
      });
      const text = ((result.content ?? []) as Array<{ text?: string }>).map((c) => c.text ?? '').join('\n');
      return { isError: result.isError === true, data: (result.structuredContent ?? {}) as Record<string, any>, text };
    };
    const first = await record('rinse the cup');
    expect(first.isError, first.text).toBe(false);
    const again = await record('rinse the cup');
    expect(again.data).toMatchObject({ created: first.data.created, replayed: true });
    const keyed = await record('dry the plate', 'run-1');
    expect(keyed.isError, keyed.text).toBe(false);
    expect((await record('dry the plate', 'run-1')).data).toMatchObject({
      created: keyed.data.created,
      replayed: true,
    });
    const reused = await record('stack the bowls', 'run-1');
    expect(reused.isError).toBe(true);
    expect(reused.text).toContain('IDEMPOTENCY_KEY_REUSED');
    await client.close();
    const stats = await t.call('GET', '/v1/namespaces/agents/stats', { key });
    expect(stats.body).toMatchObject({ memories: 2, trajectories: 2 });
  });
});

describe('idempotent learns across server workers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'memp-idempotent-workers-'));
  beforeAll(() => {
    if (!existsSync(cli)) throw new Error('dist is missing: run `npm run build` first (npm test does)');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes once when identical learns race through several processes on one SQLite file', async () => {
    const db = join(dir, 'race.db');
    const { child, url } = await startServeProcess({
      cli,
      args: ['--db', db, 'serve', '--port', '0', '--workers', '2'],
    });
    try {
      const learn = (task: string, key?: string) =>
        fetch(`${url}/v1/namespaces/race/learn`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
          body: JSON.stringify({ trajectory: episode(task) }),
        }).then(async (res) => ({ status: res.status, body: (await res.json()) as Record<string, unknown> }));
      const answers = await Promise.all([
        ...Array.from({ length: 12 }, () => learn('wash the pan')),
        ...Array.from({ length: 12 }, () => learn('wipe the table', 'k-1')),
      ]);
      expect(answers.map((a) => a.status)).toEqual(Array(24).fill(200));
      expect(new Set(answers.slice(0, 12).map((a) => a.body['created'])).size).toBe(1);
      expect(new Set(answers.slice(12).map((a) => a.body['created'])).size).toBe(1);
      expect(answers.filter((a) => a.body['replayed'] !== true)).toHaveLength(2);
      const stats = (await (await fetch(`${url}/v1/namespaces/race/stats`)).json()) as Record<string, unknown>;
      expect(stats).toMatchObject({ memories: 2, trajectories: 2 });
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  });
});
