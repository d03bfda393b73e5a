import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isMempError } from '../../core/errors.js';
import { writeSampleRun } from '../testing/console-test-fixture.js';
import { createRunDirectory } from './run-directory.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return isMempError(error) ? error.code : 'NOT_A_MEMP_ERROR';
  }
}

describe('run directory (read-only, no way out of the root)', () => {
  const base = mkdtempSync(join(tmpdir(), 'memp-runs-'));
  const root = join(base, 'runs');
  mkdirSync(root);
  const runId = writeSampleRun(root);
  const tp = join(root, 'tp-eval');
  mkdirSync(tp);
  writeFileSync(
    join(tp, 'summary.json'),
    JSON.stringify({
      queries: 45,
      delivered: 45,
      deliveryRate: 1,
      commonsenseMicro: 0.9,
      commonsenseMacro: 0.5,
      hardMicro: 0.8,
      hardMacro: 0.6,
      finalPassRate: 0.4,
      config: { plans: '/x/plans.jsonl', data: '/d', split: 'train', strict: true },
      notes: ['n'],
    }),
  );
  writeFileSync(join(base, 'secret.json'), '{"secret":true}');
  symlinkSync(base, join(root, 'escape'));
  mkdirSync(join(root, 'grid-1', runId), { recursive: true });
  writeSampleRun(join(root, 'grid-1'));
  writeFileSync(join(root, 'grid-1', 'comparison.json'), '[]');
  afterAll(() => rmSync(base, { recursive: true, force: true }));
  const runs = createRunDirectory({ root });

  it('lists ALFWorld runs, TravelPlanner evaluations and comparisons, two levels deep', () => {
    const byId = new Map(runs.list().map((r) => [r.id, r]));
    expect(byId.get(runId)).toMatchObject({ kind: 'alfworld', score: 10 / 16, episodes: 16 });
    expect(byId.get('tp-eval')).toMatchObject({ kind: 'travelplanner', score: 0.4, label: 'plans.jsonl' });
    expect(byId.get('grid-1')?.kind).toBe('comparison');
    expect(byId.get(`grid-1/${runId}`)?.kind).toBe('alfworld');
    expect(runs.read('grid-1').comparison?.runs).toEqual([`grid-1/${runId}`]);
    expect(runs.read(runId).alfworld?.batches).toHaveLength(4);
    expect(
      runs
        .read(runId)
        .files.map((f) => f.name)
        .sort(),
    ).toEqual(['episodes.jsonl', 'report.md', 'summary.json']);
    expect(runs.file(runId, 'report.md')).toContain('|');
  });

  it('refuses traversal, hidden names, symlinks out of the root and unknown runs', () => {
    for (const id of ['..', '../runs', 'a/../../x', '.hidden', '/etc', 'a/b/c', '', 'run\u0000'])
      expect(
        codeOf(() => runs.read(id)),
        id,
      ).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => runs.read('escape'))).toBe('NOT_FOUND');
    expect(codeOf(() => runs.file('escape', 'summary.json'))).toBe('NOT_FOUND');
    expect(codeOf(() => runs.read('missing'))).toBe('NOT_FOUND');
    expect(codeOf(() => runs.file('tp-eval', 'report.md'))).toBe('NOT_FOUND');
    expect(runs.list().some((r) => r.id.startsWith('escape'))).toBe(false);
    expect(codeOf(() => createRunDirectory({ root: join(base, 'nope') }))).toBe('INVALID_ARGUMENT');
  });
});
