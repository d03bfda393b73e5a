import { describe, expect, it } from 'vitest';
import { createAlfworldEnvironment } from './alfworld-environment.js';
import { generateAlfworldGames } from './generate-games.js';

const games = generateAlfworldGames({ seed: 'env', count: 3 });
const game = games[0] as NonNullable<(typeof games)[0]>;

describe('createAlfworldEnvironment', () => {
  it('resets by game id (a trailing /game.tw-pddl is accepted) and reports the game', async () => {
    const env = createAlfworldEnvironment({ games });
    expect(env.name).toBe('alfworld');
    expect(env.gameIds()).toEqual(games.map((g) => g.id));
    const start = await env.reset(`${game.id}/game.tw-pddl`);
    expect(start.observation).toContain('Your task is to: ');
    expect(env.current()).toBe(game);
    const step = await env.step('inventory');
    expect(step).toMatchObject({
      observation: 'You are not carrying anything.',
      done: false,
      success: false,
      reward: 0,
    });
    expect(step.admissibleActions).toContain('inventory');
  });

  it('throws NOT_FOUND for an unknown game, CONFLICT for a step before reset or duplicate ids', async () => {
    const env = createAlfworldEnvironment({ games });
    await expect(env.step('look')).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(env.reset('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(() => createAlfworldEnvironment({ games: [game, game] })).toThrow(
      expect.objectContaining({ code: 'CONFLICT' }),
    );
    expect(() => createAlfworldEnvironment({ games, maxSteps: 0 })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });

  it('ends the episode at maxSteps and can omit admissible actions', async () => {
    const env = createAlfworldEnvironment({ games, maxSteps: 2, admissibleActions: false });
    const start = await env.reset(game.id);
    expect(start.admissibleActions).toBeUndefined();
    expect((await env.step('dance')).done).toBe(false);
    expect(await env.step('dance')).toEqual({ observation: 'Nothing happens.', done: true, success: false, reward: 0 });
  });
});
