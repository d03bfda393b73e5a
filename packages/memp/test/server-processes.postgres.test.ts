import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresMemoryStore } from '../src/adapters/stores/postgres/postgres-memory-store.js';
import { generateSyntheticTrajectories } from '../src/bench/synthetic-trajectories.js';
import { CLI } from './cli-helpers.js';
import type { TestDatabase } from './postgres/postgres-test-database.js';
import { createTestDatabase } from './postgres/postgres-test-database.js';

/** A `memp serve` child process and its base URL. */
interface Server {
  child: ChildProcess;
  url: string;
}

/** Spawns the built CLI's `memp serve` on `url`'s database (loopback, no keys) and waits until it listens. */
async function startServe(databaseUrl: string): Promise<Server> {
  const child = spawn(process.execPath, [CLI, '--database-url', databaseUrl, 'serve', '--port', '0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  const url = await new Promise<string>((resolveUrl, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      if (err.length < 200_000) err += chunk.toString();
      const match = /"msg":"listening","url":"([^"]+)"/.exec(err);
      if (match) resolveUrl(match[1] as string);
    });
    child.once('exit', (code) => reject(new Error(`memp serve exited ${code}: ${err.slice(0, 2000)}`)));
  });
  return { child, url };
}

async function stop(server: Server | undefined): Promise<void> {
  if (!server || server.child.exitCode !== null) return;
  const exited = new Promise((r) => server.child.once('exit', r));
  server.child.kill('SIGTERM');
  await exited;
}

interface Reply {
  status: number;
  body: unknown;
}

async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const res = await fetch(`${base}/v1/namespaces/shared${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // keep the text: it is reported by the failing assertion
  }
  return { status: res.status, body: parsed };
}

function errorCode(reply: Reply): string | undefined {
  return (reply.body as { error?: { code?: string } } | undefined)?.error?.code;
}

/** One acknowledged (HTTP 200) or refused learn. */
interface LearnRecord {
  server: number;
  trajectoryId: string;
  used: string[];
  success: boolean;
  status: number;
  code?: string;
  result?: { trajectoryId: string; created?: string; adjusted: string[]; deprecated: string[] };
}

/** One acknowledged or refused outcome report. */
interface OutcomeRecord {
  ids: string[];
  success: boolean;
  status: number;
  deprecated: string[];
}

let db: TestDatabase;
const servers: Server[] = [];
beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error('dist is missing: run `npm run build` before these tests (npm test does)');
  db = await createTestDatabase('server_processes');
  servers.push(await startServe(db.url), await startServe(db.url));
}, 120_000);
afterAll(async () => {
  await Promise.all(servers.map((s) => stop(s)));
  await db?.drop();
});

describe('two `memp serve` processes on one PostgreSQL database', () => {
  it('concurrent learners over HTTP on both servers lose no update to the memories they share', async () => {
    const [a] = servers as [Server, Server];
    const seed = generateSyntheticTrajectories({ count: 4, seed: 11, prefix: 'seed' }).map((t) => ({
      trajectory: { ...t, outcome: { success: true } },
    }));
    const seeded = await call(a.url, 'POST', '/learn/batch', { items: seed });
    expect(seeded.status).toBe(200);
    const shared = (seeded.body as { results: Array<{ created?: string }> }).results.map((r) => r.created as string);
    expect(shared.every((id) => typeof id === 'string')).toBe(true);
    // Both servers see the seeded memories (one database, no per-process state).
    for (const server of servers) {
      expect((await call(server.url, 'GET', `/memories/${shared[0]}`)).status).toBe(200);
    }

    // Each shared memory first gets 6 successful outcome reports (3 through each server), so that the failures
    // below correct (adjust) the memories instead of deprecating them at once.
    const outcomes: OutcomeRecord[] = [];
    for (let i = 0; i < 6 * shared.length; i++) {
      const ids = [shared[i % shared.length] as string];
      const reply = await call(servers[i % 2]?.url ?? '', 'POST', '/outcomes', { memoryIds: ids, success: true });
      expect(reply.status).toBe(200);
      outcomes.push({
        ids,
        success: true,
        status: reply.status,
        deprecated: (reply.body as { deprecated: string[] }).deprecated,
      });
    }

    // 8 learners (4 per server) each send 24 episodes that use 1–2 of the 4 shared memories, every third one
    // failing, so that every episode increments hit counts on the same rows and the failures also correct (adjust)
    // them — version-guarded writes racing between the two processes. 2 reporters add outcome reports.
    const episodes = generateSyntheticTrajectories({ count: 8 * 24, seed: 12, prefix: 'live' });
    const learns: LearnRecord[] = [];
    const learner = async (index: number): Promise<void> => {
      const server = index % 2;
      for (let i = 0; i < 24; i++) {
        const episode = episodes[index * 24 + i] as (typeof episodes)[number];
        const success = (i + index) % 3 !== 2;
        const first = (index + i) % 4;
        const used =
          i % 4 === 0 ? [shared[first] as string, shared[(first + 1) % 4] as string] : [shared[first] as string];
        const reply = await call(servers[server]?.url ?? '', 'POST', '/learn', {
          trajectory: { ...episode, outcome: { success } },
          used,
        });
        const record: LearnRecord = { server, trajectoryId: episode.id as string, used, success, status: reply.status };
        if (reply.status === 200) record.result = reply.body as NonNullable<LearnRecord['result']>;
        else record.code = errorCode(reply) ?? `body ${JSON.stringify(reply.body).slice(0, 200)}`;
        learns.push(record);
      }
    };
    const reporter = async (index: number): Promise<void> => {
      for (let i = 0; i < 20; i++) {
        const ids = [shared[(i + index) % 4] as string];
        const success = i % 4 !== 3;
        const reply = await call(servers[index % 2]?.url ?? '', 'POST', '/outcomes', { memoryIds: ids, success });
        outcomes.push({
          ids,
          success,
          status: reply.status,
          deprecated: reply.status === 200 ? (reply.body as { deprecated: string[] }).deprecated : [],
        });
      }
    };
    await Promise.all([...Array.from({ length: 8 }, (_, i) => learner(i)), reporter(0), reporter(1)]);

    // Every refusal is a CONFLICT (retries exhausted under contention), never a 5xx or another error.
    expect(learns.filter((l) => l.status !== 200 && !(l.status === 409 && l.code === 'CONFLICT'))).toEqual([]);
    expect(outcomes.filter((o) => o.status !== 200 && o.status !== 409)).toEqual([]);
    const acknowledged = learns.filter((l) => l.status === 200);
    // Most episodes are acknowledged, on both servers, so the counts below test real concurrent traffic.
    expect(acknowledged.length).toBeGreaterThanOrEqual(learns.length * 0.75);
    expect(acknowledged.filter((l) => l.server === 0).length).toBeGreaterThan(0);
    expect(acknowledged.filter((l) => l.server === 1).length).toBeGreaterThan(0);
    const adjustments = acknowledged.reduce((n, l) => n + (l.result?.adjusted.length ?? 0), 0);
    expect(adjustments).toBeGreaterThan(0);

    const store = await createPostgresMemoryStore({ connectionString: db.url });
    try {
      const namespace = 'shared';
      // Every acknowledged learn's trajectory is stored, and a success's new memory was built from it; a refused
      // learn left nothing behind (all or nothing).
      for (const l of learns) {
        const stored = await store.trajectory({ namespace, id: l.trajectoryId });
        expect({ id: l.trajectoryId, stored: stored !== undefined }).toEqual({
          id: l.trajectoryId,
          stored: l.status === 200,
        });
      }
      const createdIds = acknowledged.map((l) => l.result?.created).filter((id): id is string => id !== undefined);
      expect(createdIds).toHaveLength(acknowledged.filter((l) => l.success).length);
      const created = new Map((await store.get({ namespace, ids: createdIds })).map((m) => [m.id, m]));
      for (const l of acknowledged.filter((x) => x.result?.created !== undefined)) {
        expect(created.get(l.result?.created as string)?.provenance.from).toEqual([l.trajectoryId]);
      }
      const stats = await store.stats({ namespace });
      expect(stats.trajectories).toBe(seed.length + acknowledged.length);
      expect(stats.memories).toBe(shared.length + createdIds.length);

      // Hit counts on the shared memories add up exactly to the acknowledged uses (learns + outcome reports), and
      // every acknowledged correction or deprecation is one version step with one revision.
      const okOutcomes = outcomes.filter((o) => o.status === 200);
      for (const memory of await store.get({ namespace, ids: shared })) {
        const uses = [
          ...acknowledged.filter((l) => l.used.includes(memory.id)).map((l) => l.success),
          ...okOutcomes.filter((o) => o.ids.includes(memory.id)).map((o) => o.success),
        ];
        expect({ id: memory.id, ...memory.stats, lastUsedAt: undefined }).toEqual({
          id: memory.id,
          retrieved: uses.length,
          succeeded: uses.filter(Boolean).length,
          failed: uses.filter((s) => !s).length,
          lastUsedAt: undefined,
        });
        const steps =
          acknowledged.filter((l) => l.result?.adjusted.includes(memory.id) || l.result?.deprecated.includes(memory.id))
            .length + okOutcomes.filter((o) => o.deprecated.includes(memory.id)).length;
        expect({ id: memory.id, version: memory.version }).toEqual({ id: memory.id, version: 1 + steps });
        expect(await store.revisions({ namespace, memoryId: memory.id })).toHaveLength(steps);
      }
    } finally {
      await store.close();
    }
  }, 240_000);

  it('lets exactly one of two concurrent edits of the same memory win, one on each server; the other gets 409 CONFLICT', async () => {
    const [a, b] = servers as [Server, Server];
    const seed = generateSyntheticTrajectories({ count: 3, seed: 21, prefix: 'race' }).map((t) => ({
      trajectory: { ...t, outcome: { success: true } },
    }));
    const seeded = await call(a.url, 'POST', '/learn/batch', { items: seed });
    expect(seeded.status).toBe(200);
    const ids = (seeded.body as { results: Array<{ created: string }> }).results.map((r) => r.created);
    const winners = { a: 0, b: 0 };
    for (let round = 0; round < 6; round++) {
      const id = ids[round % ids.length] as string;
      const seen = await call(b.url, 'GET', `/memories/${id}`);
      expect(seen.status).toBe(200);
      const version = (seen.body as { memory: { version: number } }).memory.version;
      // One edit sends If-Match, the other the body's `version`: both forms of the guard are exercised.
      const [fromA, fromB] = await Promise.all([
        call(a.url, 'PATCH', `/memories/${id}`, { script: `from a, round ${round}` }, { 'if-match': `"${version}"` }),
        call(b.url, 'PATCH', `/memories/${id}`, { script: `from b, round ${round}`, version }),
      ]);
      const replies = [fromA, fromB];
      const won = replies.filter((r) => r.status === 200);
      const lost = replies.filter((r) => r.status !== 200);
      expect(won).toHaveLength(1);
      expect(lost.map((r) => [r.status, errorCode(r)])).toEqual([[409, 'CONFLICT']]);
      const winner = won[0]?.body as { version: number; script: string };
      expect(winner.version).toBe(version + 1);
      winners[fromA.status === 200 ? 'a' : 'b'] += 1;
      // Both servers now read the winner's content at the next version, with one more revision.
      for (const server of [a, b]) {
        const after = await call(server.url, 'GET', `/memories/${id}`);
        const detail = after.body as { memory: { version: number; script: string }; revisions: unknown[] };
        expect(detail.memory).toMatchObject({ version: version + 1, script: winner.script });
        expect(detail.revisions).toHaveLength(version);
      }
    }
    expect(winners.a + winners.b).toBe(6);
  }, 120_000);
});
