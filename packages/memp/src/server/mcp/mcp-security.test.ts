/**
 * The MCP surface (Streamable HTTP at `/mcp`) under attack and misuse (issue 22): a keyless server refuses foreign
 * `Host` and `Origin` values before MCP sees the request (DNS rebinding), `resources/read` answers a malformed URI
 * with a proper JSON-RPC error, and a key reads only its namespace's resources. Runs alone:
 * `npx vitest run src/server/mcp/mcp-security.test.ts`.
 */
import { request } from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, episode, startTestServer } from '../testing/server-test-harness.js';

/** One HTTP request with headers fetch would not let us forge (`Host`). */
function raw(
  url: string,
  options: { method: string; headers: Record<string, string>; body?: string },
): Promise<{ status: number; body: any }> {
  return new Promise((resolveRes, reject) => {
    const req = request(url, { method: options.method, headers: options.headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => {
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
        resolveRes({ status: res.statusCode ?? 0, body });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const rpc = (id: number, method: string, params: Record<string, unknown>) =>
  JSON.stringify({ jsonrpc: '2.0', id, method, params });
const MCP_HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
const INIT = rpc(1, 'initialize', {
  protocolVersion: '2025-03-26',
  capabilities: {},
  clientInfo: { name: 'page', version: '1' },
});

async function connect(url: string, key?: string): Promise<Client> {
  const client = new Client({ name: 'mcp-security', version: '1' });
  const transport = new StreamableHTTPClientTransport(
    new URL(`${url}/mcp`),
    key ? { requestInit: { headers: { authorization: `Bearer ${key}` } } } : {},
  );
  await client.connect(transport);
  return client;
}

/** The JSON-RPC error code a rejected promise carries (undefined when it resolved). */
async function rpcCode(p: Promise<unknown>): Promise<number | undefined> {
  return p.then(
    () => undefined,
    (e: unknown) => (e instanceof McpError ? e.code : -1),
  );
}

describe('MCP on a keyless server: DNS rebinding', () => {
  let t: TestServer;
  let port: string;
  beforeAll(async () => {
    t = await startTestServer();
    port = new URL(t.url).port;
  });
  afterAll(() => t.close());

  it('a foreign Host cannot initialize, list tools or call one; nothing is written', async () => {
    const host = `attacker.example:${port}`;
    for (const body of [
      INIT,
      rpc(2, 'tools/list', {}),
      rpc(3, 'tools/call', {
        name: 'record_trajectory',
        arguments: { task: 'exfiltrate', steps: episode('exfiltrate it').steps, success: true },
      }),
    ]) {
      const res = await raw(`${t.url}/mcp`, { method: 'POST', headers: { ...MCP_HEADERS, host }, body });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
    for (const method of ['GET', 'DELETE']) {
      const res = await raw(`${t.url}/mcp`, { method, headers: { ...MCP_HEADERS, host } });
      expect(res.status, method).toBe(403);
    }
    expect(await t.memp.retrieve({ namespace: 'default', task: 'exfiltrate it' })).toEqual([]);
  });

  it('a foreign Origin is refused even with a loopback Host', async () => {
    const res = await raw(`${t.url}/mcp`, {
      method: 'POST',
      headers: { ...MCP_HEADERS, origin: `http://attacker.example:${port}` },
      body: INIT,
    });
    expect(res.status).toBe(403);
  });

  it('a local MCP client (127.0.0.1 or localhost) is served', async () => {
    for (const url of [t.url, `http://localhost:${port}`]) {
      const client = await connect(url);
      expect((await client.listTools()).tools.length).toBeGreaterThan(0);
      await client.close();
    }
  });
});

describe('MCP resources/read misuse', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('a bad percent-escape in the URI → InvalidParams, not an internal "URI malformed"', async () => {
    const client = await connect(t.url, await t.key('sec', 'read'));
    try {
      for (const uri of ['memp://sec/memories/%E0%A4%A', 'memp://sec/memories/%', 'memp://sec/memories/%zz']) {
        expect(await rpcCode(client.readResource({ uri })), uri).toBe(ErrorCode.InvalidParams);
      }
      expect(await rpcCode(client.readResource({ uri: 'memp://Bad%20Ns/memories/x' }))).toBe(ErrorCode.InvalidParams);
    } finally {
      await client.close();
    }
  });

  it("a key reads its namespace's resources only; another namespace's is refused, an unknown id is not found", async () => {
    const learned = await t.memp.learn({ namespace: 'sec-b', trajectory: episode('clean the mug') });
    const id = learned.created as string;
    const other = await connect(t.url, await t.key('sec-a', 'admin'));
    const owner = await connect(t.url, await t.key('sec-b', 'read'));
    try {
      const uri = `memp://sec-b/memories/${id}`;
      expect(await rpcCode(other.readResource({ uri }))).toBe(ErrorCode.InvalidRequest);
      expect((await owner.readResource({ uri })).contents).toHaveLength(1);
      expect(await rpcCode(owner.readResource({ uri: 'memp://sec-b/memories/mem_nothing' }))).toBe(-32002);
      const listed = await other.listResources();
      expect(listed.resources.map((r) => r.uri)).not.toContain(uri);
    } finally {
      await other.close();
      await owner.close();
    }
  });
});
