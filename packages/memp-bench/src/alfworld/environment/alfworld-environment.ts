import { MempError } from 'memp';
import type { Environment, EnvironmentReset, EnvironmentStep } from '../../ports/environment.js';
import type { AlfworldGame } from './alfworld-game.js';
import { ALFWORLD_MAX_STEPS, AlfworldSimulator, type AlfworldSimulatorOptions } from './alfworld-simulator.js';

/** Options for {@link createAlfworldEnvironment}. */
export interface AlfworldEnvironmentOptions {
  /** The games this environment can play; `reset(taskId)` takes a game id. */
  games: readonly AlfworldGame[];
  /** Episode cap in steps. Default 50 (ALFWorld's default). */
  maxSteps?: number;
  /** Return admissible actions with every reset/step. Default true. */
  admissibleActions?: boolean;
  /** Also accept ALFWorld's older `put {o} in/on {r}` template (see {@link AlfworldSimulatorOptions.legacyPut}). Default false. */
  legacyPut?: boolean;
}

/** The ALFWorld {@link Environment}, with access to the game being played. */
export interface AlfworldEnvironment extends Environment {
  readonly name: 'alfworld';
  /** The game of the current episode, if any. */
  current(): AlfworldGame | undefined;
  /** The simulator of the current episode, if any. */
  simulator(): AlfworldSimulator | undefined;
  /** Ids of every playable game, in the order given. */
  gameIds(): string[];
}

/**
 * Creates an ALFWorld environment over loaded (or generated) games. `reset(taskId)` starts the game whose id
 * is `taskId` (`<task-dir>/<trial>`; a trailing `/game.tw-pddl` is accepted) and throws `NOT_FOUND` for an
 * unknown id; `step` before `reset` throws `CONFLICT`. An episode ends when the goal is reached (reward 1)
 * or after `maxSteps` commands.
 */
export function createAlfworldEnvironment(options: AlfworldEnvironmentOptions): AlfworldEnvironment {
  const maxSteps = options.maxSteps ?? ALFWORLD_MAX_STEPS;
  if (!Number.isInteger(maxSteps) || maxSteps < 1) {
    throw new MempError('INVALID_ARGUMENT', `maxSteps must be a positive integer, got ${maxSteps}`);
  }
  const withActions = options.admissibleActions ?? true;
  const legacyPut = options.legacyPut ?? false;
  const byId = new Map<string, AlfworldGame>();
  for (const game of options.games) {
    if (byId.has(game.id))
      throw new MempError('CONFLICT', `two ALFWorld games share the id "${game.id}"`, { details: { id: game.id } });
    byId.set(game.id, game);
  }
  let sim: AlfworldSimulator | undefined;
  const find = (taskId: string): AlfworldGame => {
    const id = taskId
      .replace(/\\/g, '/')
      .replace(/\/game\.tw-pddl$/, '')
      .replace(/\/+$/, '');
    const game = byId.get(id);
    if (game === undefined)
      throw new MempError('NOT_FOUND', `no ALFWorld game with id "${taskId}"`, { details: { id: taskId } });
    return game;
  };
  return {
    name: 'alfworld',
    current: () => sim?.game,
    simulator: () => sim,
    gameIds: () => [...byId.keys()],
    async reset(taskId: string): Promise<EnvironmentReset> {
      sim = new AlfworldSimulator({ game: find(taskId), maxSteps, legacyPut });
      const start = sim.reset();
      return withActions ? { ...start, admissibleActions: sim.admissibleActions() } : start;
    },
    async step(action: string): Promise<EnvironmentStep> {
      if (sim === undefined) throw new MempError('CONFLICT', 'ALFWorld environment: step() called before reset()');
      const r = sim.step(action);
      const out: EnvironmentStep = { observation: r.observation, done: r.done, success: r.success, reward: r.reward };
      if (withActions) out.admissibleActions = sim.admissibleActions();
      return out;
    },
  };
}
