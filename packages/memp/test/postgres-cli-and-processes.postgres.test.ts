import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresMemoryStore } from '../src/adapters/stores/postgres/postgres-memory-store.js';
import { generateSyntheticTrajectories } from '../src/bench/synthetic-trajectories.js';
import { CLI, runCli, runCliAsync } from './cli-helpers.js';
import { createTestDatabase } from './postgres/postgres-test-database.js';
import type { TestDatabase } from './postgres/postgres-test-database.js';

const run = promisify(execFile);
const worker = resolve('test/fixtures/postgres-store-worker.mjs');

function jsonl(items: unknown[]): string {
  return items.map((t) => JSON.stringify(t)).join('\n');
}

let db: TestDatabase;
let dir: string;
beforeAll(async () => {
  if (!existsSync(CLI) || !existsSync(resolve('dist/postgres.js'))) {
    throw new Error('dist is missing: run `npm run build` before these tests (npm test does)');
  }
  db = await createTestDatabase('cli');
  dir = mkdtempSync(join(tmpdir(), 'memp-pg-cli-'));
});
afterAll(async () => {
  await db?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('memp CLI on PostgreSQL', () => {
  it('learns, retrieves, lists and counts with --database-url and MEMP_DATABASE_URL, leaving SQLite alone', () => {
    const file = join(dir, 'seed.jsonl');
    const trajectories = generateSyntheticTrajectories({ count: 4, seed: 5, prefix: 'cli' }).map((t) => ({
      ...t,
      outcome: { success: true },
    }));
    writeFileSync(file, jsonl(trajectories));
    const sqlite = join(dir, 'unused.db');
    const learned = runCli(['--db', sqlite, '--database-url', db.url, '--namespace', 'cli', 'learn', file]);
    expect(learned.stderr).toBe('');
    expect(learned.code).toBe(0);
    expect(existsSync(sqlite)).toBe(false);
    const viaEnv = { MEMP_DATABASE_URL: db.url };
    const stats = JSON.parse(runCli(['--namespace', 'cli', '--json', 'stats'], viaEnv).stdout) as {
      memories: number;
      trajectories: number;
    };
    expect(stats).toMatchObject({ memories: 4, trajectories: 4 });
    const retrieved = runCli(
      ['--namespace', 'cli', '--json', 'retrieve', trajectories[2]?.task ?? '', '--k', '2'],
      viaEnv,
    );
    expect(retrieved.code).toBe(0);
    const hits = JSON.parse(retrieved.stdout) as Array<{ task: string; score: number }>;
    expect(hits).toHaveLength(2);
    expect(hits[0]?.task).toBe(trajectories[2]?.task);
    const listed = JSON.parse(runCli(['--namespace', 'cli', '--json', 'list'], viaEnv).stdout) as unknown[];
    expect(listed).toHaveLength(4);
    expect(JSON.parse(runCli(['--namespace', 'other', '--json', 'stats'], viaEnv).stdout)).toMatchObject({
      memories: 0,
    });
  });

  it('loads the pg driver only when a database URL is given', () => {
    const hook = resolve('test/fixtures/report-pg-imports.mjs');
    const sqliteRun = spawnSync(process.execPath, ['--import', hook, CLI, '--db', join(dir, 'plain.db'), 'stats'], {
      encoding: 'utf8',
    });
    expect(sqliteRun.status).toBe(0);
    expect(sqliteRun.stderr).not.toContain('LOADED');
    const pgRun = spawnSync(process.execPath, ['--import', hook, CLI, '--database-url', db.url, 'stats'], {
      encoding: 'utf8',
    });
    expect(pgRun.status).toBe(0);
    expect(pgRun.stderr).toContain('LOADED pg');
  });

  it('refuses a URL that is not postgres:// with INVALID_ARGUMENT (exit 2) and an unreachable server with STORAGE_FAILED (exit 1)', () => {
    expect(runCli(['--database-url', 'mysql://x@localhost/db', 'stats']).code).toBe(2);
    expect(runCli(['--database-url', 'postgres://nobody@127.0.0.1:1/none', 'stats']).code).toBe(1);
  });
});

describe('several processes on one PostgreSQL database', () => {
  it('two processes learning at once lose nothing, even when they update the same memories', async () => {
    const url = db.url;
    const seedFile = join(dir, 'conc-seed.jsonl');
    writeFileSync(
      seedFile,
      jsonl(
        generateSyntheticTrajectories({ count: 5, seed: 1, prefix: 'seed' }).map((t) => ({
          ...t,
          outcome: { success: true },
        })),
      ),
    );
    expect(runCli(['--database-url', url, '--namespace', 'conc', 'learn', seedFile]).code).toBe(0);
    const ids = (
      JSON.parse(runCli(['--database-url', url, '--namespace', 'conc', '--json', 'list']).stdout) as Array<{
        id: string;
      }>
    ).map((m) => m.id);
    expect(ids).toHaveLength(5);
    // Each process learns 120 episodes in 4 `learn` runs of 30, every episode using one of the 5 shared
    // memories, so the processes keep updating the same rows.
    const learner = (name: string) => {
      const all = generateSyntheticTrajectories({ count: 120, seed: name === 'a' ? 2 : 3, prefix: name });
      const files = Array.from({ length: 4 }, (_, i) => {
        const path = join(dir, `conc-${name}-${i}.jsonl`);
        writeFileSync(path, jsonl(all.slice(i * 30, i * 30 + 30).map((t, j) => ({ ...t, used: [ids[(i + j) % 5]] }))));
        return path;
      });
      return (async () => {
        for (const path of files) {
          const r = await runCliAsync([
            '--database-url',
            url,
            '--namespace',
            'conc',
            '--json',
            'learn',
            path,
            '--update',
            'vanilla',
          ]);
          if (r.code !== 0) throw new Error(`learn ${path} failed: ${r.stderr}`);
        }
      })();
    };
    await Promise.all([learner('a'), learner('b')]);
    const store = await createPostgresMemoryStore({ connectionString: url });
    const stats = await store.stats({ namespace: 'conc' });
    expect(stats.trajectories).toBe(245);
    expect(stats.memories).toBe(245);
    const shared = await store.get({ namespace: 'conc', ids });
    expect(shared.reduce((n, m) => n + m.stats.retrieved, 0)).toBe(240);
    await store.close();
  }, 240_000);

  it('lets exactly one of two processes win each stale-version race', async () => {
    const store = await createPostgresMemoryStore({ connectionString: db.url });
    const at = '2025-01-01T00:00:00.000Z';
    const ids = ['race-1', 'race-2', 'race-3'];
    await store.apply({
      namespace: 'race',
      at,
      space: { embedder: 'race', dimension: 4 },
      create: ids.map((id) => ({
        memory: {
          id,
          namespace: 'race',
          task: `task ${id}`,
          keywords: [],
          kind: 'script' as const,
          status: 'active' as const,
          script: 'v1',
          stats: { retrieved: 0, succeeded: 0, failed: 0 },
          provenance: { builtBy: 'offline', from: [], embedder: 'race' },
          version: 1,
          createdAt: at,
          updatedAt: at,
        },
        vectors: { task: Float32Array.from([1, 0, 0, 0]), keywords: [] },
      })),
    });
    for (const id of ids) {
      const goAt = Date.now() + 1500;
      const results = await Promise.all(
        ['from-a', 'from-b'].map(async (script) => {
          const { stdout } = await run(
            process.execPath,
            [
              worker,
              JSON.stringify({ op: 'update', url: db.url, namespace: 'race', id, expectedVersion: 1, script, goAt }),
            ],
            { timeout: 60_000 },
          );
          return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as { ok: boolean; code?: string; version?: number };
        }),
      );
      expect(results.filter((r) => r.ok)).toEqual([{ ok: true, version: 2 }]);
      expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, code: 'CONFLICT' }]);
      const [m] = await store.get({ namespace: 'race', ids: [id] });
      expect(m?.version).toBe(2);
      expect(['from-a', 'from-b']).toContain(m?.script);
      expect(await store.revisions({ namespace: 'race', memoryId: id })).toHaveLength(1);
    }
    await store.close();
  }, 120_000);
});
