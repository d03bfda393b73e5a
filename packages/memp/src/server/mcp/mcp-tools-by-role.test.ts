/**
 * `tools/list` per the caller's role (issue 25): a read key sees only the tools it may call, a write or admin key
 * and the keyless loopback caller see them all; a read key that calls a write tool anyway gets a tool error and
 * nothing is written. Real server, real MCP client over Streamable HTTP; stdio (the operator's rights) is covered
 * by mcp-server.test.ts, which lists all six tools.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, episode, startTestServer } from '../testing/server-test-harness.js';

const READ_TOOLS = ['get_memory', 'list_memories', 'recall_procedures'];
const ALL_TOOLS = [
  'deprecate_memory',
  'get_memory',
  'list_memories',
  'recall_procedures',
  'record_trajectory',
  'report_outcome',
];

async function connect(url: string, key?: string): Promise<Client> {
  const client = new Client({ name: 'mcp-roles', version: '1' });
  const transport = new StreamableHTTPClientTransport(
    new URL(`${url}/mcp`),
    key ? { requestInit: { headers: { authorization: `Bearer ${key}` } } } : {},
  );
  await client.connect(transport);
  return client;
}

async function toolNames(client: Client): Promise<string[]> {
  return (await client.listTools()).tools.map((t) => t.name).sort();
}

describe('MCP tools listed per the key role', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('the keyless loopback caller (operator rights) sees every tool', async () => {
    const client = await connect(t.url);
    try {
      expect(await toolNames(client)).toEqual(ALL_TOOLS);
    } finally {
      await client.close();
    }
  });

  it('a read key sees the read tools only; write and admin keys see them all', async () => {
    const expected = { read: READ_TOOLS, write: ALL_TOOLS, admin: ALL_TOOLS } as const;
    for (const role of ['read', 'write', 'admin'] as const) {
      const client = await connect(t.url, await t.key('roles', role));
      try {
        expect([role, await toolNames(client)]).toEqual([role, expected[role]]);
      } finally {
        await client.close();
      }
    }
  });

  it('a read key calling a write tool anyway gets a tool error, and nothing is written', async () => {
    const { created } = await t.memp.learn({ namespace: 'roles-w', trajectory: episode('wash the cup') });
    const client = await connect(t.url, await t.key('roles-w', 'read'));
    try {
      for (const [name, args] of [
        ['record_trajectory', { task: 'wash the plate', steps: [{ action: 'look' }], success: true }],
        ['report_outcome', { used: [created], success: false }],
        ['deprecate_memory', { id: created }],
      ] as const) {
        const result = await client.callTool({ name, arguments: args });
        expect([name, result.isError]).toEqual([name, true]);
      }
      const [memory] = await t.memp.list({ namespace: 'roles-w' });
      expect(memory?.status).toBe('active');
      expect(memory?.stats.retrieved).toBe(0);
      expect((await t.memp.stats({ namespace: 'roles-w' })).trajectories).toBe(1);
    } finally {
      await client.close();
    }
  });
});
