import { describe, expect, it } from 'vitest';
import type { Retrieved } from '../../../core/retrieved.js';
import type { Memp } from '../../../engine/create-memp.js';
import { createMemp } from '../../../composition/create-memp.js';
import type { EpisodeResult } from '../../../ports/agent.js';
import type { AlfworldGame } from '../environment/alfworld-game.js';
import { createInMemoryMemoryStore } from '../../../adapters/stores/in-memory/in-memory-memory-store.js';
import { createTestEnvironment } from '../../../testing/alfworld/alfworld-test-games.js';
import { createExpertAgent } from './expert-agent.js';
import {
  cleanAppleGame,
  cleanMugGame,
  heatEggGame,
  hotPotatoGame,
  mugInCabinetGame,
} from '../../../testing/alfworld/kitchen-test-games.js';
import { createOfflineAgent } from './offline-agent.js';
import { ALFWORLD_ACTION_GRAMMAR } from '../environment/alfworld-action-grammar.js';

const games = [cleanAppleGame(), cleanMugGame(), heatEggGame(), hotPotatoGame(), mugInCabinetGame()];

async function play(options: {
  game: AlfworldGame;
  memories?: Retrieved[];
  seed?: number;
  maxSteps?: number;
  text?: boolean;
}): Promise<EpisodeResult> {
  const env = createTestEnvironment({ games });
  const start = await env.reset(options.game.id);
  const agent = createOfflineAgent({ seed: options.seed ?? 1, useAdmissible: options.text !== true });
  return agent.run({ env, start, memories: options.memories ?? [], maxSteps: options.maxSteps ?? 50 });
}

/** The real engine with one memory learned from the expert replay of `source`. */
async function memoryFrom(source: AlfworldGame, build?: 'trajectory' | 'script' | 'proceduralization'): Promise<Memp> {
  const memp = createMemp({
    store: createInMemoryMemoryStore(),
    grammar: ALFWORLD_ACTION_GRAMMAR,
    seed: 1,
    ...(build === undefined ? {} : { build }),
  });
  const env = createTestEnvironment({ games });
  const start = await env.reset(source.id);
  const replay = await createExpertAgent().run({ env, start, memories: [], maxSteps: 50 });
  expect(replay.success).toBe(true);
  await memp.learn({
    trajectory: {
      task: replay.task,
      steps: replay.steps,
      outcome: { success: true },
      model: 'expert',
      env: 'alfworld',
    },
  });
  return memp;
}

describe('createOfflineAgent', () => {
  it('reports an episode in the Agent port shape: no tokens, no calls, the task and its steps', async () => {
    const result = await play({ game: cleanMugGame() });
    expect(result.task).toBe('put a clean mug in cabinet');
    expect(result.tokens).toEqual({ input: 0, output: 0 });
    expect(result.calls).toBe(0);
    expect(result.steps.length).toBeGreaterThan(0);
    for (const step of result.steps) {
      expect(step.action).toMatch(/\S/);
      expect(typeof step.observation).toBe('string');
    }
    expect(result.reward).toBe(result.success ? 1 : 0);
  });

  it('is deterministic for a seed', async () => {
    const a = await play({ game: cleanMugGame(), seed: 5 });
    const b = await play({ game: cleanMugGame(), seed: 5 });
    expect(b.steps).toEqual(a.steps);
    const orders = new Set<string>();
    for (const seed of [1, 2, 3, 4]) orders.add((await play({ game: cleanMugGame(), seed })).steps[0]?.action ?? '');
    expect(orders.size).toBeGreaterThan(1);
  });

  it('never exceeds maxSteps, with or without memory', async () => {
    const memp = await memoryFrom(cleanAppleGame());
    const memories = await memp.retrieve({ task: 'put a clean mug in cabinet' });
    for (const maxSteps of [1, 3, 7, 12]) {
      expect((await play({ game: cleanMugGame(), maxSteps })).steps.length).toBeLessThanOrEqual(maxSteps);
      expect((await play({ game: cleanMugGame(), maxSteps, memories })).steps.length).toBeLessThanOrEqual(maxSteps);
    }
  });

  it('solves a pick-and-place by exploring when the task needs no procedure', async () => {
    for (const seed of [1, 2, 3]) {
      const result = await play({ game: mugInCabinetGame(), seed });
      expect(result.success).toBe(true);
      expect(result.steps.map((s) => s.action)).toContain('take mug 1 from countertop 1');
    }
  });

  it('with a memory of another game of the same type (re-bound apple→mug, fridge→cabinet) wins faster than without', async () => {
    const memp = await memoryFrom(cleanAppleGame());
    const memories = await memp.retrieve({ task: 'put a clean mug in cabinet' });
    expect(memories[0]?.memory.task).toBe('put a clean apple in fridge');
    for (const seed of [1, 2, 3]) {
      const without = await play({ game: cleanMugGame(), seed });
      const withMemory = await play({ game: cleanMugGame(), seed, memories });
      expect(withMemory.success).toBe(true);
      expect(withMemory.steps.map((s) => s.action)).toContain('clean mug 1 with sinkbasin 1');
      expect(!without.success || withMemory.steps.length < without.steps.length).toBe(true);
    }
  });

  it('learns the procedure, not the answer: without memory it wins only by trying the cleaning step before its last put', async () => {
    // Recovery (a put that did not finish the task is taken back) lets exploration find the step by trial, so
    // success no longer requires cleaning before the *first* put — but always before the last one.
    for (const seed of [1, 2, 3, 4]) {
      const without = await play({ game: cleanMugGame(), seed });
      const actions = without.steps.map((s) => s.action);
      const clean = actions.indexOf('clean mug 1 with sinkbasin 1');
      const lastPut = actions
        .map((a, i) => (a.startsWith('move mug 1 to cabinet') ? i : -1))
        .reduce((a, b) => Math.max(a, b), -1);
      if (without.success) expect(clean >= 0 && clean < lastPut).toBe(true);
      else expect(clean < 0 || lastPut < clean).toBe(true);
    }
  });

  it('takes back an object whose put did not finish the task, and puts it again after changing it', async () => {
    // A memory of a differently phrased task (no cleaning) leads to a put that is not enough: generic recovery.
    const memp = await memoryFrom(mugInCabinetGame());
    const memories = await memp.retrieve({ task: 'put a clean mug in cabinet' });
    expect(memories[0]?.memory.task).toBe('put a mug in cabinet');
    let wins = 0;
    for (const seed of [1, 2, 3, 4]) {
      const result = await play({ game: cleanMugGame(), seed, memories });
      const actions = result.steps.map((s) => s.action);
      const firstPut = actions.findIndex((a) => a.startsWith('move mug 1 to cabinet'));
      expect(firstPut).toBeGreaterThanOrEqual(0);
      if (!actions.slice(0, firstPut).includes('clean mug 1 with sinkbasin 1')) {
        expect(actions[firstPut + 1]).toMatch(/^take mug 1 from cabinet/);
      }
      if (result.success) {
        wins++;
        expect(actions.indexOf('clean mug 1 with sinkbasin 1')).toBeGreaterThan(firstPut);
      }
    }
    expect(wins).toBeGreaterThan(0);
  });

  it('re-binds across phrasings: "heat some egg and put it in countertop" guides "put a hot potato in shelf"', async () => {
    for (const build of ['trajectory', 'script', 'proceduralization'] as const) {
      const memp = await memoryFrom(heatEggGame(), build);
      const memories = await memp.retrieve({ task: 'put a hot potato in shelf' });
      const result = await play({ game: hotPotatoGame(), memories });
      expect(result.success).toBe(true);
      expect(result.steps.map((s) => s.action)).toContain('heat potato 1 with microwave 1');
    }
  });

  it('text observation mode: without memory it tries the verb the task asks for wherever it stands, not knowing where it works', async () => {
    const cleanTries = new Set<string>();
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const result = await play({ game: cleanMugGame(), seed, text: true });
      let location: string | undefined;
      for (const step of result.steps) {
        const goTo = /^go to (.+)$/.exec(step.action);
        if (goTo) location = goTo[1];
        expect(step.action).not.toMatch(/^(heat|cool) /);
        const clean = /^clean mug 1 with (.+)$/.exec(step.action);
        if (!clean) continue;
        expect(clean[1]).toBe(location);
        cleanTries.add(clean[1] as string);
        if (clean[1] !== 'sinkbasin 1') expect(step.observation).toBe('Nothing happens.');
      }
      if (result.success) expect(result.steps.map((s) => s.action)).toContain('clean mug 1 with sinkbasin 1');
    }
    expect([...cleanTries].some((r) => r !== 'sinkbasin 1')).toBe(true);
  });

  it('text observation mode: a memory tells it where to clean, so it never tries elsewhere', async () => {
    const memp = await memoryFrom(cleanAppleGame());
    const memories = await memp.retrieve({ task: 'put a clean mug in cabinet' });
    for (const seed of [1, 2, 3]) {
      const result = await play({ game: cleanMugGame(), seed, memories, text: true });
      expect(result.success).toBe(true);
      expect(result.steps.filter((s) => s.action.startsWith('clean ')).map((s) => s.action)).toEqual([
        'clean mug 1 with sinkbasin 1',
      ]);
    }
  });

  it('falls back to exploring when the remembered procedure does not fit the room', async () => {
    const memp = await memoryFrom(cleanAppleGame());
    const [memory] = await memp.retrieve({ task: 'put a clean mug in cabinet' });
    if (memory === undefined) throw new Error('no memory');
    // A memory whose procedure needs a receptacle type this room lacks is skipped.
    const alien: Retrieved = {
      ...memory,
      memory: {
        ...memory.memory,
        steps: undefined,
        script:
          '1. take the apple from the countertop\n2. clean the apple with the bathtubbasin\n3. move the apple to the fridge',
      },
    };
    const withAlien = await play({ game: cleanMugGame(), memories: [alien], seed: 3 });
    const without = await play({ game: cleanMugGame(), seed: 3 });
    expect(withAlien.steps).toEqual(without.steps);
  });
});

describe('createExpertAgent', () => {
  it('replays the walkthrough of every test game and wins, with real observations', async () => {
    const env = createTestEnvironment({ games });
    for (const game of games) {
      const start = await env.reset(game.id);
      const result = await createExpertAgent().run({ env, start, memories: [], maxSteps: 50 });
      expect(result.success).toBe(true);
      expect(result.reward).toBe(1);
      expect(result.steps.map((s) => s.action)).toEqual(game.walkthrough);
      expect(result.steps[0]?.observation).toMatch(/^You arrive at /);
      expect(result.calls).toBe(0);
    }
  });

  it('stops at maxSteps and reports failure', async () => {
    const env = createTestEnvironment({ games });
    const start = await env.reset(cleanMugGame().id);
    const result = await createExpertAgent().run({ env, start, memories: [], maxSteps: 3 });
    expect(result.steps).toHaveLength(3);
    expect(result.success).toBe(false);
  });

  it('accepts a walkthrough lookup, and refuses with INVALID_ARGUMENT when there is none', async () => {
    const env = createTestEnvironment({ games });
    const start = await env.reset(cleanMugGame().id);
    const lookup = createExpertAgent({ walkthrough: () => ['look'] });
    expect((await lookup.run({ env, start, memories: [], maxSteps: 50 })).steps.map((s) => s.action)).toEqual(['look']);
    const bare = { name: 'bare', reset: env.reset, step: env.step };
    await expect(createExpertAgent().run({ env: bare, start, memories: [], maxSteps: 50 })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });
});
