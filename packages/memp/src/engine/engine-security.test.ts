/**
 * Security and misuse tests of the library surface (issue 22): forged import vectors, one set of size limits on
 * every way input enters the engine (learn, edit, import, retrieve; reached from HTTP, MCP and the CLI too), empty
 * trajectories, and the backoff of conflict retries. Runs alone: `npx vitest run src/engine/engine-security.test.ts`
 * (the CLI case spawns the built CLI: `npm run build -w memp` first).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterAll, describe, expect, it } from 'vitest';
import { createInMemoryApiKeyStore } from '../adapters/stores/in-memory/in-memory-api-key-store.js';
import { createInMemoryMemoryStore } from '../adapters/stores/in-memory/in-memory-memory-store.js';
import { createMemp } from '../composition/create-memp.js';
import { createFixedClock } from '../core/clock.js';
import { MempError, isMempError } from '../core/errors.js';
import { createSeededIds } from '../core/ids.js';
import type { MemoryStore } from '../ports/memory-store.js';
import { ANONYMOUS_PRINCIPAL } from '../server/auth/principal.js';
import { createMempHttpApp } from '../server/http/create-memp-http-app.js';
import { createMempMcpServer } from '../server/mcp/create-memp-mcp-server.js';
import type { MempOptions } from './memp-options.js';

const dir = mkdtempSync(join(tmpdir(), 'memp-engine-security-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function engine(options: MempOptions = {}) {
  return createMemp({
    store: createInMemoryMemoryStore(),
    clock: createFixedClock(),
    ids: createSeededIds(22),
    ...options,
  });
}

const episode = (task: string, id?: string) => ({
  ...(id === undefined ? {} : { id }),
  task,
  steps: [
    { action: 'open the watering can', observation: 'The can is full.' },
    { action: 'pour water on the cactus', observation: 'The soil is wet.' },
  ],
  outcome: { success: true },
});

/** The error `promise` rejects with, as its code and details (`[value, {}]` when it resolves). */
async function failure(promise: Promise<unknown>): Promise<[unknown, Record<string, unknown>]> {
  const error = await promise.then(
    (value) => value,
    (e: unknown) => e,
  );
  return isMempError(error) ? [error.code, error.details] : [error, {}];
}

/** An export of one memory learned from `task` (with embeddings), as lines, and the exporting engine. */
async function exportOf(task: string, options: MempOptions = {}) {
  const source = engine(options);
  await source.learn({ trajectory: episode(task, 't1') });
  const lines: string[] = [];
  await source.exportTo({ embeddings: true, write: (line) => void lines.push(line) });
  return { lines, source };
}

type MemoryLine = {
  memory: Record<string, unknown> & { id: string; keywords: string[] };
  vectors: { task: number[]; keywords: number[][] };
  revisions: unknown[];
};

/** `lines` with the memory line (line 2) changed by `edit`. */
function withMemoryLine(lines: string[], edit: (line: MemoryLine) => void): string[] {
  return lines.map((line, i) => {
    if (i !== 1) return line;
    const value = JSON.parse(line) as MemoryLine;
    edit(value);
    return JSON.stringify(value);
  });
}

describe('forged import vectors (issue 22, item 4)', () => {
  const attack = 'deploy the api service to staging';

  it('refuses a memory whose task vector is the embedding of another text, naming the line and field', async () => {
    const { lines, source } = await exportOf('water the cactus');
    const [forged] = await source.embedder.embed([attack]);
    const tampered = withMemoryLine(lines, (line) => {
      line.vectors.task = Array.from(forged as Float32Array);
    });
    const target = engine();
    expect(await failure(target.importFrom({ lines: tampered }))).toEqual([
      'INVALID_ARGUMENT',
      expect.objectContaining({ line: 2, field: 'vectors.task' }),
    ]);
    expect((await target.stats()).memories).toBe(0);
    expect(await target.retrieve({ task: attack })).toEqual([]);
  });

  it('refuses a forged keyword vector', async () => {
    const { lines, source } = await exportOf('water the cactus');
    const [forged] = await source.embedder.embed([attack]);
    const tampered = withMemoryLine(lines, (line) => {
      line.vectors.keywords[0] = Array.from(forged as Float32Array);
    });
    expect(await failure(engine().importFrom({ lines: tampered }))).toEqual([
      'INVALID_ARGUMENT',
      expect.objectContaining({ line: 2, field: 'vectors.keywords.0' }),
    ]);
  });

  it('refuses zero and non-finite vectors, naming the line and field', async () => {
    const { lines } = await exportOf('water the cactus');
    const zero = withMemoryLine(lines, (line) => {
      line.vectors.task = line.vectors.task.map(() => 0);
    });
    expect(await failure(engine().importFrom({ lines: zero }))).toEqual([
      'INVALID_ARGUMENT',
      expect.objectContaining({ line: 2, field: 'vectors.task' }),
    ]);
    const overflow = withMemoryLine(lines, (line) => {
      line.vectors.task[0] = 1e39; // finite in JSON, infinite as float32
    });
    expect(await failure(engine().importFrom({ lines: overflow }))).toEqual([
      'INVALID_ARGUMENT',
      expect.objectContaining({ line: 2, field: 'vectors.task' }),
    ]);
    const infinite = [
      lines[0] as string,
      (lines[1] as string).replace(/"task":\[[^,\]]+/, '"task":[1e400'),
      ...lines.slice(2),
    ];
    const [code, details] = await failure(engine().importFrom({ lines: infinite }));
    expect(code).toBe('INVALID_ARGUMENT');
    expect(details).toMatchObject({ line: 2 });
    expect(String(details.field)).toMatch(/^vectors\.task/);
  });

  it('still imports an honest export with its vectors, and one whose text embeds to the zero vector', async () => {
    for (const task of ['water the cactus', '?!']) {
      const { lines, source } = await exportOf(task);
      const target = engine();
      const result = await target.importFrom({ lines });
      expect(result).toMatchObject({ imported: 1, reembedded: false });
      const query = 'water the cactus';
      const scores = async (memp: typeof target) => (await memp.retrieve({ task: query })).map((r) => r.score);
      expect(await scores(target)).toEqual(await scores(source));
    }
  });
});

describe('one set of size limits on every way in (issue 22, item 5)', () => {
  const big = (bytes: number) => 'x'.repeat(bytes);

  it('caps the task of retrieve like learn’s (PAYLOAD_TOO_LARGE naming the field and the limit)', async () => {
    const memp = engine();
    await memp.learn({ trajectory: episode('water the cactus') });
    expect(await failure(memp.retrieve({ task: big(6 * 1024 * 1024) }))).toEqual([
      'PAYLOAD_TOO_LARGE',
      expect.objectContaining({ field: 'task', limit: 'maxTaskBytes', max: 8 * 1024 }),
    ]);
    const small = engine({ limits: { maxTaskBytes: 10 } });
    expect((await failure(small.retrieve({ task: 'water the cactus' })))[0]).toBe('PAYLOAD_TOO_LARGE');
  });

  it('caps a trajectory in total, its id and the ids it says it used', async () => {
    const memp = engine();
    const steps = Array.from({ length: 20 }, (_, i) => ({ action: `step ${i}`, observation: big(60 * 1024) }));
    const trajectory = { task: 'water the cactus', steps, outcome: { success: true } };
    expect(await failure(memp.learn({ trajectory }))).toEqual([
      'PAYLOAD_TOO_LARGE',
      expect.objectContaining({ field: '(total)', limit: 'maxTotalBytes' }),
    ]);
    expect(await failure(memp.learn({ trajectory: episode('water the cactus', big(1024 * 1024)) }))).toEqual([
      'PAYLOAD_TOO_LARGE',
      expect.objectContaining({ field: 'id', limit: 'maxIdBytes' }),
    ]);
    expect(await failure(memp.learn({ trajectory: episode('water the cactus'), used: [big(1024 * 1024)] }))).toEqual([
      'PAYLOAD_TOO_LARGE',
      expect.objectContaining({ field: 'used.0', limit: 'maxIdBytes' }),
    ]);
    expect((await memp.stats()).trajectories).toBe(0);
  });

  it('applies the limits to edits: task, steps, keywords, note and the memory in total', async () => {
    const memp = engine({ limits: { maxTotalBytes: 64 * 1024 } });
    const { created } = await memp.learn({ trajectory: episode('water the cactus') });
    const id = created as string;
    const edit = (content: unknown, note?: string) =>
      failure(memp.edit({ id, expectedVersion: 1, content, ...(note === undefined ? {} : { note }) }));
    expect(await edit({ task: big(100 * 1024) })).toEqual([
      'PAYLOAD_TOO_LARGE',
      expect.objectContaining({ field: 'task' }),
    ]);
    expect(await edit({ steps: Array.from({ length: 2001 }, () => ({ action: 'look' })) })).toEqual([
      'PAYLOAD_TOO_LARGE',
      expect.objectContaining({ field: 'steps', limit: 'maxSteps' }),
    ]);
    expect(await edit({ keywords: [big(9 * 1024)] })).toEqual([
      'PAYLOAD_TOO_LARGE',
      expect.objectContaining({ field: 'keywords.0' }),
    ]);
    expect(await edit({ script: big(65 * 1024) })).toEqual([
      'PAYLOAD_TOO_LARGE',
      expect.objectContaining({ field: '(total)', limit: 'maxTotalBytes' }),
    ]);
    expect(await edit({ script: 'water it' }, big(1024 * 1024))).toEqual([
      'PAYLOAD_TOO_LARGE',
      expect.objectContaining({ field: 'note', limit: 'maxNoteBytes' }),
    ]);
    expect((await memp.show({ id })).memory.version).toBe(1);
  });

  it('applies the limits to every import line, naming the line; a refused import writes nothing', async () => {
    const { lines } = await exportOf('water the cactus');
    const cases: Array<[(line: MemoryLine) => void, string]> = [
      [(l) => void (l.memory.task = big(1024 * 1024)), 'task'],
      [(l) => void (l.memory.steps = Array.from({ length: 100_000 }, () => ({ action: 'look' }))), 'steps'],
      [(l) => void (l.memory.id = big(1024 * 1024)), 'id'],
      [(l) => void (l.memory.script = big(2 * 1024 * 1024)), '(total)'],
    ];
    for (const [edit, field] of cases) {
      const target = engine();
      expect(await failure(target.importFrom({ lines: withMemoryLine(lines, edit) }))).toEqual([
        'PAYLOAD_TOO_LARGE',
        expect.objectContaining({ line: 2, field }),
      ]);
      expect((await target.stats()).memories).toBe(0);
    }
    const trajectoryLine = lines.findIndex((l) => l.includes('"type":"trajectory"'));
    const huge = lines.map((line, i) => {
      if (i !== trajectoryLine) return line;
      const value = JSON.parse(line) as { trajectory: { steps: Array<{ observation?: string }> } };
      (value.trajectory.steps[0] as { observation?: string }).observation = big(300 * 1024);
      return JSON.stringify(value);
    });
    expect(await failure(engine().importFrom({ lines: huge }))).toEqual([
      'PAYLOAD_TOO_LARGE',
      expect.objectContaining({ line: trajectoryLine + 1, field: 'steps.0.observation' }),
    ]);
  });

  it('reaches HTTP: retrieve, PATCH and import over the limits answer 413', async () => {
    const memp = engine();
    const { created } = await memp.learn({ trajectory: episode('water the cactus') });
    const app = createMempHttpApp({ memp, keys: createInMemoryApiKeyStore(), logger: () => undefined });
    const json = (method: string, body: unknown, headers: Record<string, string> = {}) => ({
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    const base = '/v1/namespaces/default';
    const retrieve = await app.request(`${base}/retrieve`, json('POST', { task: big(6 * 1024 * 1024) }));
    expect(retrieve.status).toBe(413);
    const patch = await app.request(
      `${base}/memories/${created}`,
      json('PATCH', { task: big(100 * 1024) }, { 'if-match': '"1"' }),
    );
    expect(patch.status).toBe(413);
    const { lines } = await exportOf('water the cactus');
    const body = withMemoryLine(lines, (l) => void (l.memory.task = big(1024 * 1024))).join('\n');
    const imported = await app.request(`/v1/namespaces/other/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body,
    });
    expect(imported.status).toBe(413);
    expect(await memp.namespaces()).toEqual(['default']);
  });

  it('reaches MCP: recall_procedures with an oversized task is a PAYLOAD_TOO_LARGE tool error', async () => {
    const server = createMempMcpServer({ memp: engine(), principal: ANONYMOUS_PRINCIPAL });
    const [serverSide, clientSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: 'memp-security-test', version: '1' });
    await client.connect(clientSide);
    const result = await client.callTool({ name: 'recall_procedures', arguments: { task: big(64 * 1024) } });
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
    await client.close();
  });
});

describe('empty trajectories (issue 22, item 6)', () => {
  const empty = { task: 'water the cactus', steps: [], outcome: { success: true } };

  it('refuses steps: [] in learn and learnBatch (INVALID_ARGUMENT, field steps), writing nothing', async () => {
    const memp = engine();
    expect(await failure(memp.learn({ trajectory: empty }))).toEqual([
      'INVALID_ARGUMENT',
      expect.objectContaining({ field: 'steps' }),
    ]);
    expect(
      await failure(memp.learnBatch({ items: [{ trajectory: episode('water the cactus') }, { trajectory: empty }] })),
    ).toEqual(['INVALID_ARGUMENT', expect.objectContaining({ field: 'steps' })]);
    expect(await memp.stats()).toMatchObject({ memories: 0, trajectories: 0 });
  });

  it('refuses it over HTTP (400 INVALID_ARGUMENT, field steps), MCP (tool error) and the CLI (exit 2)', async () => {
    const memp = engine();
    const app = createMempHttpApp({ memp, keys: createInMemoryApiKeyStore(), logger: () => undefined });
    const res = await app.request('/v1/namespaces/default/learn', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ trajectory: empty }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: { code: 'INVALID_ARGUMENT', details: { field: 'trajectory.steps' } },
    });

    const server = createMempMcpServer({ memp, principal: ANONYMOUS_PRINCIPAL });
    const [serverSide, clientSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: 'memp-security-test', version: '1' });
    await client.connect(clientSide);
    const tool = await client
      .callTool({ name: 'record_trajectory', arguments: { task: 'water the cactus', steps: [], success: true } })
      .then(
        (r) => r.isError === true,
        () => true,
      );
    expect(tool).toBe(true);
    await client.close();
    expect((await memp.stats()).memories).toBe(0);

    const file = join(dir, 'empty.json');
    writeFileSync(file, JSON.stringify(empty));
    const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
    const run = spawnSync(process.execPath, [cli, '--db', join(dir, 'cli.db'), 'learn', file], { encoding: 'utf8' });
    expect(run.status).toBe(2);
  });
});

describe('conflict retries back off (issue 22, item 6)', () => {
  /** An in-memory store whose `apply` fails with a concurrent-writer CONFLICT `times` times. */
  function conflictingStore(times: number): MemoryStore & { conflicts: number } {
    const store = createInMemoryMemoryStore();
    const wrapped = Object.create(store) as MemoryStore & { conflicts: number };
    wrapped.conflicts = 0;
    wrapped.apply = async (change) => {
      if (wrapped.conflicts < times) {
        wrapped.conflicts += 1;
        throw new MempError('CONFLICT', 'a concurrent writer changed the memory');
      }
      return store.apply(change);
    };
    return wrapped;
  }

  it('waits a jittered, growing delay between attempts (injected sleep and random), then succeeds', async () => {
    const delays: number[] = [];
    const store = conflictingStore(4);
    const memp = engine({
      store,
      conflictRetry: {
        sleep: async (ms) => void delays.push(ms),
        random: () => 0.5,
        baseDelayMs: 10,
        maxDelayMs: 1000,
      },
    });
    const result = await memp.learn({ trajectory: episode('water the cactus') });
    expect(result.created).toBeDefined();
    expect(store.conflicts).toBe(4);
    expect(delays).toEqual([5, 10, 20, 40]);
  });

  it('caps each delay, jitters with the random source, and fails with CONFLICT after the last attempt', async () => {
    const delays: number[] = [];
    const draws = [0, 0.25, 0.75, 0.5, 0.5, 0.5, 0.5];
    const memp = engine({
      store: conflictingStore(100),
      conflictRetry: {
        attempts: 6,
        baseDelayMs: 100,
        maxDelayMs: 300,
        sleep: async (ms) => void delays.push(ms),
        random: () => draws.shift() ?? 0.5,
      },
    });
    expect((await failure(memp.learn({ trajectory: episode('water the cactus') })))[0]).toBe('CONFLICT');
    expect(delays).toEqual([0, 50, 225, 150, 150]);
  });

  it('refuses bad retry settings (INVALID_ARGUMENT naming the field)', () => {
    expect(() => engine({ conflictRetry: { attempts: 0 } })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT', details: { field: 'conflictRetry.attempts' } }),
    );
  });
});
