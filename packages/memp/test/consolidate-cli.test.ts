import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXIT_BAD_INPUT } from '../src/cli/exit-codes.js';
import { runCli } from './cli-helpers.js';
import { TEXT_GAME_GRAMMAR_FILE } from './fixtures/text-game-grammar.js';

function heat(id: string, object: string, target: string, detours: number) {
  return {
    id,
    task: `put a hot ${object} in ${target}`,
    outcome: { success: true },
    steps: [
      ...Array.from({ length: detours }, (_, i) => ({
        action: `go to drawer ${i + 1}`,
        observation: `The drawer ${i + 1} is closed.`,
      })),
      { action: 'go to countertop 1', observation: `On the countertop 1, you see a ${object} 1.` },
      {
        action: `take ${object} 1 from countertop 1`,
        observation: `You pick up the ${object} 1 from the countertop 1.`,
      },
      { action: `heat ${object} 1 with microwave 1`, observation: `You heat the ${object} 1 using the microwave 1.` },
      { action: `move ${object} 1 to ${target} 1`, observation: `You move the ${object} 1 to the ${target} 1.` },
    ],
  };
}

describe('memp consolidate', () => {
  it('--dry-run prints the clusters and changes nothing; a run merges them; bad flags exit with bad input', () => {
    const dir = mkdtempSync(join(tmpdir(), 'memp-consolidate-'));
    const db = join(dir, 'memp.db');
    const file = join(dir, 'runs.jsonl');
    writeFileSync(
      file,
      [heat('t1', 'apple', 'fridge', 2), heat('t2', 'mug', 'cabinet', 0), heat('t3', 'egg', 'shelf', 1)]
        .map((t) => JSON.stringify(t))
        .join('\n'),
    );
    expect(runCli(['--db', db, '--grammar', fileURLToPath(TEXT_GAME_GRAMMAR_FILE), 'learn', file]).code).toBe(0);

    const dry = runCli([
      '--db',
      db,
      '--json',
      '--grammar',
      fileURLToPath(TEXT_GAME_GRAMMAR_FILE),
      'consolidate',
      '--dry-run',
    ]);
    expect(dry.code).toBe(0);
    const report = JSON.parse(dry.stdout) as {
      before: number;
      after: number;
      clusters: Array<{ survivor: string; absorbed: string[]; support: number }>;
    };
    expect(report).toMatchObject({ before: 3, after: 1 });
    expect(report.clusters[0]).toMatchObject({ support: 3 });
    expect(JSON.parse(runCli(['--db', db, '--json', 'stats']).stdout)).toMatchObject({ active: 3 });

    const done = runCli(['--db', db, '--grammar', fileURLToPath(TEXT_GAME_GRAMMAR_FILE), 'consolidate']);
    expect(done.code).toBe(0);
    expect(JSON.parse(runCli(['--db', db, '--json', 'stats']).stdout)).toMatchObject({ active: 1, deprecated: 2 });
    const survivor = JSON.parse(
      runCli(['--db', db, '--json', 'show', report.clusters[0]?.survivor as string]).stdout,
    ) as { memory: { task: string; provenance: { from: string[] } } };
    // The lean distiller drops the detours, so the procedures tie and the oldest memory survives.
    expect(survivor.memory.task).toBe('put a hot apple in fridge');
    expect(survivor.memory.provenance.from.sort()).toEqual(['t1', 't2', 't3']);

    expect(runCli(['--db', db, 'consolidate', '--max-active', '0']).code).toBe(EXIT_BAD_INPUT);
    expect(runCli(['--db', db, 'consolidate', '--min-abstract-similarity', '2']).code).toBe(EXIT_BAD_INPUT);
    expect(runCli(['--db', db, 'consolidate', '--expire-days', 'soon']).code).toBe(EXIT_BAD_INPUT);
  }, 60_000);
});
