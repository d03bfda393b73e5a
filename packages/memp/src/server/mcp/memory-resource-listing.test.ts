import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { describe, expect, it } from 'vitest';
import { createInMemoryMemoryStore } from '../../adapters/stores/in-memory/in-memory-memory-store.js';
import { createFixedClock } from '../../core/clock.js';
import { createSeededIds } from '../../core/ids.js';
import { createMemp } from '../../composition/create-memp.js';
import type { Memp } from '../../engine/create-memp.js';
import { ANONYMOUS_PRINCIPAL, type Principal } from '../auth/principal.js';
import { episode } from '../testing/server-test-harness.js';
import { createMempMcpServer } from './create-memp-mcp-server.js';
import { listMemoryResources } from './resources/list-memory-resources.js';
import { encodeMemoryResourceCursor } from './resources/memory-resource-cursor.js';

async function seed(memp: Memp, namespace: string, count: number): Promise<void> {
  const items = Array.from({ length: count }, (_, i) => ({ trajectory: episode(`${namespace} task ${i} mug`) }));
  await memp.learnBatch({ namespace, items });
}

async function connect(memp: Memp, principal: Principal): Promise<Client> {
  const server = createMempMcpServer({ memp, principal });
  const [serverSide, clientSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'memp-test', version: '1' });
  await client.connect(clientSide);
  return client;
}

/** Follows `nextCursor` to the end, as a client that wants every resource does. */
async function listAll(client: Client): Promise<{ uris: string[]; pages: number[] }> {
  const uris: string[] = [];
  const pages: number[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.listResources(cursor === undefined ? {} : { cursor });
    uris.push(...page.resources.map((r) => r.uri));
    pages.push(page.resources.length);
    cursor = page.nextCursor;
  } while (cursor !== undefined && pages.length < 100);
  return { uris, pages };
}

describe('MCP memory resources: resources/list pages through every memory', () => {
  const memp = createMemp({ store: createInMemoryMemoryStore(), clock: createFixedClock(), ids: createSeededIds(5) });
  const ready = (async () => {
    await seed(memp, 'big', 450);
    await seed(memp, 'small', 3);
  })();

  it('lists all of a namespace with more than 200 memories, across namespaces for a key valid everywhere', async () => {
    await ready;
    expect((await memp.stats({ namespace: 'big' })).memories).toBe(450);
    const client = await connect(memp, ANONYMOUS_PRINCIPAL);
    try {
      const { uris, pages } = await listAll(client);
      expect(new Set(uris).size).toBe(uris.length);
      expect(uris.filter((u) => u.startsWith('memp://big/'))).toHaveLength(450);
      expect(uris.filter((u) => u.startsWith('memp://small/'))).toHaveLength(3);
      expect(pages.length).toBeGreaterThan(1);
      const last = uris.at(-1) as string;
      const read = await client.readResource({ uri: last });
      expect(read.contents).toHaveLength(1);
    } finally {
      await client.close();
    }
  });

  it('pages a one-namespace key through its own namespace only', async () => {
    await ready;
    const client = await connect(memp, { keyId: 'k', namespace: 'big', role: 'read', trust: 'untrusted' });
    try {
      const { uris } = await listAll(client);
      expect(uris).toHaveLength(450);
      expect(new Set(uris).size).toBe(450);
      expect(uris.every((u) => u.startsWith('memp://big/'))).toBe(true);
    } finally {
      await client.close();
    }
  });

  it('refuses a cursor it did not issue', async () => {
    await ready;
    const client = await connect(memp, ANONYMOUS_PRINCIPAL);
    try {
      await expect(client.listResources({ cursor: 'not-a-cursor' })).rejects.toThrow();
    } finally {
      await client.close();
    }
  });
});

describe('listMemoryResources at page boundaries', () => {
  const memp = createMemp({ store: createInMemoryMemoryStore(), clock: createFixedClock(), ids: createSeededIds(6) });
  const ready = (async () => {
    await seed(memp, 'a', 2);
    await seed(memp, 'b', 3);
  })();
  const pagesOf = async (cursor?: string): Promise<string[][]> => {
    const page = await listMemoryResources({
      memp,
      principal: ANONYMOUS_PRINCIPAL,
      pageSize: 2,
      ...(cursor === undefined ? {} : { cursor }),
    });
    const uris = page.resources.map((r) => r.uri.replace(/\/memories\/.*/, ''));
    return page.nextCursor === undefined ? [uris] : [uris, ...(await pagesOf(page.nextCursor))];
  };

  it('fills pages across namespaces and stops without an empty last page', async () => {
    await ready;
    expect(await pagesOf()).toEqual([['memp://a', 'memp://a'], ['memp://b', 'memp://b'], ['memp://b']]);
  });

  it('resumes at the next namespace when the cursor names one that has gone', async () => {
    await ready;
    expect(await pagesOf(encodeMemoryResourceCursor({ namespace: 'aa', after: 'mem_gone' }))).toEqual([
      ['memp://b', 'memp://b'],
      ['memp://b'],
    ]);
    expect(await pagesOf(encodeMemoryResourceCursor({ namespace: 'z' }))).toEqual([[]]);
  });
});
