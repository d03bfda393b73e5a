/**
 * The tool descriptions a model reads match the tools (issue 25): every argument a description names in backticks
 * is an argument of that tool or of a tool it names; the tools recall_procedures tells the model to pass the ids to
 * take them under the name it gives (`used`); and what the descriptions promise holds (a deprecated procedure is not
 * recalled until restored, an unknown id is NOT_FOUND).
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { createInMemoryMemoryStore } from '../../adapters/stores/in-memory/in-memory-memory-store.js';
import { createFixedClock } from '../../core/clock.js';
import { createSeededIds } from '../../core/ids.js';
import { createMemp } from '../../composition/create-memp.js';
import { ANONYMOUS_PRINCIPAL } from '../auth/principal.js';
import { episode } from '../testing/server-test-harness.js';
import { createMempMcpServer } from './create-memp-mcp-server.js';

const args = (tool: Tool | undefined) => Object.keys(tool?.inputSchema.properties ?? {});

describe('MCP tool descriptions against the tools', () => {
  const memp = createMemp({ store: createInMemoryMemoryStore(), clock: createFixedClock(), ids: createSeededIds(9) });
  let client: Client;
  let tools: Tool[];
  beforeAll(async () => {
    const server = createMempMcpServer({ memp, principal: ANONYMOUS_PRINCIPAL });
    const [serverSide, clientSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    client = new Client({ name: 'descriptions', version: '1' });
    await client.connect(clientSide);
    tools = (await client.listTools()).tools;
  });

  it('every backticked argument in a description belongs to the tool or to a tool it names', () => {
    const names = tools.map((t) => t.name);
    for (const tool of tools) {
      const text = tool.description ?? '';
      expect(text.length, tool.name).toBeGreaterThan(40);
      const named = names.filter((n) => n !== tool.name && text.includes(n));
      const known = new Set([...args(tool), ...named.flatMap((n) => args(tools.find((t) => t.name === n)))]);
      for (const [, word] of text.matchAll(/`([a-z_]+)`/g))
        expect([tool.name, word, known.has(word as string)]).toEqual([tool.name, word, true]);
    }
  });

  it('recall_procedures names the argument the follow-up tools take for the ids: `used`, in both', () => {
    const recall = tools.find((t) => t.name === 'recall_procedures');
    expect(recall?.description).toMatch(/as `used` to record_trajectory \(or\s+to report_outcome\)/);
    for (const name of ['record_trajectory', 'report_outcome']) {
      expect([name, args(tools.find((t) => t.name === name))]).toEqual([name, expect.arrayContaining(['used'])]);
    }
  });

  it('deprecate_memory: no longer recalled, recalled again once restored; get_memory: an unknown id is NOT_FOUND', async () => {
    const { created } = await memp.learn({ trajectory: episode('scrub the pan') });
    const recalled = async () =>
      (
        (await client.callTool({ name: 'recall_procedures', arguments: { task: 'scrub the pan' } }))
          .structuredContent as {
          memories: Array<{ id: string }>;
        }
      ).memories.map((m) => m.id);
    expect(await recalled()).toContain(created);
    await client.callTool({ name: 'deprecate_memory', arguments: { id: created, reason: 'wrong pan' } });
    expect(await recalled()).not.toContain(created);
    await memp.restore({ id: created as string });
    expect(await recalled()).toContain(created);
    const missing = await client.callTool({ name: 'get_memory', arguments: { id: 'mem_ghost' } });
    expect([missing.isError, (missing.structuredContent as { error: { code: string } }).error.code]).toEqual([
      true,
      'NOT_FOUND',
    ]);
  });
});
