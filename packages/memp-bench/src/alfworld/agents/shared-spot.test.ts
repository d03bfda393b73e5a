import { describe, expect, it } from 'vitest';
import { buildTestGame, createTestEnvironment } from '../../testing/alfworld/alfworld-test-games.js';
import { goTo, searchAndTake, visit } from './alfworld-skills.js';
import { EpisodeActor } from './episode-actor.js';
import { createOfflineAgent } from './offline-agent.js';

/**
 * Two receptacles at one spot: ALFWorld refuses (`Nothing happens.`) and does not list `go to` a receptacle at
 * the agent's own location. The agent must take the refusal as "already there", not walk there again.
 */
const game = buildTestGame({
  id: 'pick_and_place_simple-Mug-None-CounterTop-1/trial_shared_spot',
  task: 'put a mug in countertop',
  receptacles: [
    { name: 'countertop 1', type: 'CounterTop' },
    { name: 'drawer 1', type: 'Drawer', openable: true, spot: 'drawers' },
    { name: 'drawer 2', type: 'Drawer', openable: true, spot: 'drawers' },
    { name: 'shelf 1', type: 'Shelf' },
  ],
  objects: [
    { name: 'mug 1', type: 'Mug', in: 'drawer 2' },
    { name: 'pen 1', type: 'Pen', in: 'shelf 1' },
  ],
  goal: { objectType: 'Mug', receptacleType: 'CounterTop' },
});

async function actor(useAdmissible: boolean): Promise<EpisodeActor> {
  const env = createTestEnvironment({ games: [game] });
  const start = await env.reset(game.id);
  return new EpisodeActor({ env, start, maxSteps: 50, useAdmissible });
}

const actions = (a: EpisodeActor) => a.steps.map((s) => s.action);

describe('a refused go to: the agent already stands where the receptacle is', () => {
  it('text observations: one refused go to, then the location is the receptacle, read with examine', async () => {
    const a = await actor(false);
    expect(await goTo(a, 'drawer 1')).toBe(true);
    expect(await goTo(a, 'drawer 2')).toBe(true);
    expect(a.belief.location).toBe('drawer 2');
    expect(a.belief.closed.has('drawer 2')).toBe(true);
    expect(await visit(a, 'drawer 2')).toBe(true);
    expect(await goTo(a, 'drawer 2')).toBe(true);
    expect(a.belief.contents.get('drawer 2')).toEqual(['mug 1']);
    expect(actions(a)).toEqual(['go to drawer 1', 'go to drawer 2', 'examine drawer 2', 'open drawer 2']);
    expect(a.steps[1]?.observation).toBe('Nothing happens.');
  });

  it('admissible observations: no refused go to is sent at all', async () => {
    const a = await actor(true);
    expect(await goTo(a, 'drawer 1')).toBe(true);
    expect(await visit(a, 'drawer 2')).toBe(true);
    expect(a.belief.location).toBe('drawer 2');
    expect(actions(a)).toEqual(['go to drawer 1', 'examine drawer 2', 'open drawer 2']);
  });

  it('does not examine a receptacle whose content it already knows, and moves on normally afterwards', async () => {
    const a = await actor(false);
    await visit(a, 'drawer 2');
    await goTo(a, 'drawer 1');
    await goTo(a, 'drawer 2');
    expect(await goTo(a, 'shelf 1')).toBe(true);
    expect(a.belief.location).toBe('shelf 1');
    // drawer 1 is unknown, so it is examined; drawer 2 was opened and read before, and shares drawer 1's spot: no action.
    expect(actions(a)).toEqual([
      'go to drawer 2',
      'open drawer 2',
      'go to drawer 1',
      'examine drawer 1',
      'go to shelf 1',
    ]);
  });

  it('remembers the shared spot: walking between its receptacles again sends no go to', async () => {
    const a = await actor(false);
    await goTo(a, 'drawer 1');
    await goTo(a, 'drawer 2');
    expect(a.belief.sameSpot('drawer 1', 'drawer 2')).toBe(true);
    expect(a.belief.sameSpot('drawer 1', 'shelf 1')).toBe(false);
    expect(await goTo(a, 'drawer 1')).toBe(true);
    expect(await goTo(a, 'drawer 2')).toBe(true);
    expect(actions(a)).toEqual(['go to drawer 1', 'go to drawer 2', 'examine drawer 2']);
    await goTo(a, 'shelf 1');
    expect(await goTo(a, 'drawer 1')).toBe(true);
    expect(await goTo(a, 'drawer 2')).toBe(true);
    expect(actions(a).slice(3)).toEqual(['go to shelf 1', 'go to drawer 1']);
    expect(a.belief.location).toBe('drawer 2');
  });

  it('a refused go to a name the room does not have changes no location', async () => {
    const a = await actor(false);
    await goTo(a, 'shelf 1');
    expect(await goTo(a, 'fridge 1')).toBe(false);
    expect(a.belief.location).toBe('shelf 1');
  });

  it('searching receptacles of one spot finds and takes the object', async () => {
    for (const useAdmissible of [false, true]) {
      const a = await actor(useAdmissible);
      expect(await searchAndTake(a, 'mug', ['drawer 1', 'drawer 2', 'shelf 1'])).toBe(true);
      expect(a.belief.held).toBe('mug 1');
      const refused = a.steps.filter((s) => s.action.startsWith('go to ') && s.observation === 'Nothing happens.');
      expect(refused.length).toBeLessThanOrEqual(useAdmissible ? 0 : 1);
    }
  });

  it('the offline agent never repeats a refused go to and solves the task', async () => {
    for (const useAdmissible of [false, true]) {
      for (const seed of [1, 2, 3, 4]) {
        const env = createTestEnvironment({ games: [game] });
        const start = await env.reset(game.id);
        const result = await createOfflineAgent({ seed, useAdmissible }).run({
          env,
          start,
          memories: [],
          maxSteps: 50,
        });
        expect(result.success, `seed ${seed}, admissible ${useAdmissible}`).toBe(true);
        const refused = result.steps
          .filter((s) => s.action.startsWith('go to ') && s.observation === 'Nothing happens.')
          .map((s) => s.action);
        expect(new Set(refused).size, refused.join(', ')).toBe(refused.length);
        if (useAdmissible) expect(refused).toEqual([]);
      }
    }
  });
});
