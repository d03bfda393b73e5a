import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSqliteMemoryStore } from '../src/adapters/stores/sqlite/sqlite-memory-store.js';
import { generateSyntheticTrajectories } from '../src/bench/synthetic-trajectories.js';
import { EXPORT_FORMAT_VERSION } from '../src/engine/export-format.js';
import { CLI, runCli, runCliAsync } from './cli-helpers.js';

/** An export file of `count` script memories without vectors (the import embeds them), written directly. */
function syntheticExport(count: number): string {
  const at = '2025-01-01T00:00:00.000Z';
  const header = {
    format: 'memp-export',
    version: EXPORT_FORMAT_VERSION,
    namespace: 'default',
    exportedAt: at,
    space: null,
    memories: count,
    trajectories: 0,
  };
  const lines = [JSON.stringify(header)];
  generateSyntheticTrajectories({ count, seed: 8 }).forEach((t, i) => {
    const memory = {
      id: `mem-${i}`,
      namespace: 'default',
      task: t.task,
      keywords: t.task.split(' ').filter((w) => w.length > 3),
      kind: 'script',
      script: t.steps.map((s, j) => `${j + 1}. ${s.action}`).join('\n'),
      status: 'active',
      stats: { retrieved: 0, succeeded: 0, failed: 0 },
      provenance: { builtBy: 'offline', from: [t.id], embedder: 'x' },
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    lines.push(JSON.stringify({ type: 'memory', memory, revisions: [] }));
  });
  return `${lines.join('\n')}\n`;
}

function jsonl(items: unknown[]): string {
  return items.map((t) => JSON.stringify(t)).join('\n');
}

describe('several processes on one SQLite file', () => {
  it('two processes learning at once lose nothing, even when they update the same memories', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'memp-conc-'));
    const db = join(dir, 'memp.db');
    const seedFile = join(dir, 'seed.jsonl');
    writeFileSync(
      seedFile,
      jsonl(
        generateSyntheticTrajectories({ count: 5, seed: 1, prefix: 'seed' }).map((t) => ({
          ...t,
          outcome: { success: true },
        })),
      ),
    );
    expect(runCli(['--db', db, 'learn', seedFile]).code).toBe(0);
    const ids = (JSON.parse(runCli(['--db', db, '--json', 'list']).stdout) as Array<{ id: string }>).map((m) => m.id);
    expect(ids).toHaveLength(5);

    // Each process learns 300 episodes in 10 separate `learn` runs of 30, every episode
    // using one of the 5 shared memories, so both processes keep updating the same rows.
    const worker = (name: string) => {
      const files: string[] = [];
      const all = generateSyntheticTrajectories({ count: 300, seed: name === 'a' ? 2 : 3, prefix: name });
      for (let i = 0; i < 10; i++) {
        const path = join(dir, `${name}-${i}.jsonl`);
        writeFileSync(path, jsonl(all.slice(i * 30, i * 30 + 30).map((t, j) => ({ ...t, used: [ids[(i + j) % 5]] }))));
        files.push(path);
      }
      return (async () => {
        for (const path of files) {
          const r = await runCliAsync(['--db', db, '--json', 'learn', path, '--update', 'vanilla']);
          if (r.code !== 0) throw new Error(`learn ${path} failed: ${r.stderr}`);
        }
      })();
    };
    await Promise.all([worker('a'), worker('b')]);

    const stats = JSON.parse(runCli(['--db', db, '--json', 'stats']).stdout) as {
      trajectories: number;
      memories: number;
    };
    expect(stats.trajectories).toBe(605);
    expect(stats.memories).toBe(605);
    const store = createSqliteMemoryStore({ path: db });
    const shared = await store.get({ namespace: 'default', ids });
    const hits = shared.reduce((n, m) => n + m.stats.retrieved, 0);
    await store.close();
    expect(hits).toBe(600);
  }, 180_000);
});

describe('a process killed in the middle of a large import', () => {
  it('leaves a readable store with all of the import or none of it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'memp-crash-'));
    const dump = join(dir, 'dump.jsonl');
    writeFileSync(dump, syntheticExport(20_000));
    const outcomes: number[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const db = join(dir, `crash-${attempt}.db`);
      expect(runCli(['--db', db, 'stats']).code).toBe(0); // create the empty database first
      const child = spawn(process.execPath, [CLI, '--db', db, 'import', dump], { stdio: 'ignore' });
      // Kill once the import is writing: the write-ahead log grows past its initial size.
      const wal = `${db}-wal`;
      const started = Date.now();
      await new Promise<void>((resolve) => {
        const poll = setInterval(() => {
          const writing = existsSync(wal) && statSync(wal).size > 1_000_000;
          if (writing || Date.now() - started > 60_000) {
            clearInterval(poll);
            resolve();
          }
        }, 2);
      });
      child.kill('SIGKILL');
      await new Promise((resolve) => child.on('close', resolve));

      const store = createSqliteMemoryStore({ path: db });
      const stats = await store.stats({ namespace: 'default' });
      const sample = await store.list({ namespace: 'default', limit: 5 });
      await store.close();
      expect([0, 20_000]).toContain(stats.memories);
      expect(sample.length).toBe(Math.min(stats.memories, 5));
      outcomes.push(stats.memories);
    }
    // At least one kill must have landed mid-transaction, or the test proved nothing.
    expect(outcomes).toContain(0);
  }, 300_000);
});
