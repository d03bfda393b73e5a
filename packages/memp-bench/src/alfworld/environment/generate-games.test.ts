import { describe, expect, it } from 'vitest';
import { createAlfworldEnvironment } from './alfworld-environment.js';
import { parseAlfworldGame } from './alfworld-game.js';
import { ALFWORLD_TASK_TYPES } from './alfworld-task-type.js';
import { generateAlfworldGameFiles, generateAlfworldGames } from './generate-games.js';
import { replayWalkthrough } from './replay-walkthrough.js';

describe('generateAlfworldGames', () => {
  it('generates every task type; every game loads from its JSON and its walkthrough wins', () => {
    const files = generateAlfworldGameFiles({ seed: 7, count: 120 });
    const games = files.map(({ id, file }) => parseAlfworldGame({ text: JSON.stringify(file), id }));
    expect(new Set(games.map((g) => g.taskType))).toEqual(new Set(ALFWORLD_TASK_TYPES));
    for (const game of games) {
      expect(game.id.startsWith(`${game.taskType}-`)).toBe(true);
      expect(replayWalkthrough({ game })).toEqual({ won: true, steps: game.walkthrough.length });
    }
  });

  it('is deterministic in its seed and honours the requested types', () => {
    const a = generateAlfworldGameFiles({ seed: 'x', count: 5, types: ['pick_two_obj_and_place'] });
    const b = generateAlfworldGameFiles({ seed: 'x', count: 5, types: ['pick_two_obj_and_place'] });
    expect(a).toEqual(b);
    expect(generateAlfworldGameFiles({ seed: 'y', count: 5 })).not.toEqual(
      generateAlfworldGameFiles({ seed: 'z', count: 5 }),
    );
    expect(a.every((g) => g.id.startsWith('pick_two_obj_and_place-'))).toBe(true);
    expect(() => generateAlfworldGameFiles({ seed: 1, count: -1 })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });

  it('plays through the Environment port', async () => {
    const games = generateAlfworldGames({ seed: 11, count: 6 });
    const env = createAlfworldEnvironment({ games });
    for (const game of games) {
      const start = await env.reset(game.id);
      expect(start.task).toBe(game.task);
      expect(start.admissibleActions).toContain('look');
      let last = { done: false, success: false, reward: 0 };
      for (const action of game.walkthrough) last = await env.step(action);
      expect(last).toMatchObject({ done: true, success: true, reward: 1 });
    }
  });
});
