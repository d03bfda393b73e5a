import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, episode, startTestServer } from '../testing/server-test-harness.js';

type Structured = Record<string, any>;

async function call(
  client: Client,
  name: string,
  args: Record<string, unknown>,
): Promise<{ isError: boolean; data: Structured; text: string }> {
  const result = await client.callTool({ name, arguments: args });
  const content = (result.content ?? []) as Array<{ type: string; text?: string }>;
  return {
    isError: result.isError === true,
    data: (result.structuredContent ?? {}) as Structured,
    text: content.map((c) => c.text ?? '').join('\n'),
  };
}

/** Calls every tool once, in an agent's order, and checks each real result. */
async function exerciseEveryTool(client: Client, namespace?: string): Promise<void> {
  const ns = namespace ? { namespace } : {};
  const tools = (await client.listTools()).tools.map((t) => t.name).sort();
  expect(tools).toEqual([
    'deprecate_memory',
    'get_memory',
    'list_memories',
    'recall_procedures',
    'record_trajectory',
    'report_outcome',
  ]);
  const empty = await call(client, 'recall_procedures', { task: 'clean the mug', ...ns });
  expect(empty.isError).toBe(false);
  expect(empty.data.memories).toEqual([]);
  const recorded = await call(client, 'record_trajectory', {
    task: 'clean the mug',
    steps: episode('clean the mug').steps,
    success: true,
    ...ns,
  });
  expect(recorded.isError, recorded.text).toBe(false);
  const id = recorded.data.created as string;
  expect(id).toMatch(/^mem_/);
  const recalled = await call(client, 'recall_procedures', { task: 'clean the mug', k: 2, ...ns });
  expect(recalled.data.memories[0].id).toBe(id);
  expect(recalled.text).toContain('<procedural_memory>');
  const failed = await call(client, 'record_trajectory', {
    task: 'clean the cup',
    steps: [{ action: 'clean cup 1 with stoveburner 1', observation: 'Nothing happens.' }],
    success: false,
    used: [id],
    ...ns,
  });
  expect(failed.isError, failed.text).toBe(false);
  expect(failed.data.trajectoryId).toBeDefined();
  const outcome = await call(client, 'report_outcome', { used: [id], success: true, ...ns });
  expect(outcome.data.memories[0].stats).toMatchObject({ retrieved: 2, succeeded: 1, failed: 1 });
  const listed = await call(client, 'list_memories', { ...ns });
  expect(listed.data.memories.map((m: { id: string }) => m.id)).toContain(id);
  const got = await call(client, 'get_memory', { id, ...ns });
  expect(got.data.memory.id).toBe(id);
  const missing = await call(client, 'get_memory', { id: 'ghost', ...ns });
  expect([missing.isError, missing.data.error.code]).toEqual([true, 'NOT_FOUND']);
  const deprecated = await call(client, 'deprecate_memory', { id, reason: 'wrong appliance', ...ns });
  expect(deprecated.data.memory.status).toBe('deprecated');
  const after = await call(client, 'recall_procedures', { task: 'clean the mug', ...ns });
  expect(after.data.memories.map((m: { id: string }) => m.id)).not.toContain(id);
  const resources = await client.listResources();
  const uri = resources.resources.map((r) => r.uri).find((u) => u.endsWith(`/memories/${id}`));
  expect(uri).toBeDefined();
  const read = await client.readResource({ uri: uri as string });
  const first = read.contents[0] as { text: string };
  expect(JSON.parse(first.text).memory.id).toBe(id);
}

describe('MCP over Streamable HTTP (/mcp)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => t.close());

  const connect = async (key?: string) => {
    const client = new Client({ name: 'memp-test', version: '1' });
    const transport = new StreamableHTTPClientTransport(
      new URL(`${t.url}/mcp`),
      key ? { requestInit: { headers: { authorization: `Bearer ${key}` } } } : {},
    );
    await client.connect(transport);
    return client;
  };

  it('calls every tool with a trusted write key and gets real results', async () => {
    await t.key('bootstrap', 'read');
    const client = await connect(await t.key('agents', 'write', 'trusted'));
    try {
      await exerciseEveryTool(client);
    } finally {
      await client.close();
    }
  });

  it('refuses an unauthenticated request once keys exist, and keeps namespaces apart', async () => {
    await t.key('bootstrap', 'read');
    const anonymous = await fetch(`${t.url}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 'x', version: '1' } },
      }),
    });
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as Structured).error.code).toBe('UNAUTHORIZED');
    await expect(connect()).rejects.toThrow();

    const { created } = await t.memp.learn({ namespace: 'mcp-b', trajectory: episode('heat the soup') });
    const client = await connect(await t.key('mcp-a', 'admin'));
    try {
      for (const [name, args] of [
        ['recall_procedures', { task: 'heat the soup', namespace: 'mcp-b' }],
        ['list_memories', { namespace: 'mcp-b' }],
        ['get_memory', { id: created, namespace: 'mcp-b' }],
        ['deprecate_memory', { id: created, namespace: 'mcp-b' }],
        ['report_outcome', { used: [created], success: true, namespace: 'mcp-b' }],
      ] as const) {
        const res = await call(client, name, args);
        expect([name, res.isError, res.data.error?.code]).toEqual([name, true, 'FORBIDDEN']);
      }
      await expect(client.readResource({ uri: `memp://mcp-b/memories/${created}` })).rejects.toThrow();
      const own = await call(client, 'list_memories', {});
      expect(own.data.namespace).toBe('mcp-a');
      const resources = await client.listResources();
      expect(resources.resources.every((r) => r.uri.startsWith('memp://mcp-a/'))).toBe(true);
      const readOnly = await connect(await t.key('mcp-b', 'read'));
      const refused = await call(readOnly, 'record_trajectory', {
        task: 't',
        steps: [{ action: 'look' }],
        success: true,
      });
      // A read key is not offered the write tools (mcp-tools-by-role.test.ts): the call is an unknown-tool error.
      expect(refused.isError).toBe(true);
      expect((await readOnly.listTools()).tools.map((t) => t.name)).not.toContain('record_trajectory');
      await readOnly.close();
    } finally {
      await client.close();
    }
  });
});

describe('MCP over stdio (memp mcp, spawned from dist)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'memp-mcp-'));
  const cli = resolve('dist/cli/main.js');
  beforeAll(() => {
    if (!existsSync(cli)) throw new Error('dist is missing: run `npm run build` first (npm test does)');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('calls every tool with real results', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [cli, '--db', join(dir, 'mcp.db'), '--namespace', 'stdio-ns', 'mcp'],
      stderr: 'pipe',
    });
    const client = new Client({ name: 'memp-test', version: '1' });
    await client.connect(transport);
    try {
      await exerciseEveryTool(client);
      const listed = await call(client, 'list_memories', {});
      expect(listed.data.namespace).toBe('stdio-ns');
    } finally {
      await client.close();
    }
  });
});
