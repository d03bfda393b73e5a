/**
 * `recall_procedures` as a model reads it (issue 25): the guidance once, only procedures above a minimum score,
 * `k`, `min_score` and `format` per call, and server-side defaults (`createMempMcpServer({ recall })`, `memp mcp
 * --k --min-score --format`). A real MCP client over the in-memory transport and over stdio (the built CLI).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { execFile } from 'node:child_process';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInMemoryMemoryStore } from '../../adapters/stores/in-memory/in-memory-memory-store.js';
import { createFixedClock } from '../../core/clock.js';
import { isMempError } from '../../core/errors.js';
import { createSeededIds } from '../../core/ids.js';
import { createMemp } from '../../composition/create-memp.js';
import type { Memp } from '../../engine/create-memp.js';
import { ANONYMOUS_PRINCIPAL } from '../auth/principal.js';
import { REFUND_DESK_EPISODES } from '../testing/refund-desk-episodes.js';
import { createMempMcpServer } from './create-memp-mcp-server.js';
import { DEFAULT_RECALL_MIN_SCORE, type McpRecallDefaults } from './mcp-recall-defaults.js';
import { startServeProcess } from '../testing/serve-process.js';

const UNRELATED = 'reset the customer password for the account of jane@example.com';
const RELATED = 'refund order Z1, the parcel was damaged';

type Recall = { isError: boolean; texts: string[]; data: Record<string, any> };

async function recall(client: Client, args: Record<string, unknown>): Promise<Recall> {
  const result = await client.callTool({ name: 'recall_procedures', arguments: args });
  const content = (result.content ?? []) as Array<{ type: string; text: string }>;
  return {
    isError: result.isError === true,
    texts: content.map((c) => c.text),
    data: (result.structuredContent ?? {}) as Record<string, any>,
  };
}

async function deskMemp(): Promise<Memp> {
  const memp = createMemp({ store: createInMemoryMemoryStore(), clock: createFixedClock(), ids: createSeededIds(3) });
  await memp.learnBatch({ items: REFUND_DESK_EPISODES.map((trajectory) => ({ trajectory })) });
  return memp;
}

async function connect(memp: Memp, recallDefaults?: McpRecallDefaults): Promise<Client> {
  const server = createMempMcpServer({
    memp,
    principal: ANONYMOUS_PRINCIPAL,
    ...(recallDefaults ? { recall: recallDefaults } : {}),
  });
  const [serverSide, clientSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'memp-test', version: '1' });
  await client.connect(clientSide);
  return client;
}

const count = (text: string, part: string) => text.split(part).length - 1;

describe('recall_procedures over the in-memory transport', () => {
  let memp: Memp;
  let client: Client;
  beforeAll(async () => {
    memp = await deskMemp();
    client = await connect(memp);
  });
  afterAll(() => client.close());

  it('sends the guidance once: the readable text block, and ids and scores in the JSON block', async () => {
    const r = await recall(client, { task: RELATED, k: 3, min_score: 0 });
    expect(r.isError).toBe(false);
    expect(r.data.memories).toHaveLength(3);
    const all = r.texts.join('\n');
    expect(count(all, '<procedural_memory>')).toBe(1);
    expect(count(all, 'lookup_order')).toBe(count(r.texts[0] as string, 'lookup_order'));
    const json = JSON.parse(r.texts[1] as string);
    expect(json.guidance).toBeUndefined();
    expect(json.memories.map((m: { id: string }) => m.id)).toEqual(r.data.memories.map((m: { id: string }) => m.id));
    // Structured content (for clients that read it instead of the text) still carries everything.
    expect(r.data.guidance).toBe(r.texts[0]);
  });

  it('an unrelated task gets no procedure with the default min_score; a related one gets its procedures', async () => {
    const unrelated = await recall(client, { task: UNRELATED });
    expect(unrelated.data.memories).toEqual([]);
    expect(unrelated.texts[0]).not.toContain('<procedural_memory>');
    const related = await recall(client, { task: RELATED });
    expect(related.data.memories.length).toBeGreaterThan(0);
    expect(related.data.memories[0].task).toContain('A17');
    for (const m of related.data.memories) expect(m.score).toBeGreaterThanOrEqual(DEFAULT_RECALL_MIN_SCORE);
    // What the offline embedder scores the unrelated task against the desk's procedures: all under the default.
    const scores = (await memp.retrieve({ task: UNRELATED, k: 3 })).map((x) => x.score);
    expect(scores).toHaveLength(3);
    for (const s of scores) expect(s).toBeLessThan(DEFAULT_RECALL_MIN_SCORE);
  });

  it('min_score and k per call: min_score 0 brings back the weak matches, k caps them', async () => {
    const weak = await recall(client, { task: UNRELATED, min_score: 0 });
    expect(weak.data.memories.length).toBeGreaterThan(0);
    const one = await recall(client, { task: RELATED, k: 1, min_score: 0 });
    expect(one.data.memories).toHaveLength(1);
    const strict = await recall(client, { task: RELATED, min_score: 0.99 });
    expect(strict.data.memories).toEqual([]);
  });

  it('format: Markdown by default (tool-call JSON readable), memp on demand (the paper format, JSON-escaped)', async () => {
    const markdown = await recall(client, { task: RELATED, k: 1 });
    expect(markdown.texts[0]).toContain('lookup_order({"id":"A17"})');
    expect(markdown.texts[0]).toContain('### Memory 1');
    const paper = await recall(client, { task: RELATED, k: 1, format: 'memp' });
    expect(paper.texts[0]).toContain('Here are some guidelines');
    expect(paper.texts[0]).toContain('lookup_order({\\"id\\":\\"A17\\"})');
  });

  it('refuses arguments out of range or of the wrong type', async () => {
    for (const args of [{ k: 0 }, { k: 21 }, { min_score: 'high' }, { min_score: 2 }, { format: 'html' }]) {
      const r = await recall(client, { task: RELATED, ...args });
      expect(r.isError, JSON.stringify(args)).toBe(true);
    }
  });

  it("lists the arguments and the server's defaults in the tool's schema and description", async () => {
    const tool = (await client.listTools()).tools.find((t) => t.name === 'recall_procedures');
    expect(Object.keys(tool?.inputSchema.properties ?? {}).sort()).toEqual([
      'explain',
      'format',
      'k',
      'lessons',
      'min_score',
      'namespace',
      'policy',
      'rank',
      'task',
    ]);
    expect(tool?.description).toContain(String(DEFAULT_RECALL_MIN_SCORE));
  });
});

describe('recall_procedures: server-side defaults', () => {
  it('createMempMcpServer({ recall }) sets the defaults a call does not give', async () => {
    const client = await connect(await deskMemp(), { k: 1, minScore: 0, format: 'memp' });
    try {
      const r = await recall(client, { task: UNRELATED });
      expect(r.data.memories).toHaveLength(1);
      expect(r.texts[0]).toContain('Here are some guidelines');
      const tool = (await client.listTools()).tools.find((t) => t.name === 'recall_procedures');
      expect(tool?.description).toContain('k 1, min_score 0, format memp');
      const properties = (tool?.inputSchema.properties ?? {}) as Record<string, { description: string }>;
      expect(properties.k?.description).toContain('default 1');
    } finally {
      await client.close();
    }
  });

  it('refuses invalid defaults with INVALID_ARGUMENT naming the field', async () => {
    const memp = await deskMemp();
    for (const [recallDefaults, field] of [
      [{ k: 0 }, 'k'],
      [{ k: 1.5 }, 'k'],
      [{ minScore: Number.NaN }, 'minScore'],
      [{ format: 'html' }, 'format'],
    ] as const) {
      let error: unknown;
      try {
        createMempMcpServer({ memp, principal: ANONYMOUS_PRINCIPAL, recall: recallDefaults as McpRecallDefaults });
      } catch (e) {
        error = e;
      }
      expect(isMempError(error, 'INVALID_ARGUMENT'), JSON.stringify(recallDefaults)).toBe(true);
      expect((error as { details: { field: string } }).details.field).toBe(field);
    }
  });
});

describe('memp mcp --k --min-score --format (stdio, spawned from dist)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'memp-recall-'));
  const cli = resolve('dist/cli/main.js');
  const run = promisify(execFile);
  beforeAll(async () => {
    if (!existsSync(cli)) throw new Error('dist is missing: run `npm run build` first (npm test does)');
    const file = join(dir, 'desk.jsonl');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, REFUND_DESK_EPISODES.map((e) => JSON.stringify(e)).join('\n'));
    await run(process.execPath, [cli, '--db', join(dir, 'desk.db'), 'learn', file]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const spawnMcp = async (extra: string[]) => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [cli, '--db', join(dir, 'desk.db'), 'mcp', ...extra],
      stderr: 'pipe',
    });
    const client = new Client({ name: 'memp-test', version: '1' });
    await client.connect(transport);
    return client;
  };

  it('uses the default min score without flags, and the flags when given', async () => {
    const plain = await spawnMcp([]);
    try {
      expect((await recall(plain, { task: UNRELATED })).data.memories).toEqual([]);
    } finally {
      await plain.close();
    }
    const tuned = await spawnMcp(['--k', '2', '--min-score', '0', '--format', 'memp']);
    try {
      const r = await recall(tuned, { task: UNRELATED });
      expect(r.data.memories).toHaveLength(2);
      expect(r.texts[0]).toContain('Here are some guidelines');
    } finally {
      await tuned.close();
    }
  });

  it('refuses a bad flag value with exit code 2, on memp mcp and memp serve', async () => {
    for (const [command, ...flags] of [
      ['mcp', '--k', '0'],
      ['mcp', '--min-score', 'high'],
      ['mcp', '--format', 'html'],
      ['serve', '--min-score', ''],
    ] as const) {
      const code = await run(process.execPath, [cli, '--db', join(dir, 'desk.db'), command, ...flags]).then(
        () => 0,
        (e: { code: number }) => e.code,
      );
      expect(code, `${command} ${flags.join(' ')}`).toBe(2);
    }
  });

  it('memp serve --k --min-score --format sets the defaults of recall_procedures at /mcp', async () => {
    const { child, url } = await startServeProcess({
      cli,
      args: ['--db', join(dir, 'desk.db'), 'serve', '--port', '0', '--k', '1', '--min-score', '0', '--format', 'memp'],
    });
    try {
      const client = new Client({ name: 'memp-test', version: '1' });
      await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp`)));
      try {
        const r = await recall(client, { task: UNRELATED });
        expect(r.data.memories).toHaveLength(1);
        expect(r.texts[0]).toContain('Here are some guidelines');
      } finally {
        await client.close();
      }
    } finally {
      child.kill('SIGTERM');
    }
  });
});
