import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findSharedData } from '../../shared/find-shared-data.js';
import { loadAlfworldSplit } from './alfworld-split.js';
import { replayWalkthrough } from './replay-walkthrough.js';

/** The real ALFWorld games live outside the repository: `$ALFWORLD_DATA`, else beside it (`../shared/…`). */
const DATA = process.env['ALFWORLD_DATA']
  ? join(process.env['ALFWORLD_DATA'], 'json_2.1.1')
  : join(findSharedData('alfworld', 'json_2.1.1') ?? 'shared/data/alfworld', 'json_2.1.1');

describe.each([
  ['valid_seen', 140],
  ['valid_train', 200],
])('ALFWorld oracle: %s walkthroughs win', (split, expected) => {
  it(`replays all ${expected} expert walkthroughs to a win`, () => {
    const dir = join(DATA, split);
    if (!existsSync(dir))
      throw new Error(`ALFWorld data missing: ${dir} (the oracle test needs ../shared/data/alfworld)`);
    const games = loadAlfworldSplit({ dir });
    expect(games).toHaveLength(expected);
    const failures = games.flatMap((g) => {
      const replay = replayWalkthrough({ game: g });
      return replay.won ? [] : [`${g.id}: ${replay.failure ?? ''}`];
    });
    expect(failures).toEqual([]);
    const types = new Set(games.map((g) => g.taskType));
    expect(types.size).toBe(6);
  });
});
