import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
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

interface LearnOutput {
  trajectoryId: string;
  created?: string;
  mergedInto?: string;
}

/** Runs a worker and reads its learn result; the worker must succeed (after re-planning on CONFLICT, if any). */
async function learnIn(path: string, args: Record<string, unknown>): Promise<LearnOutput> {
  const out = await run({ path, ...args });
  expect(out.code, out.stderr).toBe(0);
  return JSON.parse(out.stdout) as LearnOutput;
}

/**
 * What must hold whichever process commits first: both trajectories are stored, one active memory holds both as
 * support, nothing is lost or duplicated, every memory is one a process reported, and the state is one of the two
 * valid serialisations:
 * - both planned before either committed: both created a memory, one was merged into the other afterwards (kept
 *   deprecated, pointing at the survivor, with one `merge` revision);
 * - one planned after the other committed: the second created nothing and was absorbed by the first's memory.
 */
async function expectOneValidSerialisation(path: string, results: LearnOutput[]): Promise<void> {
  const store = createSqliteMemoryStore({ path });
  try {
    expect(results.map((r) => r.trajectoryId).sort()).toEqual(['ta', 'tb']);
    expect((await store.stats({ namespace: 'default' })).trajectories).toBe(2);
    const active = await store.list({ namespace: 'default', status: 'active' });
    const deprecated = await store.list({ namespace: 'default', status: 'deprecated' });
    expect(active).toHaveLength(1);
    const survivor = active[0]?.id as string;
    expect([...(active[0]?.provenance.from ?? [])].sort()).toEqual(['ta', 'tb']);
    const stored = [survivor, ...deprecated.map((m) => m.id)].sort();
    const reported = [...new Set(results.flatMap((r) => [r.created, r.mergedInto]))].filter((id) => id !== undefined);
    expect(reported.sort()).toEqual(stored);
    const created = results.flatMap((r) => (r.created === undefined ? [] : [r.created]));
    if (created.length === 2) {
      expect(deprecated).toHaveLength(1);
      expect(deprecated[0]?.meta?.mergedInto).toBe(survivor);
      const revisions = await store.revisions({ namespace: 'default', memoryId: deprecated[0]?.id as string });
      expect(revisions.map((r) => r.reason)).toEqual(['merge']);
    } else {
      expect(created).toEqual([survivor]);
      expect(deprecated).toHaveLength(0);
      expect(results.find((r) => r.created === undefined)?.mergedInto).toBe(survivor);
    }
  } finally {
    await store.close();
  }
}

describe('consolidation across processes on one SQLite file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'memp-cons-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('two processes learning near-identical trajectories at once end with ONE active memory holding both supports', async () => {
    const path = join(dir, 'together.db');
    // Each worker waits after planning, so both usually plan before either commits (the race to settle); on a
    // loaded machine one may commit first. Either order must end in a valid state.
    const goAt = Date.now() + 1500;
    const results = await Promise.all([
      learnIn(path, { goAt, holdMs: 400, trajectory: heat('ta', 'apple', 'fridge') }),
      learnIn(path, { goAt, holdMs: 400, trajectory: heat('tb', 'mug', 'cabinet') }),
    ]);
    await expectOneValidSerialisation(path, results);
  }, 60_000);

  it('a process learning after the other committed is absorbed into the memory already there', async () => {
    const path = join(dir, 'in-turn.db');
    const first = await learnIn(path, { goAt: 0, holdMs: 0, trajectory: heat('ta', 'apple', 'fridge') });
    const second = await learnIn(path, { goAt: 0, holdMs: 0, trajectory: heat('tb', 'mug', 'cabinet') });
    expect(second.created).toBeUndefined();
    await expectOneValidSerialisation(path, [first, second]);
  }, 60_000);
});
