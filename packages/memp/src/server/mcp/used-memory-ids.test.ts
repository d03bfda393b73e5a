/**
 * One name for "the ids of the memories used" on every surface (issue 25): `used` — the library's `learn({ used })`
 * and `reportOutcome({ used })`, HTTP learn and outcomes bodies, MCP `record_trajectory` and `report_outcome`, the
 * trajectory file format. The old names stay accepted as aliases: the library's `reportOutcome({ ids })`, HTTP
 * outcomes `memoryIds`, MCP `report_outcome` `memory_ids`. Giving both the name and its alias, or neither, is
 * `INVALID_ARGUMENT` naming `used`.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMempError } from '../../core/errors.js';
import { type TestServer, episode, startTestServer } from '../testing/server-test-harness.js';

async function codeOf(work: Promise<unknown>): Promise<{ code: string | undefined; field: unknown }> {
  return work.then(
    () => ({ code: undefined, field: undefined }),
    (e: unknown) => (isMempError(e) ? { code: e.code, field: e.details.field } : { code: 'OTHER', field: undefined }),
  );
}

describe('used: the one name for the ids of the memories used', () => {
  let t: TestServer;
  let id: string;
  beforeAll(async () => {
    t = await startTestServer();
    id = (await t.memp.learn({ namespace: 'used', trajectory: episode('rinse the mug') })).created as string;
  });
  afterAll(() => t.close());

  const retrieved = async () => (await t.memp.show({ namespace: 'used', id })).memory.stats.retrieved;

  it('library: reportOutcome({ used }), the old ({ ids }) too; both or neither → INVALID_ARGUMENT naming used', async () => {
    const before = await retrieved();
    await t.memp.reportOutcome({ namespace: 'used', used: [id], success: true });
    await t.memp.reportOutcome({ namespace: 'used', ids: [id], success: true });
    expect(await retrieved()).toBe(before + 2);
    const both = { namespace: 'used', used: [id], ids: [id], success: true } as never;
    for (const request of [both, { namespace: 'used', success: true } as never, { used: [], success: true }]) {
      expect(await codeOf(t.memp.reportOutcome(request))).toEqual({ code: 'INVALID_ARGUMENT', field: 'used' });
    }
  });

  it('HTTP outcomes: `used`, the old `memoryIds` too; both or neither → 400 naming used', async () => {
    const before = await retrieved();
    const path = '/v1/namespaces/used/outcomes';
    expect((await t.call('POST', path, { json: { used: [id], success: true } })).status).toBe(200);
    expect((await t.call('POST', path, { json: { memoryIds: [id], success: true } })).status).toBe(200);
    expect(await retrieved()).toBe(before + 2);
    for (const json of [
      { used: [id], memoryIds: [id], success: true },
      { success: true },
      { used: [], success: true },
    ]) {
      const res = await t.call('POST', path, { json });
      expect([res.status, res.body.error.code, res.body.error.details.field]).toEqual([
        400,
        'INVALID_ARGUMENT',
        'used',
      ]);
    }
  });

  it('OpenAPI: the outcomes body documents `used`, with `memoryIds` marked deprecated', async () => {
    const doc = (await t.call('GET', '/openapi.json')).body;
    const body = doc.paths['/v1/namespaces/{namespace}/outcomes'].post.requestBody.content['application/json'].schema;
    const schema = body.$ref ? doc.components.schemas[body.$ref.split('/').at(-1)] : body;
    expect(Object.keys(schema.properties).sort()).toEqual(['episode', 'memoryIds', 'success', 'used']);
    expect(schema.properties.memoryIds.deprecated).toBe(true);
  });

  it('MCP: report_outcome takes `used` (as record_trajectory does), the old `memory_ids` too', async () => {
    const client = new Client({ name: 'used', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${t.url}/mcp`)));
    try {
      const tools = (await client.listTools()).tools;
      const report = tools.find((x) => x.name === 'report_outcome');
      const record = tools.find((x) => x.name === 'record_trajectory');
      expect(Object.keys(report?.inputSchema.properties ?? {})).toContain('used');
      expect(Object.keys(record?.inputSchema.properties ?? {})).toContain('used');
      const before = await retrieved();
      for (const args of [{ used: [id] }, { memory_ids: [id] }]) {
        const r = await client.callTool({
          name: 'report_outcome',
          arguments: { ...args, success: true, namespace: 'used' },
        });
        expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
      }
      expect(await retrieved()).toBe(before + 2);
      for (const args of [{ used: [id], memory_ids: [id] }, {}]) {
        const r = await client.callTool({
          name: 'report_outcome',
          arguments: { ...args, success: true, namespace: 'used' },
        });
        const error = (r.structuredContent as { error?: { code: string; details: { field: string } } }).error;
        expect([r.isError, error?.code, error?.details.field]).toEqual([true, 'INVALID_ARGUMENT', 'used']);
      }
    } finally {
      await client.close();
    }
  });
});
