import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMempError } from 'memp';
import { defaultAlfworldBenchDeps } from '../alfworld/bench/alfworld-bench-deps.js';
import { memorySourceGames } from '../alfworld/bench/build-run-memory.js';
import { runAlfworldRetrievalQuality } from '../alfworld/bench/run-alfworld-retrieval-quality.js';
import { readMemoryFileProvenance, refuseMemoryFileFromEvaluated } from './memory-file-provenance.js';

const dir = mkdtempSync(join(tmpdir(), 'memp-provenance-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const trajectory = (meta: Record<string, unknown> | undefined, env = 'travelplanner') => ({
  task: 't',
  steps: [{ action: 'a' }],
  outcome: { success: true },
  env,
  ...(meta ? { meta } : {}),
});
const refused = (fn: () => unknown, pattern: RegExp) => {
  try {
    fn();
  } catch (e) {
    expect(isMempError(e, 'INVALID_ARGUMENT')).toBe(true);
    expect((e as Error).message).toMatch(pattern);
    return;
  }
  expect.unreachable('not refused');
};

describe('memory file provenance', () => {
  it('reads the origin of every trajectory: JSONL, JSON array, and the trajectory lines of a memp export', () => {
    const jsonl = file(
      'a.jsonl',
      [trajectory({ split: 'train', idx: 3 }), trajectory(undefined)].map((t) => JSON.stringify(t)).join('\n'),
    );
    expect(readMemoryFileProvenance(jsonl)).toMatchObject({
      trajectories: 2,
      unknown: 1,
      origins: [{ line: 1, env: 'travelplanner', split: 'train', idx: 3 }, { line: 2 }],
    });
    const array = file('b.json', JSON.stringify([trajectory({ game: 'g/1', path: '/d/valid_seen/g/1' }, 'alfworld')]));
    expect(readMemoryFileProvenance(array).origins).toEqual([
      { line: 1, env: 'alfworld', game: 'g/1', path: '/d/valid_seen/g/1' },
    ]);
    const exported = file(
      'c.jsonl',
      [
        { format: 'memp-export', version: 1 },
        { type: 'memory', memory: { meta: { split: 'train' } } },
        { type: 'trajectory', trajectory: trajectory({ split: 'valid_seen' }, 'alfworld') },
      ]
        .map((l) => JSON.stringify(l))
        .join('\n'),
    );
    expect(readMemoryFileProvenance(exported).origins).toEqual([{ line: 3, env: 'alfworld', split: 'valid_seen' }]);
  });

  it('refuses a file built from the evaluated split, game, game file or query, naming file and line', () => {
    const f = file(
      'd.jsonl',
      [trajectory({ split: 'other' }), trajectory({ split: 'train', idx: 1 })].map((t) => JSON.stringify(t)).join('\n'),
    );
    refused(
      () => refuseMemoryFileFromEvaluated({ file: f, evaluated: { split: 'train' } }),
      /d\.jsonl line 2: .*split train/,
    );
    expect(refuseMemoryFileFromEvaluated({ file: f, evaluated: { split: 'validation' } }).trajectories).toBe(2);
    const old = file('e.jsonl', JSON.stringify(trajectory({ idx: 7 })));
    refused(
      () => refuseMemoryFileFromEvaluated({ file: old, evaluated: { queries: new Set([7]), env: 'travelplanner' } }),
      /query 7/,
    );
    // another benchmark's trajectories are not compared with TravelPlanner's queries
    const alf = file('f.jsonl', JSON.stringify(trajectory({ idx: 7 }, 'alfworld')));
    expect(
      refuseMemoryFileFromEvaluated({ file: alf, evaluated: { queries: new Set([7]), env: 'travelplanner' } })
        .trajectories,
    ).toBe(1);
    const games = file(
      'g.jsonl',
      JSON.stringify(trajectory({ game: 'x/trial_1', path: '/data/valid_seen/x/trial_1/game.tw-pddl' }, 'alfworld')),
    );
    refused(
      () => refuseMemoryFileFromEvaluated({ file: games, evaluated: { games: new Set(['x/trial_1']) } }),
      /game x\/trial_1/,
    );
    refused(() => refuseMemoryFileFromEvaluated({ file: games, evaluated: { dir: '/data/valid_seen' } }), /game file/);
    expect(refuseMemoryFileFromEvaluated({ file: games, evaluated: { dir: '/data/train' } }).unknown).toBe(0);
  });

  it('ALFWorld: --memory-from FILE holding an evaluated game is refused before anything runs', () => {
    const deps = defaultAlfworldBenchDeps;
    const evaluated = deps.generatedGames({ split: 'valid_seen' });
    const game = evaluated.games[0];
    if (!game) throw new Error('no generated valid_seen game');
    const f = file('h.jsonl', JSON.stringify(trajectory({ game: game.id, taskType: game.taskType }, 'alfworld')));
    refused(
      () =>
        memorySourceGames({
          source: f,
          data: undefined,
          deps,
          evaluated: evaluated.dir,
          evaluatedGames: new Set(evaluated.games.map((g) => g.id)),
        }),
      /evaluated game/,
    );
    const train = deps.generatedGames({ split: 'train' }).games[0];
    const ok = file('i.jsonl', JSON.stringify(trajectory({ game: train?.id }, 'alfworld')));
    expect(
      memorySourceGames({
        source: ok,
        data: undefined,
        deps,
        evaluated: evaluated.dir,
        evaluatedGames: new Set(evaluated.games.map((g) => g.id)),
      }),
    ).toBeUndefined();
  });

  it('retrieval-quality refuses memory from the query split: by name and as a file of its games', async () => {
    await expect(
      runAlfworldRetrievalQuality({ split: 'valid_seen', memoryFrom: 'valid_seen', limit: 2 }),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    const game = defaultAlfworldBenchDeps.generatedGames({ split: 'valid_seen' }).games[1];
    const f = file('j.jsonl', JSON.stringify(trajectory({ game: game?.id }, 'alfworld')));
    await expect(runAlfworldRetrievalQuality({ split: 'valid_seen', memoryFrom: f, limit: 2 })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });
});
