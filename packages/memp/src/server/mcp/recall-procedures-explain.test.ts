/**
 * `recall_procedures` with `explain` (issue 26): per procedure, in the JSON block, its vector and full-text ranks,
 * what each added to the fused score and the terms that matched — and nothing of it in the guidance text. A real MCP
 * client over the in-memory transport, against a memp with an in-memory store.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInMemoryMemoryStore } from '../../adapters/stores/in-memory/in-memory-memory-store.js';
import { createFixedClock } from '../../core/clock.js';
import { createSeededIds } from '../../core/ids.js';
import { createMemp } from '../../composition/create-memp.js';
import { ANONYMOUS_PRINCIPAL } from '../auth/principal.js';
import { REFUND_DESK_EPISODES } from '../testing/refund-desk-episodes.js';
import { createMempMcpServer } from './create-memp-mcp-server.js';

type Hit = { id: string; score: number; task: string; key?: string; explain?: Record<string, any> };

async function recall(client: Client, args: Record<string, unknown>) {
  const result = await client.callTool({ name: 'recall_procedures', arguments: args });
  const content = (result.content ?? []) as Array<{ type: string; text: string }>;
  const data = (result.structuredContent ?? {}) as { memories?: Hit[]; guidance?: string };
  return { isError: result.isError === true, texts: content.map((c) => c.text), data };
}

describe('recall_procedures explain over a real MCP client', () => {
  let client: Client;
  beforeAll(async () => {
    const memp = createMemp({ store: createInMemoryMemoryStore(), clock: createFixedClock(), ids: createSeededIds(5) });
    await memp.learnBatch({ items: REFUND_DESK_EPISODES.map((trajectory) => ({ trajectory })) });
    const server = createMempMcpServer({ memp, principal: ANONYMOUS_PRINCIPAL });
    const [serverSide, clientSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    client = new Client({ name: 'memp-explain-test', version: '1' });
    await client.connect(clientSide);
  });
  afterAll(() => client.close());

  it('hybrid + explain: vector and lexical parts that sum to the score, and the matched terms', async () => {
    const r = await recall(client, {
      task: 'refund the damaged parcel of order A17',
      policy: 'hybrid',
      explain: true,
      min_score: 0,
    });
    expect(r.isError).toBe(false);
    const hits = r.data.memories ?? [];
    expect(hits.length).toBeGreaterThan(0);
    const first = hits[0] as Hit;
    expect(first.task).toContain('A17');
    expect(first.key).toBe('hybrid');
    const e = first.explain as Record<string, any>;
    expect(e.vector.rank).toBe(1);
    expect(e.lexical.rank).toBe(1);
    expect(e.lexical.matched).toEqual(expect.arrayContaining(['refund', 'damag', 'parcel', 'a17']));
    expect(e.contributions.vector + e.contributions.lexical).toBeCloseTo(first.score, 10);
    for (const h of hits) expect(h.explain?.contributions).toBeDefined();
    // The JSON text block carries the same explanation; the guidance the model follows does not.
    const json = JSON.parse(r.texts[1] as string);
    expect(json.memories[0].explain).toEqual(e);
    expect(r.texts[0]).not.toContain('matched');
    expect(r.texts[0]).not.toContain('contributions');
  });

  it('without explain the JSON block is as before: no key, no explanation', async () => {
    const r = await recall(client, { task: 'refund the damaged parcel of order A17', policy: 'hybrid', min_score: 0 });
    expect(r.data.memories?.length).toBeGreaterThan(0);
    for (const h of r.data.memories ?? []) {
      expect(h.explain).toBeUndefined();
      expect(h.key).toBeUndefined();
    }
  });

  it("explain on the server's default policy (Key=Query): the vector rank and cosine, no lexical part", async () => {
    const r = await recall(client, { task: 'refund the damaged parcel of order A17', explain: true, min_score: 0 });
    const first = (r.data.memories ?? [])[0] as Hit;
    expect(first.key).toBe('query');
    expect(first.explain?.vector).toEqual({ rank: 1, score: first.score });
    expect(first.explain?.lexical).toBeUndefined();
  });

  it('refuses a policy it does not know and a non-boolean explain, naming the argument', async () => {
    const badPolicy = await recall(client, { task: 'refund order A17', policy: 'bm25' });
    expect(badPolicy.isError).toBe(true);
    expect(badPolicy.texts.join(' ')).toMatch(/policy/);
    const badExplain = await recall(client, { task: 'refund order A17', explain: 'yes' });
    expect(badExplain.isError).toBe(true);
    expect(badExplain.texts.join(' ')).toMatch(/explain/);
  });
});
