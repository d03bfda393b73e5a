import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSqliteMemoryStore } from '../src/adapters/stores/sqlite/sqlite-memory-store.js';

const WORKER = join(import.meta.dirname, 'fixtures', 'consolidating-learn-worker.mjs');

function run(args: unknown): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [WORKER, JSON.stringify(args)]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function heat(id: string, object: string, target: string) {
  return {
    id,
    task: `put a hot ${object} in ${target}`,
    outcome: { success: true },
    steps: [
      { action: 'go to countertop 1', observation: `On the countertop 1, you see a ${object} 1.` },
      {
        action: `take ${object} 1 from countertop 1`,
        observation: `You pick up the ${object} 1 from the countertop 1.`,
      },
      { action: 'go to microwave 1', observation: 'The microwave 1 is closed.' },
      { action: `heat ${object} 1 with microwave 1`, observation: `You heat the ${object} 1 using the microwave 1.` },
      { action: `go to ${target} 1`, observation: `The ${target} 1 is open.` },
      { action: `move ${object} 1 to ${target} 1`, observation: `You move the ${object} 1 to the ${target} 1.` },
    ],
  };
}

describe('consolidation across processes on one SQLite file', () => {
  it('two processes learning near-identical trajectories at once end with ONE active memory holding both supports', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'memp-cons-')), 'memp.db');
    const goAt = Date.now() + 1500;
    const [a, b] = await Promise.all([
      run({ path, goAt, holdMs: 400, trajectory: heat('ta', 'apple', 'fridge') }),
      run({ path, goAt, holdMs: 400, trajectory: heat('tb', 'mug', 'cabinet') }),
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const results = [
      JSON.parse(a.stdout) as { created?: string; mergedInto?: string },
      JSON.parse(b.stdout) as { created?: string; mergedInto?: string },
    ];
    // Both planned before either committed: both created a memory, and one of them was merged into the other.
    expect(results.every((r) => r.created !== undefined)).toBe(true);
    const store = createSqliteMemoryStore({ path });
    try {
      const active = await store.list({ namespace: 'default', status: 'active' });
      const deprecated = await store.list({ namespace: 'default', status: 'deprecated' });
      expect(active).toHaveLength(1);
      expect(deprecated).toHaveLength(1);
      expect([...(active[0]?.provenance.from ?? [])].sort()).toEqual(['ta', 'tb']);
      expect(deprecated[0]?.meta?.mergedInto).toBe(active[0]?.id);
      expect(results.map((r) => r.created).sort()).toEqual([active[0]?.id, deprecated[0]?.id].sort());
      const revisions = await store.revisions({ namespace: 'default', memoryId: deprecated[0]?.id as string });
      expect(revisions.map((r) => r.reason)).toEqual(['merge']);
      expect((await store.stats({ namespace: 'default' })).trajectories).toBe(2);
    } finally {
      await store.close();
    }
  }, 60_000);
});
